/**
 * The whole analysis of one CPAP file: stream bytes in with `push`, then `finish` for the metrics
 * and the time/flow columns. Plain TypeScript with no DOM: it runs the same in the worker, in Node
 * (the CLI) and in tests.
 */
import { CpapParser, type InvalidLine, type CpapRowSink, type ParseSummary, type ParserOptions } from './parse.ts';
import { wasmLines, type RowBlockSink } from './wasm/lines.ts';
import { ventFlow, ADC_ZERO, CMH2O_PER_COUNT } from './flow.ts';
import { findPeaksBothWays } from './peaks.ts';
import { pairBreaths, apneaSpans } from './breaths.ts';
import { simpson } from './integrate.ts';
import { CpapAnalysisError } from './errors.ts';
import { scoreClinical } from './scoring/score.ts';
import { checkScoringOptions } from './scoring/presets.ts';
import type { ClinicalResult, ScoringOptions } from './scoring/types.ts';

export { CpapAnalysisError } from './errors.ts';
export type { CpapErrorCode } from './errors.ts';

/** The analysis contract's peak settings (../shared/spec/cpap-analysis.md). */
export const INSPIRATION_PEAKS = { height: 0.0001, distance: 80, width: 20 } as const;
export const EXPIRATION_PEAKS = { height: 0.00005, distance: 80, width: 20 } as const;
export const APNEA_MIN_GAP_S = 10;

export interface CpapMetrics {
  /** Valid data lines. */
  samples: number;
  /** Last valid time minus first valid time, s. */
  duration: number;
  breaths: number;
  /** breaths / (duration / 60); null when the duration is 0. */
  breath_rate_bpm: number | null;
  breath_times: number[];
  apnea_count: number;
  /** Gaps between breaths longer than 10 s, as [start, end] in s. */
  apnea_spans: Array<[number, number]>;
  /** Integral of flow over time, litres. */
  leakage: number;
  flow_min: number;
  flow_max: number;
  invalid_line_count: number;
  /** Skipped lines with reasons (the first 1000; all are counted in invalid_line_count). */
  invalid_lines: InvalidLine[];
  warnings: string[];
  bytes: number;
  /**
   * analysis_ms: the legacy metrics; scoring_ms: the clinical scoring (0 when skipped); parser: what
   * parsed the plain lines, the WebAssembly kernel (`wasm` option) or JavaScript.
   */
  timing: { parse_ms: number; analysis_ms: number; scoring_ms: number; total_ms: number; parser: 'wasm' | 'js' };
}

export interface CpapAnalysis {
  metrics: CpapMetrics;
  time: Float64Array;
  flow: Float64Array;
  /** The clinical scoring (cpap-scoring.md); absent when the options skip it (`scoring: false`). */
  clinical?: ClinicalResult;
}

/** The parsed recording as columns, one entry per valid row: what the analysis reads. */
export interface CpapColumns {
  /** s */
  time: Float64Array;
  /** Venturi 1 (patient side) flow, m^3/s, positive toward the patient; 0 where undefined. */
  flow: Float64Array;
  /** Venturi 2 (CPAP side) flow, m^3/s; 0 where undefined (it clips at 0 in real files). */
  flow2: Float64Array;
  /** Mask pressure, venturi 1 p2, cmH2O. */
  pressure: Float64Array;
  /** Rows whose venturi 1 pressure difference was negative: their flow was stored as 0. */
  negativeUnderRoot: number;
}

/** Appends each row's columns into typed arrays that grow geometrically. */
export class FlowColumns implements CpapRowSink, RowBlockSink {
  time: Float64Array;
  flow: Float64Array;
  flow2: Float64Array;
  pressure: Float64Array;
  length = 0;
  negativeUnderRoot = 0;

  /** `alloc` makes each column (for example on a SharedArrayBuffer), here and when they grow. */
  private readonly alloc: (length: number) => Float64Array;

  constructor(capacity: number, alloc: (length: number) => Float64Array = (length) => new Float64Array(length)) {
    this.alloc = alloc;
    const n = Math.max(1024, capacity);
    this.time = alloc(n);
    this.flow = alloc(n);
    this.flow2 = alloc(n);
    this.pressure = alloc(n);
  }

  row(time: number, p2: number, p1Ins: number, p1Exp: number, v2p2: number, v2p1Ins: number, v2p1Exp: number): void {
    if (this.length === this.time.length) this.grow();
    let q = ventFlow(p2, p1Ins, p1Exp);
    if (q !== q) {
      q = 0;
      this.negativeUnderRoot++;
    }
    const q2 = ventFlow(v2p2, v2p1Ins, v2p1Exp);
    const k = this.length++;
    this.time[k] = time;
    this.flow[k] = q;
    this.flow2[k] = q2 === q2 ? q2 : 0;
    this.pressure[k] = (p2 - ADC_ZERO) * CMH2O_PER_COUNT;
  }

