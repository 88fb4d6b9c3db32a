/** The messages between the main thread and a worker thread of the pool (src/node/thread.ts). */
import type { ParsedChunk, AnalyzeRest } from '../core/chunks.ts';
import type { CpapAnalysis, CpapErrorCode } from '../core/analyze.ts';

/** A whole file's analysis without its big arrays (the metrics, and the clinical scoring when run). */
export type AnalysisSummary = Omit<CpapAnalysis, 'time' | 'flow'>;

/** Parse bytes [start, end) of a file, cut at line starts; the columns come back transferred. */
export interface ChunkTask {
  kind: 'chunk';
  file: string;
  start: number;
  end: number;
  first: boolean;
}

/** Analyse a whole file in the thread; the result comes back without the big arrays. */
export interface FileTask {
  kind: 'file';
  file: string;
  /** `analyzeColumns`'s options (clinical scoring), passed through. */
  rest: AnalyzeRest;
}

export type Task = ChunkTask | FileTask;

export type Reply =
  | { id: number; progress: number }
  | { id: number; chunk: ParsedChunk }
  | { id: number; result: AnalysisSummary }
  | { id: number; error: { code: CpapErrorCode | 'failed'; message: string } };

export type Request = Task & { id: number };
