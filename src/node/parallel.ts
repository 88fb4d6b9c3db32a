/**
 * The core on every thread of a Node process: one night cut into chunks parsed in parallel
 * (`analyzeFileParallel`), and many nights spread over a pool, one night per thread at a time
 * (`analyzeMany`): one progress for the set, cancel by AbortSignal, each file's error reported
 * without stopping the others. Small inputs stay on the calling thread, where that is faster.
 */
import { joinChunks, type AnalyzeRest, type ParsedChunk } from '../core/chunks.ts';
import { CpapAnalysisError, analyzeColumns, withClinical, type CpapAnalysis, type ParseOptions } from '../core/analyze.ts';
import { checkScoringOptions } from '../core/scoring/presets.ts';
import type { ClinicalResult, ScoringOptions } from '../core/scoring/types.ts';
import { analyzeFileHere, fileChunkBounds, fileSize, parseFileRange } from './files.ts';
import { ThreadPool, threadCount } from './pool.ts';
import type { AnalysisSummary, Reply } from './protocol.ts';

/**
 * Below this many bytes (one file, or a whole set) the calling thread works alone: a thread's start,
 * its own JIT warm-up and the join cost more than they save. bench/parallel.js ("small files") on the
 * shared 2-core machine: one thread still faster at 8 and 16 MB in every run, 32 MB either way.
 */
export const MIN_PARALLEL_BYTES = 32 << 20;

export interface ParallelOptions {
  /** Threads to use: default the available cores, at most 8 (pool.ts). */
  threads?: number;
  signal?: AbortSignal;
  /** Inputs smaller than this stay on the calling thread. Default MIN_PARALLEL_BYTES. */
  minParallelBytes?: number;
  /** `analyzeColumns`'s options (the clinical scoring's), passed to every analysis. */
  analysisOptions?: AnalyzeRest[number];
  /**
   * Parse with the WebAssembly kernel (core/wasm/lines.ts; the same columns, faster). Default true;
   * false keeps the JavaScript parser (bench/parallel.js compares the two).
   */
  wasm?: boolean;
}

export interface ManyProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

export interface ManyOptions extends ParallelOptions {
  /** One progress for the whole set, after each block read and each file finished. */
  onProgress?: (progress: ManyProgress) => void;
}

/** One file's outcome: its metrics (and clinical scoring), or the error that stopped it (the others go on). */
export type FileResult = ({ file: string } & AnalysisSummary) | { file: string; error: CpapAnalysisError };

const now = () => performance.now();
const rest = (o: ParallelOptions) => (o.analysisOptions === undefined ? [] : [o.analysisOptions]) as AnalyzeRest;
const parseOptions = (o: ParallelOptions): ParseOptions => ({ wasm: o.wasm ?? true });
const aborted = () => new CpapAnalysisError('aborted', 'The analysis was cancelled.');

function checkSignal(signal?: AbortSignal): void {
  if (signal?.aborted) throw aborted();
}

/** A thread's failure as the error the caller sees. */
function fromReply(reply: Reply): CpapAnalysisError | undefined {
  if (!('error' in reply)) return undefined;
  const { code, message } = reply.error;
  return new CpapAnalysisError(code, message);
}

/** Runs `work` with a pool that `signal` aborts; the pool is closed afterwards. */
async function withPool<T>(size: number, signal: AbortSignal | undefined, work: (pool: ThreadPool) => Promise<T>): Promise<T> {
  checkSignal(signal);
  const pool = new ThreadPool(size);
  const onAbort = () => void pool.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await work(pool);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await pool.close();
  }
}

/**
 * One night on several threads: the file is cut at line starts into one chunk per thread, the chunks
 * are parsed in parallel and joined, then analysed here. The result is the single-thread one, field for
 * field (timing aside).
 */
export async function analyzeFileParallel(
  file: string,
  options: ParallelOptions & { onProgress?: (bytesDone: number, bytesTotal: number) => void } = {},
): Promise<CpapAnalysis> {
  checkSignal(options.signal);
  checkScoringOptions(options.analysisOptions?.scoring);
  const threads = threadCount(options.threads);
  const size = fileSize(file);
  let done = 0;
  const onBlock = (n: number) => options.onProgress?.((done += n), size);
  if (threads === 1 || size < (options.minParallelBytes ?? MIN_PARALLEL_BYTES)) return analyzeFileHere(file, rest(options), onBlock, parseOptions(options));
  const startedAt = now();
  const bounds = fileChunkBounds(file, size, headStartCuts(size, threads));
  // The calling thread parses the first chunk while the pool's threads (one fewer) parse the rest.
  return withPool(Math.max(1, bounds.length - 2), options.signal, async (pool) => {
    const pending = bounds
      .slice(1, -1)
      .map((start, k) => pool.run({ kind: 'chunk', file, start, end: bounds[k + 2]!, first: false, parse: parseOptions(options) }, onBlock));
    pending.forEach((p) => p.catch(() => undefined)); // awaited below; a failure here must not go unhandled meanwhile
    // Parsed straight into shared columns with room for the whole file: the join copies only the rest.
    const chunks: ParsedChunk[] = [parseFileRange(file, 0, bounds[1]!, true, onBlock, { ...parseOptions(options), into: { bytes: size, alloc: shared } })];
    for (const reply of await Promise.all(pending)) {
      const error = fromReply(reply);
      if (error) throw error;
      if ('chunk' in reply) chunks.push(reply.chunk);
    }
    checkSignal(options.signal);
    return analyzeJoined(pool, chunks, startedAt, options.analysisOptions?.scoring);
  });
}

