/**
 * Page side of the analysis worker. One worker is shared by every caller on the page, started on
 * first use and terminated when the last holder releases it. A crashed worker is replaced on the
 * next job; a cancelled job leaves the worker ready for the next one.
 */
import { wrap, proxy, releaseProxy, type Remote } from 'comlink';
import { CpapAnalysisError } from '../core/errors.ts';
import type { SyntheticCpapOptions } from '../core/synthetic.ts';
import { startWorker, workerUrl } from './start.ts';
import type { AnalysisWorkerApi, CpapSource, WorkerAnalysisResult, WorkerProgress } from './protocol.ts';

export type { CpapSource, WorkerProgress as AnalysisProgress, WorkerAnalysisResult as AnalysisResult } from './protocol.ts';

export interface AnalyzeOptions {
  onProgress?: (progress: WorkerProgress) => void;
  signal?: AbortSignal;
  /** Buckets of the returned min/max envelope, about the chart's width in pixels. Default 2048. */
  envelopeWidth?: number;
}

interface Running {
  reject: (reason: unknown) => void;
}

function abortError(): DOMException {
  return new DOMException('The analysis was cancelled.', 'AbortError');
}

export class CpapWorkerClient {
  private worker: Worker | null = null;
  private remote: Remote<AnalysisWorkerApi> | null = null;
  private nextJob = 1;
  private readonly running = new Map<number, Running>();
  private holders = 0;

  /** Declares a user of the worker (an element, a page); pair with `release()`. */
  acquire(): this {
    this.holders++;
    return this;
  }

  /** The worker is terminated once no holder remains and no job runs. */
  release(): void {
    this.holders = Math.max(0, this.holders - 1);
    this.terminateIfIdle();
  }

  /** Whether a worker thread currently exists (for tests and diagnostics). */
  get isRunning(): boolean {
    return this.worker !== null;
  }

  /** Analyses a CPAP file in the worker: metrics, the time/flow columns (transferred) and an envelope. */
  async analyze(source: CpapSource, options: AnalyzeOptions = {}): Promise<WorkerAnalysisResult> {
    const { signal } = options;
    if (signal?.aborted) throw abortError();
    // The worker resolves relative URLs against its own script; resolve them against the page.
    if (typeof source === 'string' || source instanceof URL) source = new URL(String(source), document.baseURI).href;
    const remote = this.connect();
    const jobId = this.nextJob++;
    const onProgress = options.onProgress ? proxy(options.onProgress) : undefined;
    return new Promise<WorkerAnalysisResult>((resolve, reject) => {
      const settle = () => {
        this.running.delete(jobId);
        signal?.removeEventListener('abort', onAbort);
        this.terminateIfIdle();
      };
      const onAbort = () => {
        void remote.cancel(jobId).catch(() => undefined);
        settle();
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.running.set(jobId, {
        reject: (reason) => {
          settle();
          reject(reason);
        },
      });
      remote
        .analyze(jobId, source, { envelopeWidth: options.envelopeWidth ?? 2048 }, onProgress)
        .then((outcome) => {
          if (!this.running.has(jobId)) return; // cancelled or crashed meanwhile
          settle();
          if (outcome.ok) resolve(outcome.result);
          else if (outcome.error.code === 'aborted') reject(abortError());
          else reject(new CpapAnalysisError(outcome.error.code, outcome.error.message));
        })
        .catch((e: unknown) => {
          if (!this.running.has(jobId)) return;
          this.running.get(jobId)!.reject(e);
        });
    });
  }

  /** A synthetic recording generated in the worker (the page does no work for it). */
  async generateSample(options: SyntheticCpapOptions, fileName: string, signal?: AbortSignal): Promise<File> {
    signal?.throwIfAborted();
    const file = await this.connect().generateSample(options, fileName);
    signal?.throwIfAborted();
    return file;
  }

  /**
   * Starts the worker (loading the analysis code) and waits for a round-trip, so the next analysis
   * pays no start-up. A worker nobody holds is stopped again afterwards.
   */
  async warm(): Promise<void> {
    await this.connect().ping();
    this.terminateIfIdle();
  }

  /** Stops the worker now; running jobs are rejected. */
  terminate(): void {
    const error = new Error('The analysis worker was stopped.');
    for (const job of [...this.running.values()]) job.reject(error);
    this.remote?.[releaseProxy]();
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }

  private connect(): Remote<AnalysisWorkerApi> {
    if (this.remote) return this.remote;
    const worker = startWorker();
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      // An error without a message is a worker that never loaded: say where it was looked for and the fix.
      this.crashed(
        new Error(
          event.message
            ? `The analysis worker crashed: ${event.message}`
            : `The analysis worker could not be started from ${workerUrl().href}: the file is missing, not a JavaScript module, or blocked by the page's Content-Security-Policy (worker-src). If your host or bundler moves the library's files, serve analysis.worker.js and call setWorkerUrl() with its address.`,
        ),
      );
    });
    worker.addEventListener('messageerror', () => this.crashed(new Error('The analysis worker sent an unreadable message.')));
    this.worker = worker;
    this.remote = wrap<AnalysisWorkerApi>(worker);
    return this.remote;
  }

  private crashed(error: Error): void {
    for (const job of [...this.running.values()]) job.reject(error);
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }

  private terminateIfIdle(): void {
    if (this.holders === 0 && this.running.size === 0 && this.worker) this.terminate();
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
