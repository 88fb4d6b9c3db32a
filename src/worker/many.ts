/**
 * Many nights at once (a ward's morning): the files spread over the worker pool, one file per
 * worker, never more files in flight than workers (memory stays bounded however many files), one
 * progress for the whole set, one cancel, and each file's error reported without stopping the others.
 */
import { CpapAnalysisError } from '../core/errors.ts';
import { abortError, sharedCpapWorker, type CpapWorkerClient } from './client.ts';
import type { CpapSource, WorkerAnalysisResult } from './protocol.ts';

/** One night's result without its time/flow columns (kept small: a ward is many nights). */
export type NightResult = Omit<WorkerAnalysisResult, 'time' | 'flow'>;

/** One file of the set: its result, or why it failed. */
export type NightOutcome =
  | { index: number; name: string; ok: true; result: NightResult }
  | { index: number; name: string; ok: false; error: CpapAnalysisError | Error };

/** Progress of the whole set. */
export interface ManyProgress {
  /** 0..1 over the whole set: bytes when every size is known (Files, bytes), else files. */
  fraction: number;
  /** Files finished, successfully or not. */
  done: number;
  /** Files that failed so far. */
  failed: number;
  /** Files in the set. */
  files: number;
}

export interface AnalyzeManyOptions {
  /** The set's progress (throttled by the workers, at most a few calls per file and 50 ms). */
  onProgress?: (progress: ManyProgress) => void;
  /** Called as each file finishes, in the order they finish. */
  onNight?: (outcome: NightOutcome) => void;
  /** Cancels the set: running files are stopped, waiting ones never start; the call rejects with an AbortError. */
  signal?: AbortSignal;
  /** Buckets of each night's min/max envelope. Default 512. */
  envelopeWidth?: number;
  /** The client whose pool runs the set. Default the page's shared client. */
  client?: CpapWorkerClient;
  /** Parse with the WebAssembly kernel where the page's CSP allows it (see `AnalyzeOptions.wasm`). */
  wasm?: boolean;
}

function sizeOf(source: CpapSource): number | undefined {
  if (source instanceof Blob) return source.size;
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) return source.byteLength;
  return undefined;
}

function nameOf(source: CpapSource, index: number): string {
  if (typeof File !== 'undefined' && source instanceof File) return source.name;
  if (typeof source === 'string' || source instanceof URL) return String(source);
  return `#${index + 1}`;
}

/**
 * Analyses several CPAP files over the worker pool and resolves with one outcome per file, in the
 * files' order: `ok` with the metrics and envelope, or the file's error (a bad file does not stop
 * the others). Rejects only when cancelled (an `AbortError` `DOMException`).
 *
 * @example
 * const outcomes = await analyzeMany(input.files, { onProgress: (p) => (bar.value = p.fraction), signal });
 * for (const o of outcomes) console.log(o.name, o.ok ? o.result.metrics.breaths : o.error.message);
 */
export async function analyzeMany(files: Iterable<CpapSource>, options: AnalyzeManyOptions = {}): Promise<NightOutcome[]> {
  const sources = [...files];
  const { signal, onProgress, onNight } = options;
  if (signal?.aborted) throw abortError();
  const client = (options.client ?? sharedCpapWorker()).acquire();
  const sizes = sources.map(sizeOf);
  const weights = sizes.every((s) => s !== undefined) ? (sizes as number[]).map((s) => Math.max(1, s)) : sources.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const fractions = sources.map(() => 0);
  const outcomes: NightOutcome[] = new Array(sources.length);
  let done = 0, failed = 0;
  const report = () =>
    onProgress?.({
      fraction: total > 0 ? fractions.reduce((sum, f, i) => sum + f * weights[i]!, 0) / total : 1,
      done,
      failed,
      files: sources.length,
    });

  let next = 0;
  const lane = async () => {
    while (next < sources.length && !signal?.aborted) {
      const index = next++;
      const source = sources[index]!;
      const name = nameOf(source, index);
      let outcome: NightOutcome;
      try {
        const { time: _t, flow: _f, ...result } = await client.analyze(source, {
          signal,
          split: false,
          columns: false,
          wasm: options.wasm,
          envelopeWidth: options.envelopeWidth ?? 512,
          onProgress: (p) => {
            fractions[index] = p.fraction;
            report();
          },
        });
        outcome = { index, name, ok: true, result };
      } catch (e) {
        if (signal?.aborted) return;
        outcome = { index, name, ok: false, error: e instanceof Error ? e : new Error(String(e)) };
        failed++;
      }
      fractions[index] = 1;
      done++;
      outcomes[index] = outcome;
      onNight?.(outcome);
      report();
    }
  };
  try {
    // One lane per worker: no more nights in memory than workers.
    await Promise.all(Array.from({ length: Math.min(client.workers, sources.length) }, lane));
  } finally {
    client.release();
  }
  if (signal?.aborted) throw abortError();
  return outcomes;
}