/**
 * The calling thread's share of a night over and above an even one: the pool's threads start parsing
 * later (a thread's start and its module load), so with even chunks the calling thread finished its
 * chunk first and waited for the other, 0-100 ms on the night here; with 4-8% more it waited 1-80 ms
 * (4%) or 1 ms (8%) in four runs each.
 */
const HEAD_START = 0.06;

/** Cut positions for `parts` chunks: the first larger by HEAD_START of the file, the rest even. */
function headStartCuts(size: number, parts: number): number[] {
  const first = Math.min(1, 1 / parts + HEAD_START) * size;
  return Array.from({ length: parts - 1 }, (_, k) => first + ((size - first) * k) / (parts - 1));
}

/** Column storage that the pool's threads read in place. */
const shared = (length: number) => new Float64Array(new SharedArrayBuffer(length * 8));

/**
 * The joined night's analysis as `analyzeColumns` gives it, the clinical scoring computed by a thread
 * of the pool while this thread computes the legacy metrics (both read the shared columns).
 */
async function analyzeJoined(
  pool: ThreadPool,
  chunks: ParsedChunk[],
  startedAt: number,
  scoring: ScoringOptions | false | undefined,
): Promise<CpapAnalysis> {
  const timing = { parseMs: now() - startedAt, startedAt };
  const { columns, summary } = joinChunks(chunks, shared, true);
  if (scoring === false || columns.time.length === 0) return analyzeColumns(columns, summary, timing, { scoring });
  const { time, flow, flow2, pressure } = columns;
  const scored = pool.run({ kind: 'score', columns: { time, flow, flow2, pressure }, options: scoring });
  scored.catch(() => undefined); // awaited below, after the legacy metrics
  const legacy = analyzeColumns(columns, summary, timing, { scoring: false });
  const reply = await scored;
  const error = fromReply(reply);
  if (error) throw error;
  const { clinical, ms } = reply as { clinical: ClinicalResult; ms: number };
  return withClinical(legacy, clinical, ms, startedAt);
}

/**
 * Many nights at once, one per thread at a time (so no more nights in memory than threads); a single
 * file is cut into chunks instead. Resolves with one result per file, in the given order; rejects only
 * when cancelled.
 */
export async function analyzeMany(files: string[], options: ManyOptions = {}): Promise<FileResult[]> {
  checkSignal(options.signal);
  checkScoringOptions(options.analysisOptions?.scoring); // a bad preset or vent curve fails the call at once
  const threads = threadCount(options.threads);
  const sizes = files.map((f) => {
    try {
      return fileSize(f);
    } catch {
      return 0; // reported when its turn comes
    }
  });
  const progress: ManyProgress = { bytesDone: 0, bytesTotal: sizes.reduce((a, b) => a + b, 0), filesDone: 0, filesTotal: files.length };
  const report = () => options.onProgress?.({ ...progress });
  const onBlock = (n: number) => {
    progress.bytesDone += n;
    report();
  };
  const settle = (file: string, outcome: AnalysisSummary | CpapAnalysisError): FileResult => {
    progress.filesDone++;
    report();
    return outcome instanceof CpapAnalysisError ? { file, error: outcome } : { file, ...outcome };
  };
  const summary = ({ time, flow, ...result }: CpapAnalysis): AnalysisSummary => result;
  const asError = (e: unknown) =>
    e instanceof CpapAnalysisError ? e : new CpapAnalysisError('read-failed', e instanceof Error ? e.message : String(e));

  if (files.length === 1 && threads > 1) {
    try {
      const onProgress = (bytesDone: number) => {
        progress.bytesDone = bytesDone;
        report();
      };
      const analysis = await analyzeFileParallel(files[0]!, { ...options, onProgress });
      return [settle(files[0]!, summary(analysis))];
    } catch (e) {
      if (e instanceof CpapAnalysisError && e.code === 'aborted') throw e;
      return [settle(files[0]!, asError(e))];
    }
  }
  if (threads === 1 || progress.bytesTotal < (options.minParallelBytes ?? MIN_PARALLEL_BYTES)) {
    const results: FileResult[] = [];
    for (const file of files) {
      checkSignal(options.signal);
      try {
        results.push(settle(file, summary(analyzeFileHere(file, rest(options), onBlock, parseOptions(options)))));
      } catch (e) {
        results.push(settle(file, asError(e)));
      }
      await new Promise((r) => setImmediate(r)); // let a cancel in
    }
    return results;
  }
  return withPool(Math.min(threads, files.length), options.signal, async (pool) => {
    const results = await Promise.all(
      files.map(async (file) => {
        try {
          const reply = await pool.run({ kind: 'file', file, rest: rest(options), parse: parseOptions(options) }, onBlock);
          return settle(file, fromReply(reply) ?? (reply as { result: AnalysisSummary }).result);
        } catch (e) {
          if (options.signal?.aborted) throw aborted();
          return settle(file, asError(e)); // a thread that died: this file only
        }
      }),
    );
    checkSignal(options.signal);
    return results;
  }).catch((e) => {
    throw options.signal?.aborted ? aborted() : e;
  });
}
