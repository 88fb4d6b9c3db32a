/**
 * A small pool of analysis workers on the page: each worker runs one call at a time; a call waits
 * for a free worker, and a worker is started only when every started one is busy and the pool is
 * not full. Every worker starts the same way as the one worker did (`startWorker`: plain on the
 * page's origin, through the blob: shim from another), so the pool works wherever one worker works.
 */
import { wrap, releaseProxy, type Remote } from 'comlink';
import { startWorker, workerUrl } from './start.ts';
import type { AnalysisWorkerApi } from './protocol.ts';

/** The default pool's upper bound: past it the serial analysis after the parallel parse dominates. */
export const MAX_WORKERS = 4;

/** Workers for this machine: `navigator.hardwareConcurrency`, at least 1, at most {@link MAX_WORKERS}. */
export function defaultPoolSize(): number {
  const cores = typeof navigator === 'undefined' ? 1 : navigator.hardwareConcurrency || 1;
  return Math.max(1, Math.min(MAX_WORKERS, cores));
}

export type AnalysisRemote = Remote<AnalysisWorkerApi>;

interface Slot {
  worker: Worker;
  remote: AnalysisRemote;
  /** Rejects the call running on it (a crash or a stop). */
  fail: ((error: Error) => void) | null;
}

interface Waiting {
  go: (slot: Slot) => void;
  fail: (error: Error) => void;
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly idle: Slot[] = [];
  private readonly waiting: Waiting[] = [];

  /** `size`: the most workers it starts (at least 1). `onSettled` runs after every call. */
  constructor(
    readonly size: number,
    private readonly onSettled: () => void = () => undefined,
  ) {
    this.size = Math.max(1, Math.floor(size) || 1);
  }

  /** Workers started and not stopped. */
  get started(): number {
    return this.slots.size;
  }

  /** Calls running or waiting for a worker. */
  get pending(): number {
    return this.slots.size - this.idle.length + this.waiting.length;
  }

  /** Runs `call` on a free worker; rejected if that worker crashes or the pool is stopped meanwhile. */
  run<T>(call: (remote: AnalysisRemote) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const go = (slot: Slot) => {
        const end = () => {
          if (slot.fail !== fail) return false;
          slot.fail = null;
          if (this.slots.has(slot)) this.idle.push(slot);
          this.next();
          return true;
        };
        const fail = (error: Error) => {
          slot.fail = null;
          reject(error);
        };
        slot.fail = fail;
        call(slot.remote).then(
          (value) => end() && resolve(value),
          (error: unknown) => end() && reject(error),
        ).finally(this.onSettled);
      };
      this.waiting.push({ go, fail: reject });
      this.next();
    });
  }

  /** Stops every worker now: running and waiting calls are rejected with `error`. */
  stop(error: Error): void {
    for (const w of this.waiting.splice(0)) w.fail(error);
    for (const slot of [...this.slots]) this.drop(slot, error);
  }

  private next(): void {
    while (this.waiting.length > 0) {
      const slot = this.idle.pop() ?? (this.slots.size < this.size ? this.start() : null);
      if (!slot) return;
      this.waiting.shift()!.go(slot);
    }
  }

  private start(): Slot {
    const worker = startWorker();
    const slot: Slot = { worker, remote: wrap<AnalysisWorkerApi>(worker), fail: null };
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      // An error without a message is a worker that never loaded: say where it was looked for and the fix.
      this.crashed(
        slot,
        new Error(
          event.message
            ? `The analysis worker crashed: ${event.message}`
            : `The analysis worker could not be started from ${workerUrl().href}: the file is missing, not a JavaScript module, or blocked by the page's Content-Security-Policy (worker-src). If your host or bundler moves the library's files, serve analysis.worker.js and call setWorkerUrl() with its address.`,
        ),
      );
    });
    worker.addEventListener('messageerror', () => this.crashed(slot, new Error('The analysis worker sent an unreadable message.')));
    this.slots.add(slot);
    return slot;
  }

  private crashed(slot: Slot, error: Error): void {
    if (!this.slots.has(slot)) return;
    this.drop(slot, error);
    // A worker that never loads fails every waiting call too, instead of starting again and again.
    if (this.slots.size === 0) for (const w of this.waiting.splice(0)) w.fail(error);
    this.next();
    this.onSettled();
  }

  private drop(slot: Slot, error: Error): void {
    this.slots.delete(slot);
    const i = this.idle.indexOf(slot);
    if (i >= 0) this.idle.splice(i, 1);
    slot.fail?.(error);
    slot.remote[releaseProxy]();
    slot.worker.terminate();
  }
}
