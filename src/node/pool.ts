/**
 * A small pool of worker threads (src/node/thread.ts): started on first use up to its size, one task
 * per thread at a time, the rest queued in order. `abort` ends the threads at once (a parse in progress
 * cannot be interrupted otherwise) and fails every task; `close` ends idle threads.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { CpapAnalysisError } from '../core/analyze.ts';
import type { Reply, Request, Task } from './protocol.ts';

/** Threads used when none is asked for: the cores, at most this many (more buys little for one disk). */
export const DEFAULT_MAX_THREADS = 8;
/** The most threads an option may ask for. */
export const MAX_THREADS = 64;

/** The pool size: `requested` when given (1-64), else the available cores capped at DEFAULT_MAX_THREADS. */
export function threadCount(requested?: number): number {
  if (requested === undefined) return Math.max(1, Math.min(DEFAULT_MAX_THREADS, availableParallelism()));
  if (!Number.isInteger(requested) || requested < 1 || requested > MAX_THREADS) {
    throw new RangeError(`threads must be a whole number from 1 to ${MAX_THREADS}, not ${requested}`);
  }
  return requested;
}

/** Where the thread's code is: beside this module, built (.js), or as source (.ts, tests) loaded through tsx. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const THREAD_URL = new URL(FROM_SOURCE ? './thread.ts' : './thread.js', import.meta.url);
/** Under tsx a thread does not inherit its loader: a bootstrap registers it, then loads the thread. */
const SOURCE_BOOT = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(THREAD_URL.href)}); })`;

interface Job {
  request: Request;
  onProgress?: (bytes: number) => void;
  resolve: (reply: Reply) => void;
  reject: (e: Error) => void;
}

export class ThreadPool {
  readonly size: number;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(size: number) {
    this.size = size;
  }

  /** Runs a task on the next free thread; resolves with its final reply (not progress). */
  run(task: Task, onProgress?: (bytes: number) => void): Promise<Reply> {
    if (this.closed) return Promise.reject(aborted());
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { ...task, id: this.nextId++ }, onProgress, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends every thread now: running and queued tasks fail with an 'aborted' error. */
  async abort(): Promise<void> {
    this.closed = true;
    const jobs = [...this.busy.values(), ...this.queue.splice(0)];
    const workers = [...this.busy.keys(), ...this.idle.splice(0)];
    this.busy.clear();
    for (const job of jobs) job.reject(aborted());
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** Ends the threads once the queue is empty (call after the last task settled). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle.splice(0), ...this.busy.keys()].map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker) {
        if (this.busy.size >= this.size) return;
        worker = this.spawn();
      }
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.postMessage(job.request);
    }
  }

  private spawn(): Worker {
    const worker = FROM_SOURCE ? new Worker(SOURCE_BOOT, { eval: true }) : new Worker(THREAD_URL);
    worker.on('message', (reply: Reply) => {
      const job = this.busy.get(worker);
      if (!job || job.request.id !== reply.id) return;
      if ('progress' in reply) {
        job.onProgress?.(reply.progress);
        return;
      }
      this.busy.delete(worker);
      if (!this.closed) this.idle.push(worker);
      else void worker.terminate();
      job.resolve(reply);
      this.dispatch();
    });
    const fail = (e: Error) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      job?.reject(new Error(`analysis thread failed: ${e.message}`));
      void worker.terminate();
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.busy.has(worker)) fail(new Error(`exited with code ${code}`));
    });
    return worker;
  }
}

function aborted(): CpapAnalysisError {
  return new CpapAnalysisError('aborted', 'The analysis was cancelled.');
}