  /** Appends `rows` rows given as four column blocks of `stride` doubles from `at` in `from`. */
  appendRows(from: Float64Array, at: number, stride: number, rows: number, negatives: number): void {
    while (this.length + rows > this.time.length) this.grow();
    const k = this.length;
    this.time.set(from.subarray(at, at + rows), k);
    this.flow.set(from.subarray(at + stride, at + stride + rows), k);
    this.flow2.set(from.subarray(at + 2 * stride, at + 2 * stride + rows), k);
    this.pressure.set(from.subarray(at + 3 * stride, at + 3 * stride + rows), k);
    this.length += rows;
    this.negativeUnderRoot += negatives;
  }

  private grow(): void {
    const cap = Math.ceil(this.time.length * 1.5);
    const grown = (a: Float64Array) => {
      const b = this.alloc(cap);
      b.set(a);
      return b;
    };
    this.time = grown(this.time);
    this.flow = grown(this.flow);
    this.flow2 = grown(this.flow2);
    this.pressure = grown(this.pressure);
  }

  /**
   * The filled part; copies only when the estimate overshot by more than an eighth (a view keeps the
   * unused tail alive, a copy of a night's four columns costs ~90 MB of writes); `view`: never copies.
   */
  take(view = false): CpapColumns {
    const n = this.length;
    const waste = this.time.length - n;
    const cut = view || waste < 4096 || waste * 8 < this.time.length
      ? (a: Float64Array) => a.subarray(0, n)
      : (a: Float64Array) => a.slice(0, n);
    return {
      time: cut(this.time),
      flow: cut(this.flow),
      flow2: cut(this.flow2),
      pressure: cut(this.pressure),
      negativeUnderRoot: this.negativeUnderRoot,
    };
  }
}

/** What `analyzeColumns` computes beside the legacy metrics. */
export interface ColumnsOptions {
  /** The clinical scoring's options (default: the `aasm` preset, no vent curve); `false` skips it. */
  scoring?: ScoringOptions | false;
}

/** How the bytes are parsed. */
export interface ParseOptions {
  /**
   * Parse plain lines with the WebAssembly kernel where WebAssembly runs (core/wasm/lines.ts): the same
   * columns, about twice as fast. Default false: a page's CSP may refuse WebAssembly ('wasm-unsafe-eval').
   * Node's threads and the CLI turn it on.
   */
  wasm?: boolean;
}

/** A parser into `columns` with the options' fast path. */
export function columnsParser(columns: FlowColumns, options: ParseOptions & ParserOptions = {}): CpapParser {
  const { wasm, ...rest } = options;
  return new CpapParser(columns, { ...rest, fastLines: wasm ? wasmLines(columns) : undefined });
}

export interface AnalysisOptions extends ColumnsOptions, ParseOptions {
  /** Total size if known (File.size): sizes the columns once instead of growing them. */
  expectedBytes?: number;
}

/** Bytes per line in real files is about 38; a low estimate only costs a regrow. */
export const BYTES_PER_LINE_ESTIMATE = 36;

export class CpapAnalyzer {
  private readonly columns: FlowColumns;
  private readonly parser: CpapParser;
  private readonly started = now();
  private parseMs = 0;
  private readonly scoring: ScoringOptions | false | undefined;

  constructor(options: AnalysisOptions = {}) {
    checkScoringOptions(options.scoring);
    this.scoring = options.scoring;
    const expected = options.expectedBytes ?? 0;
    this.columns = new FlowColumns(Math.ceil(expected / BYTES_PER_LINE_ESTIMATE) + 16);
    this.parser = columnsParser(this.columns, { wasm: options.wasm });
  }

  push(chunk: Uint8Array): void {
    const t0 = now();
    this.parser.push(chunk);
    this.parseMs += now() - t0;
  }

  finish(): CpapAnalysis {
    const t0 = now();
    const summary = this.parser.finish();
    this.parseMs += now() - t0;
    return analyzeColumns(this.columns.take(), summary, { parseMs: this.parseMs, startedAt: this.started }, { scoring: this.scoring });
  }
}

/** How long the columns took to produce, for the metrics' timing. */
export interface ColumnsTiming {
  parseMs: number;
  /** `performance.now()` when reading began. */
  startedAt: number;
}

/**
 * The metrics of a parsed recording: every path that produces columns (the streaming parser, a
 * parallel parse joined in order) ends here, so they agree field for field.
 */
