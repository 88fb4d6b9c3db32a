/**
 * The parser's hot path in WebAssembly (the kernel is lines.as.ts): plain data lines parsed straight
 * into a night's columns, about twice as fast as the JavaScript fast path (bench/core.js), with the same
 * doubles (test/node/wasm.test.ts). Where WebAssembly is missing or refused (a page whose CSP lacks
 * 'wasm-unsafe-eval'), `wasmLines` returns undefined and the parser stays on JavaScript.
 */
import { LINES_WASM_BASE64 } from './lines-bytes.ts';
import { A1, ADC_ZERO, CMH2O_PER_COUNT, DENOMINATOR, PASCAL_PER_COUNT } from '../flow.ts';
import type { FastLines } from '../parse.ts';

/** Where the kernel's rows go: four column blocks of `stride` doubles from `at` in `from`. */
export interface RowBlockSink {
  appendRows(from: Float64Array, at: number, stride: number, rows: number, negatives: number): void;
}

interface Kernel {
  memory: WebAssembly.Memory;
  init(ppc: number, a1: number, denominator: number, cmh2o: number, zero: number): void;
  heapStart(): number;
  take(pos: number, end: number, out: number, cap: number, maxLineBytes: number): number;
  stop: WebAssembly.Global;
  negatives: WebAssembly.Global;
}

/** Bytes of the input copied into the kernel's memory at a time. */
const PIECE = 1 << 20;
/** Rows the kernel writes per call. */
const ROWS = 1 << 14;
/** A window with less than this left before its end (not the chunk's) is refilled from the line. */
const REFILL = 64 << 10;

let compiled: WebAssembly.Module | null | undefined;

/** The kernel's module, compiled once per thread; null where WebAssembly is missing or refused. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Uint8Array.from(atob(LINES_WASM_BASE64), (c) => c.charCodeAt(0)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

class WasmLines implements FastLines {
  next = 0;
  private readonly kernel: Kernel;
  private readonly bytes: Uint8Array;
  private readonly doubles: Float64Array;
  private readonly input: number;
  private readonly out: number;
  /** The pushed chunk whose bytes [from, to) are in the kernel's memory at `input`. */
  private chunk = -1;
  private from = 0;
  private to = 0;

  constructor(module: WebAssembly.Module, private readonly sink: RowBlockSink) {
    this.kernel = new WebAssembly.Instance(module, {}).exports as unknown as Kernel;
    this.kernel.init(PASCAL_PER_COUNT, A1, DENOMINATOR, CMH2O_PER_COUNT, ADC_ZERO);
    this.input = this.kernel.heapStart();
    this.out = (this.input + PIECE + 8) & ~7;
    const need = this.out + ROWS * 32 - this.kernel.memory.buffer.byteLength;
    if (need > 0) this.kernel.memory.grow(Math.ceil(need / 65536));
    this.bytes = new Uint8Array(this.kernel.memory.buffer);
    this.doubles = new Float64Array(this.kernel.memory.buffer);
  }

  take(buf: Uint8Array, pos: number, end: number, maxLineBytes: number, chunk: number): number {
    if (chunk !== this.chunk || pos < this.from || pos >= this.to || (this.to < end && this.to - pos < REFILL)) {
      this.chunk = chunk;
      this.from = pos;
      this.to = Math.min(end, pos + PIECE);
      this.bytes.set(buf.subarray(pos, this.to), this.input);
      this.bytes[this.input + this.to - pos] = 0; // ends the last field of a line cut at `to`
    }
    const shift = this.input - this.from;
    const k = this.kernel;
    const rows = k.take(pos + shift, this.to + shift, this.out, ROWS, maxLineBytes);
    if (rows > 0) this.sink.appendRows(this.doubles, this.out / 8, ROWS, rows, k.negatives.value as number);
    this.next = (k.stop.value as number) - shift;
    return rows;
  }
}

/** A WebAssembly taker of plain lines into `sink`, or undefined where WebAssembly cannot run. */
export function wasmLines(sink: RowBlockSink): FastLines | undefined {
  const module = kernelModule();
  return module ? new WasmLines(module, sink) : undefined;
}
