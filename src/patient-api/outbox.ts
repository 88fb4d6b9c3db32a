/**
 * Uploads that must not be lost: each is written to IndexedDB before it is sent, and removed only
 * when the server has answered 200. An upload that fails because the server is unreachable stays,
 * shown as pending, and is retried with exponential backoff, after a reload too, and at once when the
 * browser's `online` event says the network is back. A Web Lock makes
 * one tab at a time deliver, so two tabs never send the same entry.
 */
import type { PatientUpload } from './contract.ts';

export interface OutboxEntry {
  id: string;
  /** Base URL of the server it goes to. */
  server: string;
  upload: PatientUpload;
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  /** The dashboard (state key) that queued it: each shows its own entries; any delivers all. */
  owner: string;
  /** Why the last attempt failed. */
  lastError?: string;
  /** Refused by the server (a 4xx): kept for the user to see, not retried. */
  rejected?: boolean;
}

export type DeliveryResult = { ok: true; message: string } | { ok: false; retryable: boolean; message: string };

/** What became of one entry: delivered (stored by the server), or kept with the reason. */
export interface SendOutcome {
  delivered: boolean;
  message: string;
  entry: OutboxEntry;
}

const DB_NAME = 'data-app-elements-outbox';
const STORE = 'uploads';
const CHANGED = 'data-app-elements-outbox-changed';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

let dbPromise: Promise<IDBDatabase> | null = null;
function openDb(): Promise<IDBDatabase> {
  dbPromise ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => {
      const db = req.result;
      // Let a newer version (another tab) or a deletion proceed; the next call opens it again.
      db.onversionchange = () => {
        db.close();
        dbPromise = null;
      };
      db.onclose = () => (dbPromise = null);
      resolve(db);
    };
    req.onerror = () => {
      dbPromise = null;
      reject(req.error);
    };
  });
  return dbPromise;
}

async function tx<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  const t = db.transaction(STORE, mode);
  const result = request(fn(t.objectStore(STORE)));
  await new Promise<void>((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
  });
  return result;
}

/** Backoff after `attempts` failures: 2, 4, 8 ... seconds, at most a minute, with jitter. */
export function retryDelayMs(attempts: number): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.min(attempts, 6));
  return base * (0.8 + 0.4 * Math.random());
}

export class UploadOutbox {
  private readonly server: string;
  private readonly owner: string;
  private readonly deliver: (upload: PatientUpload, id: string) => Promise<DeliveryResult>;
  private readonly channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANGED) : null;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private flushing: Promise<void> | null = null;
  /** Fates of the entries a `send` waits for, until it collects them. */
  private readonly outcomes = new Map<string, SendOutcome | null>();
  private closed = false;
  /** The browser says the network is back: every waiting entry is tried at once, not at its backoff. */
  private readonly online = () => void this.flush(true);

  /**
   * `deliver` sends one upload and says how it went; `id` is stable across retries, so a server that
   * honours an idempotency key stores an entry once even if an answer was lost. Entries are per server.
   */
  constructor(server: string, owner: string, deliver: (upload: PatientUpload, id: string) => Promise<DeliveryResult>) {
    this.server = server;
    this.owner = owner;
    this.deliver = deliver;
    this.channel?.addEventListener('message', () => this.changed(false));
    if (typeof addEventListener === 'function') addEventListener('online', this.online);
  }

  /** Called after any change to the outbox, in this tab or another. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** This server's entries, oldest first; with `mine`, only those this owner queued. */
  async entries(mine = false): Promise<OutboxEntry[]> {
    const all = await tx<OutboxEntry[]>('readonly', (s) => s.getAll() as IDBRequest<OutboxEntry[]>);
    return all
      .filter((e) => e.server === this.server && (!mine || e.owner === this.owner))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Stores the upload, then tries to deliver everything due. Resolves with the entry's fate. */
  async send(upload: PatientUpload): Promise<SendOutcome> {
    const entry: OutboxEntry = {
      id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`,
      server: this.server,
      owner: this.owner,
      upload,
      createdAt: Date.now(),
      attempts: 0,
      nextAttemptAt: 0,
    };
    this.outcomes.set(entry.id, null);
    await tx('readwrite', (s) => s.put(entry));
    this.changed(true);
    // A flush that was already running may deliver it first: its fate is recorded either way.
    await this.flush();
    const outcome = this.outcomes.get(entry.id);
    this.outcomes.delete(entry.id);
    if (outcome) return outcome;
    const kept = (await this.entries()).find((e) => e.id === entry.id);
    return kept
      ? { delivered: false, message: 'Queued: another tab is delivering the outbox.', entry: kept }
      : { delivered: true, message: 'Delivered by another tab.', entry };
  }

  /** Forgets a (rejected) entry. */
  async discard(id: string): Promise<void> {
    await tx('readwrite', (s) => s.delete(id));
    this.changed(true);
  }

  /** Delivers every due entry now, or with `all` every entry not refused (one flush at a time, one tab at a time). */
  flush(all = false): Promise<void> {
    const run = async () => {
      const work = async () => {
        for (const entry of await this.entries()) {
          if (this.closed) return;
          if (entry.rejected || (!all && entry.nextAttemptAt > Date.now())) continue;
          const result = await this.deliver(entry.upload, entry.id).catch(
            (e: unknown): DeliveryResult => ({ ok: false, retryable: true, message: String((e as Error)?.message ?? e) }),
          );
          if (result.ok) {
            await tx('readwrite', (s) => s.delete(entry.id));
          } else {
            entry.attempts++;
            entry.lastError = result.message;
            entry.rejected = !result.retryable;
            entry.nextAttemptAt = Date.now() + retryDelayMs(entry.attempts);
            await tx('readwrite', (s) => s.put(entry));
          }
          if (this.outcomes.has(entry.id)) this.outcomes.set(entry.id, { delivered: result.ok, message: result.message, entry });
          this.changed(true);
        }
      };
      if (typeof navigator !== 'undefined' && navigator.locks) {
        await navigator.locks.request(`${DB_NAME}:${this.server}`, work);
      } else {
        await work();
      }
      await this.schedule();
    };
    const previous = this.flushing ?? Promise.resolve();
    const next = previous.then(run, run);
    this.flushing = next.then(() => undefined, () => undefined);
    return next;
  }

  /** Stops retrying (the element went away); entries stay for the next time. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    if (typeof removeEventListener === 'function') removeEventListener('online', this.online);
    this.channel?.close();
    this.listeners.clear();
  }

  private async schedule(): Promise<void> {
    clearTimeout(this.timer);
    if (this.closed) return;
    const due = (await this.entries()).filter((e) => !e.rejected).map((e) => e.nextAttemptAt);
    if (due.length === 0) return;
    const wait = Math.max(250, Math.min(...due) - Date.now());
    this.timer = setTimeout(() => void this.flush(), wait);
  }

  private changed(local: boolean): void {
    if (local) this.channel?.postMessage('changed');
    for (const l of this.listeners) l();
  }
}
