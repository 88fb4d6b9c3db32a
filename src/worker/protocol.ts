/** The one typed protocol between the page and the analysis worker. */
import type { CpapMetrics } from '../core/analyze.ts';
import type { CpapErrorCode } from '../core/errors.ts';
import type { SyntheticCpapOptions } from '../core/synthetic.ts';
import type { FlowEnvelope } from '../core/envelope.ts';
import type { ParsedChunk } from '../core/chunks.ts';
import type { ClinicalResult, ScoringOptions } from '../core/scoring/types.ts';

/** What can be analysed: a File/Blob (read in the worker), bytes, or a URL the worker fetches. */
export type CpapSource = Blob | ArrayBuffer | Uint8Array | URL | string;

export interface WorkerProgress {
  /** Fraction of bytes read, 0..1 (0 while the size is unknown). */
  fraction: number;
  bytes: number;
  totalBytes?: number;
}

export interface WorkerJobOptions {
  /** Buckets of the min/max envelope returned for drawing (about the chart's pixel width). */
  envelopeWidth: number;
  /** false: the result's time/flow columns are left empty (many nights: metrics and envelope only). */
  columns?: boolean;
  /** The clinical scoring's options (default: `aasm`, no vent curve); false skips the scoring. */
  scoring?: ScoringOptions | false;
  /** Parse with the WebAssembly kernel (see `AnalyzeOptions.wasm`). */
  wasm?: boolean;
}

export interface WorkerAnalysisResult {
  metrics: CpapMetrics;
  time: Float64Array;
  flow: Float64Array;
  envelope: FlowEnvelope;
  /** The clinical scoring (its typed arrays transferred); absent when the job skipped it. */
  clinical?: ClinicalResult;
}

/** Errors cross the boundary as data: comlink would keep only the message of a thrown Error. */
export type WorkerOutcome =
  | { ok: true; result: WorkerAnalysisResult }
  | { ok: false; error: { code: CpapErrorCode; message: string } };

/**
 * A byte range of a night parsed into parts (columns transferred), for a parallel parse; `copies`:
 * the parts' time and flow again (flow2 and pressure empty), when asked for a second worker.
 */
export type WorkerChunkOutcome =
  | { ok: true; parts: ParsedChunk[]; copies: ParsedChunk[] }
  | { ok: false; error: { code: CpapErrorCode; message: string } };

/** The clinical scoring of a night's parts, computed beside the metrics on another worker. */
export type WorkerScoringOutcome =
  | { ok: true; clinical: ClinicalResult; scoringMs: number }
  | { ok: false; error: { code: CpapErrorCode; message: string } };

export interface AnalysisWorkerApi {
  analyze(
    jobId: number,
    source: CpapSource,
    options: WorkerJobOptions,
    onProgress?: (p: WorkerProgress) => void,
  ): Promise<WorkerOutcome>;
  cancel(jobId: number): void;
  /**
   * Parses the lines that start in bytes [start, end) of `blob` into parts, in file order, read slice
   * by slice: one worker's share of a parallel parse (the ranges of a file meet at `start`/`end`).
   * The job's `scoring` is checked before anything is read (unless false, `copies` are made too);
   * `wasm` parses with the WebAssembly kernel where it runs.
   */
  parseRange(
    jobId: number,
    blob: Blob,
    start: number,
    end: number,
    onProgress: ((bytesRead: number) => void) | undefined,
    options: Pick<WorkerJobOptions, 'scoring' | 'wasm'>,
  ): Promise<WorkerChunkOutcome>;
  /** Joins every part of a night, in file order, and analyses it (`parseMs`: the parallel parse's wall time). */
  analyzeParts(jobId: number, parts: ParsedChunk[], options: WorkerJobOptions, parseMs: number): Promise<WorkerOutcome>;
  /** Joins the parts and scores them clinically (only): the other half of `analyzeParts(..., { scoring: false })`. */
  scoreParts(jobId: number, parts: ParsedChunk[], scoring: ScoringOptions | undefined): Promise<WorkerScoringOutcome>;
  /** A synthetic CPAP recording as a File, generated off the page (demo data, stories, benchmarks). */
  generateSample(options: SyntheticCpapOptions, fileName: string): Promise<File>;
  /** A trivial round-trip: answers once the worker (and the analysis code in it) has loaded. */
  ping(): Promise<'pong'>;
}
