/**
 * Page side of the analysis workers: a small pool (one worker per core, at most four by default),
 * started on first use and terminated when the last holder releases it. A large File/Blob is cut
 * into one byte range per worker, which moves its ends to line starts and reads it slice by slice
 * (`Blob.slice`: no worker holds the whole file); the parsed columns are transferred (never copied)
 * to one worker that joins them in order and computes the metrics while another scores them
 * (parallel.ts, loaded with the first large file): the same result as one worker, field for field.
 * Smaller files, bytes and URLs go to one worker. The page only passes messages: the workers, all
 * started as the one worker always was (`startWorker`), do every byte of the work. A crashed worker
 * is replaced on the next job; a cancelled job leaves the pool ready for the next one.
 */
import { proxy } from 'comlink';
import { CpapAnalysisError } from '../core/errors.ts';
import type { SyntheticCpapOptions } from '../core/synthetic.ts';
import type { ScoringOptions } from '../core/scoring/types.ts';
import { WorkerPool, defaultPoolSize, type AnalysisRemote } from './pool.ts';
import type { CpapSource, WorkerAnalysisResult, WorkerJobOptions, WorkerOutcome, WorkerProgress } from './protocol.ts';

type WorkerFailure = Extract<WorkerOutcome, { ok: false }>;

export type { CpapSource, WorkerProgress as AnalysisProgress, WorkerAnalysisResult as AnalysisResult } from './protocol.ts';
export { MAX_WORKERS, defaultPoolSize } from './pool.ts';

export interface AnalyzeOptions {
  onProgress?: (progress: WorkerProgress) => void;
  signal?: AbortSignal;
  /** Buckets of the returned min/max envelope, about the chart's width in pixels. Default 2048. */
  envelopeWidth?: number;
  /** false: one worker even for a large File/Blob (default: a large one is parsed over the pool). */
  split?: boolean;
  /** false: `time` and `flow` come back empty (metrics and envelope only, for many nights). */
  columns?: boolean;
  /** The clinical scoring's options (preset, mask vent curve); default `aasm`; false skips it. */
  scoring?: ScoringOptions | false;
  /**
   * Parse with the WebAssembly kernel: the same results, the parse about twice as fast (bench/core.js).
   * Default false, since a page's CSP must allow it (`script-src 'wasm-unsafe-eval'`); where WebAssembly
   * is refused the worker parses in JavaScript, as without the option.
   */
  wasm?: boolean;
}

export interface CpapWorkerClientOptions {
  /** Workers in the pool. Default: `navigator.hardwareConcurrency`, at most {@link MAX_WORKERS}. */
  workers?: number;
  /** A File/Blob is split only into ranges of at least this many bytes. Default 8 MB. */
  minChunkBytes?: number;
}

/** Below two of these a night stays on one worker: starting and joining would cost more than it saves. */
export const MIN_CHUNK_BYTES = 8 << 20;

/** The rejection of a cancelled analysis. */
export function abortError(): DOMException {
  return new DOMException('The analysis was cancelled.', 'AbortError');
}

/** A worker's answer as a value, or its error as the exception the caller expects. */
export function unwrap<T extends { ok: true }>(outcome: T | WorkerFailure): T {
  if (outcome.ok) return outcome;
  const { error } = outcome;
  throw error.code === 'aborted' ? abortError() : new CpapAnalysisError(error.code, error.message);
}

/** Runs a call of one job on a pool worker (the job's id passed in), so a cancel reaches it. */
export type OnWorker = <R>(call: (remote: AnalysisRemote, jobId: number) => PromiseLike<R>) => Promise<R>;

export class CpapWorkerClient {
  private readonly pool: WorkerPool;
  private readonly minChunkBytes: number;
  private nextJob = 1;
  private jobs = 0;
  private holders = 0;

  constructor(options: CpapWorkerClientOptions = {}) {
    this.pool = new WorkerPool(options.workers ?? defaultPoolSize(), () => this.terminateIfIdle());
    this.minChunkBytes = Math.max(1, options.minChunkBytes ?? MIN_CHUNK_BYTES);
  }

  /** The most workers this client runs at once. */
  get workers(): number {
    return this.pool.size;
  }

  /** Declares a user of the workers (an element, a page); pair with `release()`. */
  acquire(): this {
    this.holders++;
    return this;
  }

