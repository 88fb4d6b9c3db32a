/**
 * Reading CPAP files from disk for the threads: a byte range parsed block by block (never the whole
 * file in memory), and the line starts where a file is cut into chunks. Synchronous: it runs in a
 * worker thread, or on the main thread for small files.
 */
import fs from 'node:fs';
import { CpapAnalysisError, type CpapAnalysis, type ParseOptions } from '../core/analyze.ts';
import { ChunkParser, analyzeChunks, lineStartAtOrAfter, type AnalyzeRest, type ParsedChunk } from '../core/chunks.ts';

/** Bytes read per block: large enough to amortise the call, small enough to keep memory flat. */
const BLOCK_BYTES = 4 << 20;

/** The size of a readable regular file, or the CLI's one-line read error. */
export function fileSize(file: string): number {
  try {
    const s = fs.statSync(file);
    if (!s.isFile()) throw new Error('not a regular file');
    return s.size;
  } catch (e) {
    throw readError(file, e);
  }
}

function readError(file: string, e: unknown): CpapAnalysisError {
  return new CpapAnalysisError('read-failed', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
}

/** How a byte range is parsed: with the WebAssembly kernel or not, and into which columns. */
export interface RangeOptions extends ParseOptions {
  /**
   * Columns made by `alloc` with room for `bytes` (the whole file's rows, so a join can leave them in
   * place), returned as views of the filled part.
   */
  into?: { bytes: number; alloc: (length: number) => Float64Array };
}

/**
 * Parses bytes [start, end) of a file cut at line starts (`first` when start is the file's start);
 * `onBlock` gets the bytes of each block read. The columns are sized from the range once.
 */
export function parseFileRange(
  file: string,
  start: number,
  end: number,
  first: boolean,
  onBlock?: (bytes: number) => void,
  options: RangeOptions = {},
): ParsedChunk {
  const { into, ...parse } = options;
  const parser = new ChunkParser(first, into?.bytes ?? end - start, { ...parse, alloc: into?.alloc });
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    throw readError(file, e);
  }
  try {
    const block = Buffer.allocUnsafe(Math.min(BLOCK_BYTES, Math.max(1, end - start)));
    for (let at = start; at < end; ) {
      let n: number;
      try {
        n = fs.readSync(fd, block, 0, Math.min(block.length, end - at), at);
      } catch (e) {
        throw readError(file, e);
      }
      if (n === 0) break; // the file shrank while being read
      parser.push(block.subarray(0, n));
      at += n;
      onBlock?.(n);
    }
  } finally {
    fs.closeSync(fd);
  }
  return parser.finish(!!into);
}

/** One whole file on this thread: the same parse and join as a thread's chunk, as one chunk. */
export function analyzeFileHere(file: string, rest: AnalyzeRest, onBlock?: (bytes: number) => void, parse: ParseOptions = {}): CpapAnalysis {
  const startedAt = performance.now();
  const chunk = parseFileRange(file, 0, fileSize(file), true, onBlock, parse);
  return analyzeChunks([chunk], { parseMs: performance.now() - startedAt, startedAt }, ...rest);
}

/**
 * Chunk boundaries for a file of `size` bytes cut at the byte positions `cuts` (ascending): each cut
 * moved to the next line start (read in small windows around it), no empty chunk; `[0, ..., size]`.
 */
export function fileChunkBounds(file: string, size: number, cuts: number[]): number[] {
  const bounds = [0];
  const fd = fs.openSync(file, 'r');
  try {
    const window = Buffer.allocUnsafe(64 << 10);
    for (const cut of cuts) {
      const b = lineStartInFile(fd, window, Math.round(cut), size);
      if (b > bounds[bounds.length - 1]! && b < size) bounds.push(b);
    }
  } finally {
    fs.closeSync(fd);
  }
  bounds.push(size);
  return bounds;
}

/** The first line start at or after `pos` in the file (`lineStartAtOrAfter`'s rule), read window by window. */
function lineStartInFile(fd: number, window: Buffer, pos: number, size: number): number {
  if (pos <= 0 || pos >= size) return Math.max(0, Math.min(pos, size));
  // Each window starts one byte before the place looked at, so the rule sees the byte before it.
  for (let from = pos - 1; from < size; from += window.length - 1) {
    const n = fs.readSync(fd, window, 0, window.length, from);
    if (n === 0) break;
    const at = lineStartAtOrAfter(window.subarray(0, n), 1);
    if (at < n || from + n >= size) return from + at;
  }
  return size;
}
