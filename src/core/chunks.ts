/**
 * The parallel parse's core: a file is cut at line starts into chunks, each chunk is parsed on its own
 * (in any thread) into columns and a chunk-relative summary, and the parts are joined in file order into
 * the same columns and summary as the single-thread parser, then analysed by the one `analyzeColumns`.
 * No threads here: Node's worker_threads and the browser's Web Workers both call these functions.
 */
import type { CpapParser, InvalidLine, ParseSummary } from './parse.ts';
import { BYTES_PER_LINE_ESTIMATE, FlowColumns, analyzeColumns, columnsParser, type ParseOptions, type CpapAnalysis, type CpapColumns, type ColumnsTiming } from './analyze.ts';

/** One chunk parsed: its columns and its summary, line numbers counted from the chunk's first line. */
export interface ParsedChunk {
  columns: CpapColumns;
  summary: ParseSummary;
}

/** Each chunk lists this many invalid lines at most: the joined list keeps the file's first 1000. */
export const MAX_REPORTED_INVALID_LINES = 1000;

/**
 * The start of the first line that begins at or after `pos`: `pos` itself when it is 0, the file's end,
 * or just after a '\n'; else just after the next '\n' (a cut inside a CRLF, a BOM or any line moves to
 * the next line's start).
 */
export function lineStartAtOrAfter(bytes: Uint8Array, pos: number): number {
  if (pos <= 0) return 0;
  if (pos >= bytes.length) return bytes.length;
  if (bytes[pos - 1] === 10) return pos;
  const nl = bytes.indexOf(10, pos);
  return nl < 0 ? bytes.length : nl + 1;
}

/**
 * Chunk boundaries for cuts wanted at byte positions `cuts` (any order, any value): the sorted line
 * starts `[0, ..., bytes.length]` with no empty chunk, so chunk k is `bytes.subarray(b[k], b[k + 1])`.
 */
export function chunkBounds(bytes: Uint8Array, cuts: number[]): number[] {
  const bounds = [0];
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const b = lineStartAtOrAfter(bytes, cut);
    if (b > bounds[bounds.length - 1]! && b < bytes.length) bounds.push(b);
  }
  if (bytes.length > 0) bounds.push(bytes.length);
  return bounds;
}

/** Boundaries for `parts` chunks of about equal size. */
export function evenChunkBounds(bytes: Uint8Array, parts: number): number[] {
  const n = Math.max(1, Math.floor(parts));
  return chunkBounds(bytes, Array.from({ length: n - 1 }, (_, k) => Math.round(((k + 1) * bytes.length) / n)));
}

/**
 * Parses one chunk fed in pieces of any size: `first` for the chunk that starts the file (its header
 * and BOM). A chunk other than the last ends with '\n', as `chunkBounds` cuts them. The columns are
 * sized once for `bytes`.
 */
/** A chunk's parse: `alloc` makes each column (for example on a SharedArrayBuffer). */
export interface ChunkOptions extends ParseOptions {
  alloc?: (length: number) => Float64Array;
}

export class ChunkParser {
  private readonly columns: FlowColumns;
  private readonly parser: CpapParser;

  constructor(first: boolean, bytes: number, { alloc, ...parse }: ChunkOptions = {}) {
    this.columns = new FlowColumns(Math.ceil(bytes / BYTES_PER_LINE_ESTIMATE) + 16, alloc);
    this.parser = columnsParser(this.columns, { ...parse, continues: !first, maxReportedInvalidLines: MAX_REPORTED_INVALID_LINES });
  }

  push(bytes: Uint8Array): void {
    this.parser.push(bytes);
  }

  /** The chunk's columns (`view`: views of the filled part, never copies) and summary. */
  finish(view = false): ParsedChunk {
    const summary = this.parser.finish();
    return { columns: this.columns.take(view), summary };
  }
}

/** Parses one chunk held whole in memory. */
export function parseChunk(bytes: Uint8Array, first: boolean, options: ParseOptions = {}): ParsedChunk {
  const parser = new ChunkParser(first, bytes.length, options);
  parser.push(bytes);
  return parser.finish();
}

/**
 * Joins parsed chunks, in file order, into the single-thread parser's columns and summary. `alloc`
 * makes each column (for example on a SharedArrayBuffer, for threads that read them without a copy).
 */