export function analyzeColumns(cols: CpapColumns, summary: ParseSummary, timing: ColumnsTiming, options: ColumnsOptions = {}): CpapAnalysis {
  const t1 = now();
  if (summary.bytes === 0) throw new CpapAnalysisError('empty', 'The file is empty.');
  const { time, flow } = cols;
  const n = time.length;
  if (n === 0) {
    const why = summary.lines <= 1
      ? 'it has no data lines after the header'
      : `none of its ${summary.lines - 1} data lines is valid` +
        (summary.invalidLines[0] ? ` (line ${summary.invalidLines[0].line}: ${summary.invalidLines[0].reason})` : '');
    throw new CpapAnalysisError('no-data', `No CPAP data found: ${why}.`);
  }
  const warnings: string[] = [];
  if (cols.negativeUnderRoot > 0) {
    warnings.push(
      `${cols.negativeUnderRoot} sample(s) had a negative pressure difference under the square root; their flow was set to 0.`,
    );
  }
  if (summary.invalidLineCount > summary.invalidLines.length) {
    warnings.push(
      `${summary.invalidLineCount} invalid lines were skipped; the first ${summary.invalidLines.length} are listed.`,
    );
  }

  const duration = time[n - 1] - time[0];
  const peaks = findPeaksBothWays(flow, INSPIRATION_PEAKS, EXPIRATION_PEAKS);
  const inspiration = peaks.up.peaks;
  const expiration = peaks.down.peaks;
  const breathTimes = pairBreaths(time, flow, inspiration, expiration);
  const spans = apneaSpans(breathTimes, APNEA_MIN_GAP_S);
  const leakage = simpson(flow, time) * 1000;
  if (leakage < 0) warnings.push(`Leakage is negative (${leakage.toFixed(3)} L): more air flowed out than in.`);
  if (!(duration > 0)) warnings.push('The recording has no duration (one time point, or equal times): no breath rate.');
  const analysisMs = now() - t1;
  const t2 = now();
  const clinical = options.scoring === false ? undefined : scoreClinical(cols, options.scoring);
  const scoringMs = clinical ? now() - t2 : 0;
  const metrics: CpapMetrics = {
    samples: n,
    duration,
    breaths: breathTimes.length,
    breath_rate_bpm: duration > 0 ? breathTimes.length / (duration / 60) : null,
    breath_times: breathTimes,
    apnea_count: spans.length,
    apnea_spans: spans,
    leakage,
    flow_min: peaks.min,
    flow_max: peaks.max,
    invalid_line_count: summary.invalidLineCount,
    invalid_lines: summary.invalidLines,
    warnings,
    bytes: summary.bytes,
    timing: { parse_ms: round(timing.parseMs), analysis_ms: round(analysisMs), scoring_ms: round(scoringMs), total_ms: round(now() - timing.startedAt), parser: summary.fastRows > 0 ? 'wasm' : 'js' },
  };
  return clinical ? { metrics, time, flow, clinical } : { metrics, time, flow };
}

/**
 * A night's legacy analysis (computed with `scoring: false`) joined with its clinical scoring computed
 * at the same time on another thread: the scoring's own time in `scoring_ms`, and `total_ms` from
 * `startedAt` (this thread's clock, when reading began) to now.
 */
export function withClinical<T extends CpapAnalysis>(legacy: T, clinical: ClinicalResult, scoringMs: number, startedAt: number): T {
  const timing = { ...legacy.metrics.timing, scoring_ms: round(scoringMs), total_ms: round(now() - startedAt) };
  return { ...legacy, metrics: { ...legacy.metrics, timing }, clinical };
}

/** Analyses a whole file held in memory (tests, small inputs). */
export function analyzeCpapBytes(bytes: Uint8Array, options: ColumnsOptions & ParseOptions = {}): CpapAnalysis {
  const a = new CpapAnalyzer({ ...options, expectedBytes: bytes.length });
  a.push(bytes);
  return a.finish();
}

export interface StreamOptions extends AnalysisOptions {
  /** Called with bytes read so far (and the total when known), once per chunk read. */
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  signal?: AbortSignal;
  /** Whether cancellation was asked for by other means (a flag set by a message, in the worker). */
  isCancelled?: () => boolean;
}

/** Analyses a stream of byte chunks (a `ReadableStream`, a Node stream, any async iterable). */
export async function analyzeCpapStream(
  chunks: AsyncIterable<Uint8Array>,
  options: StreamOptions = {},
): Promise<CpapAnalysis> {
  const analyzer = new CpapAnalyzer(options);
  let read = 0;
  const check = () => {
    if (options.signal?.aborted || options.isCancelled?.()) {
      throw new CpapAnalysisError('aborted', 'The analysis was cancelled.');
    }
  };
  check();
  try {
    for await (const chunk of chunks) {
      check();
      analyzer.push(chunk);
      read += chunk.length;
      options.onProgress?.(read, options.expectedBytes);
    }
  } catch (e) {
    if (e instanceof CpapAnalysisError) throw e;
    throw new CpapAnalysisError('read-failed', `The file could not be read: ${(e as Error)?.message ?? e}`);
  }
  check();
  return analyzer.finish();
}

/** Iterates a WHATWG ReadableStream; stopping early (an error, a cancel) cancels the stream. */
export async function* readStreamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) {
        done = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

function now(): number {
  return globalThis.performance?.now?.() ?? Date.now();
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
