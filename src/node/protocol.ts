/** The messages between the main thread and a worker thread of the pool (src/node/thread.ts). */
import type { ParsedChunk, AnalyzeRest } from '../core/chunks.ts';
import type { CpapAnalysis, CpapErrorCode, ParseOptions } from '../core/analyze.ts';
import type { ScoringColumns } from '../core/scoring/score.ts';
import type { ClinicalResult, ScoringOptions } from '../core/scoring/types.ts';

/** A whole file's analysis without its big arrays (the metrics, and the clinical scoring when run). */
export type AnalysisSummary = Omit<CpapAnalysis, 'time' | 'flow'>;

/** Parse bytes [start, end) of a file, cut at line starts; the columns come back transferred. */
export interface ChunkTask {
  kind: 'chunk';
  file: string;
  start: number;
  end: number;
  first: boolean;
  parse: ParseOptions;
}

/** Analyse a whole file in the thread; the result comes back without the big arrays. */
export interface FileTask {
  kind: 'file';
  file: string;
  /** `analyzeColumns`'s options (clinical scoring), passed through. */
  rest: AnalyzeRest;
  parse: ParseOptions;
}

/** Score joined columns (on SharedArrayBuffers: read in place) while the calling thread computes the rest. */
export interface ScoreTask {
  kind: 'score';
  columns: ScoringColumns;
  options: ScoringOptions | undefined;
}

export type Task = ChunkTask | FileTask | ScoreTask;

export type Reply =
  | { id: number; progress: number }
  | { id: number; chunk: ParsedChunk }
  | { id: number; result: AnalysisSummary }
  | { id: number; clinical: ClinicalResult; ms: number }
  | { id: number; error: { code: CpapErrorCode; message: string } };

export type Request = Task & { id: number };