export function joinChunks(
  chunks: ParsedChunk[],
  alloc?: (length: number) => Float64Array,
  firstInPlace = false,
): { columns: CpapColumns; summary: ParseSummary } {
  // One chunk is the whole file: its columns as they are (no copy of a night's columns).
  if (chunks.length === 1 && !alloc) return { columns: chunks[0]!.columns, summary: { ...chunks[0]!.summary } };
  const make = alloc ?? ((length: number) => new Float64Array(length));
  let n = 0;
  for (const c of chunks) n += c.columns.time.length;
  // `firstInPlace`: the first chunk's columns were made by `alloc`; when their buffers have room for
  // every row, the joined columns are views of them from the start and only the other chunks are copied.
  const f = chunks[0]?.columns;
  const room = (a: Float64Array) => a.byteOffset === 0 && a.buffer.byteLength >= n * 8;
  const reuse = !!alloc && firstInPlace && !!f && room(f.time) && room(f.flow) && room(f.flow2) && room(f.pressure);
  const view = (a: Float64Array) => new Float64Array(a.buffer, 0, n);
  const time = reuse ? view(f.time) : make(n), flow = reuse ? view(f.flow) : make(n);
  const flow2 = reuse ? view(f.flow2) : make(n), pressure = reuse ? view(f.pressure) : make(n);
  const invalidLines: InvalidLine[] = [];
  let at = 0, lines = 0, rows = 0, fastRows = 0, bytes = 0, invalidLineCount = 0, negativeUnderRoot = 0;
  for (const { columns: c, summary: s } of chunks) {
    if (!(reuse && at === 0 && c === f)) {
      time.set(c.time, at);
      flow.set(c.flow, at);
      flow2.set(c.flow2, at);
      pressure.set(c.pressure, at);
    }
    at += c.time.length;
    negativeUnderRoot += c.negativeUnderRoot;
    for (const bad of s.invalidLines) {
      if (invalidLines.length >= MAX_REPORTED_INVALID_LINES) break;
      invalidLines.push({ line: bad.line + lines, reason: bad.reason });
    }
    lines += s.lines;
    rows += s.rows;
    fastRows += s.fastRows;
    bytes += s.bytes;
    invalidLineCount += s.invalidLineCount;
  }
  const hadHeader = chunks.length > 0 && chunks[0]!.summary.hadHeader;
  return {
    columns: { time, flow, flow2, pressure, negativeUnderRoot },
    summary: { rows, lines, bytes, invalidLineCount, invalidLines, hadHeader, fastRows },
  };
}

/** The buffers of parts' columns (each once), to transfer to another thread rather than copy. */
export function partBuffers(parts: ParsedChunk[]): ArrayBuffer[] {
  return [...new Set(parts.flatMap(({ columns: c }) => [c.time.buffer, c.flow.buffer, c.flow2.buffer, c.pressure.buffer]))] as ArrayBuffer[];
}

/** The rest of `analyzeColumns`'s arguments after the timing (its options, when it has some). */
export type AnalyzeRest = Parameters<typeof analyzeColumns> extends [unknown, unknown, unknown, ...infer R] ? R : [];

/** Joins parsed chunks and analyses them: the parallel path's one step to the metrics. */
export function analyzeChunks(chunks: ParsedChunk[], timing: ColumnsTiming, ...rest: AnalyzeRest): CpapAnalysis {
  const { columns, summary } = joinChunks(chunks);
  return analyzeColumns(columns, summary, timing, ...rest);
}

/** The whole parallel path on one thread (tests, and the reference for the threaded ones). */
export function analyzeBytesInChunks(bytes: Uint8Array, bounds: number[], ...rest: AnalyzeRest): CpapAnalysis {
  const startedAt = globalThis.performance?.now?.() ?? Date.now();
  const chunks: ParsedChunk[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) chunks.push(parseChunk(bytes.subarray(bounds[k], bounds[k + 1]), k === 0));
  if (chunks.length === 0) chunks.push(parseChunk(bytes, true));
  const parseMs = (globalThis.performance?.now?.() ?? Date.now()) - startedAt;
  return analyzeChunks(chunks, { parseMs, startedAt }, ...rest);
}
