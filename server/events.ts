import type { ServerResponse } from 'node:http';
import type { Storage, StoredEvent } from './storage/types.ts';
import { SERVER_EVENTS } from '../src/patient-api/contract.ts';

/** Replay at most this many events on resume; a client further behind reloads the list instead. */
const maxReplay = 5000;
const slowClientBytes = 1 << 20;
const replaySliceChars = 64 * 1024;
/** Events read per query when catching up with the database. */
const pumpBatch = 1000;

/** What the hub reads: the event log, and (on a shared database) word of other processes' commits. */
export type EventLog = Pick<Storage, 'eventsAfter' | 'firstEventId' | 'lastEventId' | 'watchCommits'>;

interface Subscriber {
  res: ServerResponse;
  room: number | null;
  /** The newest event id this client has been sent or told about; later events only go out. */
  cursor: number;
  /** Live events held while the replay is read from the database; null once live. */
  pending: StoredEvent[] | null;
}

function frame(e: StoredEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${e.data}\n\n`;
}

/**
 * Server-sent events written straight to Node's ServerResponse: no web-stream pair per client, which
 * keeps an open stream at a few KB.
 *
 * Every event reaches the streams through one ordered feed: `last` is the newest id delivered, and an
 * event goes out only if its id is above it. This process's writes are delivered at once when they
 * follow `last` directly; otherwise, and whenever another instance on the same PostgreSQL commits
 * (`watchCommits`, LISTEN/NOTIFY), the hub reads `eventsAfter(last)` from the database. Ids are
 * global and commit in order (storage/types.ts), so reading "after last" never skips one, and a
 * client may resume with `Last-Event-ID` on any instance: the replay comes from the database. On
 * SQLite there is one process and no watcher: its own writes are the whole feed.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly heartbeat: NodeJS.Timeout;
  /** The newest event id delivered to the streams (or present when the hub started). */
  private last = 0;
  private starting: Promise<void> | null = null;
  private started = false;
  private shared = false;
  private unwatch: (() => Promise<void>) | null = null;
  private pumping = false;
  private pumpAgain = false;

  constructor(
    private readonly store: EventLog,
    heartbeatSeconds: number,
    /** Told when reading the log fails (the feed retries on the next commit or heartbeat). */
    private readonly onError: (e: unknown) => void = () => {},
  ) {
    this.heartbeat = setInterval(() => this.beat(), heartbeatSeconds * 1000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Reads the newest id and, on a shared database, starts following other instances. Before serving. */
  start(): Promise<void> {
    return (this.starting ??= (async () => {
      try {
        this.last = await this.store.lastEventId();
        if (this.store.watchCommits) {
          this.unwatch = await this.store.watchCommits((id) => this.noticed(id));
          this.shared = true;
        }
        this.started = true;
        // Commits between reading `last` and listening sent their notice before we listened.
        if (this.shared) this.pump();
      } catch (e) {
        // The next stream tries again (the database may be back by then).
        this.starting = null;
        throw e;
      }
    })());
  }

  /** Takes over the response: headers, optional replay after `lastEventId`, then live events. */
  open(res: ServerResponse, headers: Record<string, string>, room: number | null, lastEventId: number | null): void {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    // No timeout on an idle stream: heartbeats keep proxies from closing it.
    res.socket?.setTimeout(0);
    if (!this.started) {
      this.start().then(
        () => this.attach(res, room, lastEventId),
        () => res.destroy(),
      );
    } else {
      this.attach(res, room, lastEventId);
    }
  }

  private attach(res: ServerResponse, room: number | null, lastEventId: number | null): void {
    if (res.destroyed) return;
    // Behind this hub: a replay. Ahead of it: from an instance further on, or from another database
    // (a restored backup); the database says which.
    const replay = lastEventId !== null && lastEventId !== this.last;
    // Subscribed before the replay is read: whatever is delivered meanwhile waits in `pending`.
    const sub: Subscriber = { res, room, cursor: lastEventId ?? this.last, pending: replay ? [] : null };
    this.subscribers.add(sub);
    res.on('close', () => this.subscribers.delete(sub));
    if (!replay) {
      // An id with no data sets the client's Last-Event-ID without dispatching an event, so a client
      // that reconnects before any event still resumes from the moment it first connected.
      res.write(`retry: 3000\n\nid: ${sub.cursor}\n\n`);
      return;
    }
    this.replay(sub, lastEventId).catch((e: unknown) => {
      this.onError(e);
      // The headers are sent: no error answer is possible. Cut the stream; the client retries.
      this.subscribers.delete(sub);
      res.destroy();
    });
  }

  private async replay(sub: Subscriber, after: number): Promise<void> {
    const reset = `event: ${SERVER_EVENTS.reset}\ndata: {}\n\n`;
    let out = 'retry: 3000\n\n';
    const newest = await this.store.lastEventId();
    const missed = after < newest ? await this.store.eventsAfter(after, maxReplay + 1) : [];
    const oldest = after < newest ? await this.store.firstEventId() : null;
    if (after > newest) {
      // An id this database never gave out (a restored backup, another server's database): waiting
      // for ids to pass it would hide every event until then, so start the client over.
      out += reset;
      sub.cursor = newest;
    } else if (missed.length > maxReplay || (oldest !== null && after < oldest - 1)) {
      // Too far behind, or the log was pruned past the client's id: a partial replay would look
      // complete, so tell the client to reload the lists instead, and go on from the newest id.
      out += reset;
      sub.cursor = newest;
    } else {
      sub.cursor = after;
      for (const e of missed) {
        sub.cursor = e.id;
        if (sub.room !== null && e.room_number !== sub.room) continue;
        out += frame(e);
        // Written in slices: the replay is never built as one string.
        if (out.length >= replaySliceChars) {
          sub.res.write(out);
          out = '';
        }
      }
    }
    // What was delivered live during the replay and is newer than it, then live.
    for (const e of sub.pending ?? []) {
      if (e.id <= sub.cursor) continue;
      sub.cursor = e.id;
      if (sub.room === null || e.room_number === sub.room) out += frame(e);
    }
    sub.pending = null;
    out += `id: ${sub.cursor}\n\n`;
    sub.res.write(out);
  }

  /** This process's committed events: delivered at once when they follow the feed, else read back. */
  publish(events: StoredEvent[]): void {
    if (events.length === 0) return;
    if (this.started && !this.pumping && events[0]!.id === this.last + 1) this.deliver(events);
    else this.pump();
  }

  private deliver(events: StoredEvent[]): void {
    for (const e of events) {
      if (e.id <= this.last) continue;
      this.last = e.id;
      const text = frame(e);
      for (const s of this.subscribers) {
        if (s.pending) {
          s.pending.push(e);
          continue;
        }
        if (e.id <= s.cursor) continue;
        s.cursor = e.id;
        if (s.room !== null && s.room !== e.room_number) continue;
        // A client that stopped reading would make us buffer without bound; drop it, it can resume.
        if (s.res.writableLength > slowClientBytes) s.res.destroy();
        else s.res.write(text);
      }
    }
  }

  /** Another process committed events up to `id` (null: unknown, read to be sure). */
  private noticed(id: number | null): void {
    // An id already delivered (this process's own write) needs no read.
    if (id !== null && id <= this.last) return;
    // No stream open and no read under way: nobody to send the rows to, so skip them. Ids commit in
    // order, so every event up to `id` is in the database for a later replay.
    if (id !== null && this.subscribers.size === 0 && !this.pumping) {
      this.last = id;
      return;
    }
    this.pump();
  }

  /** Reads and delivers every committed event after `last`; one reader at a time, re-run if asked meanwhile. */
  private pump(): void {
    if (!this.started && !this.starting) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void (async () => {
      try {
        await this.starting;
        do {
          this.pumpAgain = false;
          for (;;) {
            const batch = await this.store.eventsAfter(this.last, pumpBatch);
            this.deliver(batch);
            if (batch.length < pumpBatch) break;
          }
        } while (this.pumpAgain);
      } catch (e) {
        this.onError(e);
      } finally {
        this.pumping = false;
      }
    })();
  }

  private beat(): void {
    for (const s of this.subscribers) if (!s.pending) s.res.write(': heartbeat\n\n');
    // On a shared database, a missed notice (a reconnect of the listening connection) costs at most
    // one heartbeat of delay.
    if (this.shared) this.pump();
  }

  /** Ends every stream (shutdown); EventSource clients reconnect and resume elsewhere or later. */
  async closeAll(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const s of this.subscribers) s.res.end();
    this.subscribers.clear();
    const unwatch = this.unwatch;
    this.unwatch = null;
    await unwatch?.().catch(this.onError);
  }
}