  /** The workers are terminated once no holder remains and no job runs. */
  release(): void {
    this.holders = Math.max(0, this.holders - 1);
    this.terminateIfIdle();
  }

  /** Whether a worker thread currently exists (for tests and diagnostics). */
  get isRunning(): boolean {
    return this.pool.started > 0;
  }

  /** Analyses a CPAP file: metrics, the time/flow columns (transferred) and an envelope. */
  async analyze(source: CpapSource, options: AnalyzeOptions = {}): Promise<WorkerAnalysisResult> {
    if (options.signal?.aborted) throw abortError();
    // The worker resolves relative URLs against its own script; resolve them against the page.
    const input = typeof source === 'string' || source instanceof URL ? new URL(String(source), document.baseURI).href : source;
    const jobOptions: WorkerJobOptions = { envelopeWidth: options.envelopeWidth ?? 2048, columns: options.columns, scoring: options.scoring, wasm: options.wasm };
    const ranges = input instanceof Blob && options.split !== false ? Math.min(this.pool.size, Math.floor(input.size / this.minChunkBytes)) : 1;
    return this.job(options.signal, async (on) => {
      // The parallel path is loaded with the first large file: pages that never see one never load it.
      if (ranges > 1) return (await import('./parallel.ts')).analyzeInRanges(input as Blob, ranges, jobOptions, on, options.onProgress);
      const onProgress = options.onProgress ? proxy(options.onProgress) : undefined;
      return (await on(async (remote, id) => unwrap(await remote.analyze(id, input, jobOptions, onProgress)))).result;
    });
  }

  /** A synthetic recording generated in a worker (the page does no work for it). */
  async generateSample(options: SyntheticCpapOptions, fileName: string, signal?: AbortSignal): Promise<File> {
    signal?.throwIfAborted();
    const file = await this.job(undefined, (on) => on((remote) => remote.generateSample(options, fileName)));
    signal?.throwIfAborted();
    return file;
  }

  /**
   * Starts every worker of the pool (loading the analysis code) and waits for a round-trip from each,
   * so the next analysis pays no start-up. Workers nobody holds are stopped again afterwards.
   */
  async warm(): Promise<void> {
    await this.job(undefined, (on) => Promise.all(Array.from({ length: this.pool.size }, () => on((remote) => remote.ping()))));
  }

  /** Stops the workers now; running jobs are rejected. */
  terminate(): void {
    this.pool.stop(new Error('The analysis worker was stopped.'));
  }

  /**
   * One job: its calls run on pool workers under one id. A cancel (the signal) rejects it at once
   * and tells every worker running one of its calls; a failure cancels its other calls.
   */
  private job<T>(signal: AbortSignal | undefined, work: (on: OnWorker) => Promise<T>): Promise<T> {
    const jobId = this.nextJob++;
    const running = new Set<AnalysisRemote>();
    let stopped = false;
    const stop = () => {
      stopped = true;
      // A stopped worker's proxy throws at once: a cancel is best effort.
      for (const remote of running) void Promise.resolve().then(() => remote.cancel(jobId)).catch(() => undefined);
    };
    const on: OnWorker = (call) =>
      this.pool.run(async (remote) => {
        if (stopped) throw abortError();
        running.add(remote);
        try {
          return await call(remote, jobId);
        } finally {
          running.delete(remote);
        }
      });
    this.jobs++;
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        stop();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      work(on)
        .then(resolve, (e: unknown) => {
          stop();
          reject(e);
        })
        .finally(() => {
          signal?.removeEventListener('abort', onAbort);
          this.jobs--;
          this.terminateIfIdle();
        });
    });
  }

  private terminateIfIdle(): void {
    if (this.holders === 0 && this.jobs === 0 && this.pool.pending === 0 && this.pool.started > 0) this.terminate();
  }
}

let shared: CpapWorkerClient | null = null;

/** The page's shared analysis worker client. */
export function sharedCpapWorker(): CpapWorkerClient {
  shared ??= new CpapWorkerClient();
  return shared;
}

/** Analyses `source` in the shared worker (started for the job and stopped after it if nobody holds it). */
export function analyzeCpap(source: CpapSource, options?: AnalyzeOptions): Promise<WorkerAnalysisResult> {
  return sharedCpapWorker().analyze(source, options);
}
