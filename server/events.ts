import type { ServerResponse } from 'node:http';
import type { Storage, StoredEvent } from './storage/index.ts';
import { SERVER_EVENTS } from '../src/patient-api/contract.ts';

/** Replay at most this many events on resume; a client further behind reloads the list instead. */
const maxReplay = 5000;
const slowClientBytes = 1 << 20;
const replaySliceChars = 64 * 1024;

interface Subscriber {
  res: ServerResponse;
  room: number | null;
  /** Live events held back while the replay is read (null once live). */
  held: StoredEvent[] | null;
}

function frame(e: StoredEvent): string {
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${e.data}\n\n`;
}

/**
 * Server-sent events written straight to Node's ServerResponse: no web-stream pair per client, which
 * keeps an open stream at a few KB. The storage is async, so a new stream subscribes first with live
 * events held back, reads the replay, then sends the held events above the replay's last id: no event
 * falls between the replay and the live feed, and none is sent twice.
 */
export class EventHub {
  private readonly subscribers = new Set<Subscriber>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly store: Storage,
    heartbeatSeconds: number,
  ) {
    this.heartbeat = setInterval(() => this.beat(), heartbeatSeconds * 1000);
    this.heartbeat.unref();
  }

  get size(): number {
    return this.subscribers.size;
  }

  /** Takes over the response: headers, optional replay after `lastEventId`, then live events. */
  async open(res: ServerResponse, headers: Record<string, string>, room: number | null, lastEventId: number | null): Promise<void> {
    res.writeHead(200, {
      ...headers,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
    res.socket?.setNoDelay(true);
    // No timeout on an idle stream: heartbeats keep proxies from closing it.
    res.socket?.setTimeout(0);
    const sub: Subscriber = { res, room, held: [] };
    this.subscribers.add(sub);
    res.on('close', () => this.subscribers.delete(sub));
    let out = 'retry: 3000\n\n';
    try {
      // Everything up to `cursor` is covered: replayed, or from before a fresh client connected.
      let cursor: number;
      if (lastEventId === null) cursor = await this.store.lastEventId();
      else {
        const missed = await this.store.eventsAfter(lastEventId, maxReplay + 1);
        const oldest = await this.store.firstEventId();
        if (missed.length > maxReplay || (oldest !== null && lastEventId < oldest - 1)) {
          // Too far behind, or the log was pruned past the client's id: a partial replay would look
          // complete, so tell the client to reload the lists instead.
          out += `event: ${SERVER_EVENTS.reset}\ndata: {}\n\n`;
          cursor = await this.store.lastEventId();
        } else {
          cursor = missed.length ? missed[missed.length - 1]!.id : Math.max(lastEventId, await this.store.lastEventId());
          for (const e of missed) {
            if (room !== null && e.room_number !== room) continue;
            out += frame(e);
            // Written in slices: the replay is never built as one string.
            if (out.length >= replaySliceChars) {
              res.write(out);
              out = '';
            }
          }
        }
      }
      // An id with no data sets the client's Last-Event-ID without dispatching an event, so a client
      // that reconnects before any event still resumes from the moment it first connected.
      out += `id: ${cursor}\n\n`;
      for (const e of sub.held!) if (e.id > cursor) out += frame(e);
      sub.held = null;
      res.write(out);
    } catch {
      // The headers are sent: no error answer is possible. Cut the stream; the client retries.
      this.subscribers.delete(sub);
      res.destroy();
    }
  }

  publish(events: StoredEvent[]): void {
    for (const e of events) {
      const text = frame(e);
      for (const s of this.subscribers) {
        if (s.room !== null && s.room !== e.room_number) continue;
        if (s.held) {
          s.held.push(e);
          continue;
        }
        // A client that stopped reading would make us buffer without bound; drop it, it can resume.
        if (s.res.writableLength > slowClientBytes) s.res.destroy();
        else s.res.write(text);
      }
    }
  }

  private beat(): void {
    for (const s of this.subscribers) if (!s.held) s.res.write(': heartbeat\n\n');
  }

  /** Ends every stream (shutdown); EventSource clients reconnect and resume elsewhere or later. */
  closeAll(): void {
    clearInterval(this.heartbeat);
    for (const s of this.subscribers) s.res.end();
    this.subscribers.clear();
  }
}
