/**
 * Streaming byte-level parser for CPAP text files: chunks of bytes in, one call per valid row out.
 *
 * It never builds a string of the file: numbers are read straight from the bytes, and a plain line is
 * parsed in one pass that finds its end too (other lines are located with `indexOf(10)`). Only the
 * rare odd field (exponent, > 15 digits) goes through `Number()`.
 */

/** Where parsed rows go: the time and the three readings of each venturi (ADC counts), in file order. */
export interface CpapRowSink {
  row(time: number, p2: number, p1Ins: number, p1Exp: number, v2p2: number, v2p1Ins: number, v2p1Exp: number): void;
}

export interface InvalidLine {
  /** 1-based line number in the file; the header is line 1. */
  line: number;
  reason: string;
}

export interface ParseSummary {
  /** Valid data rows passed to the sink. */
  rows: number;
  /** All lines seen, including header and blank lines. */
  lines: number;
  bytes: number;
  invalidLineCount: number;
  /** The first `maxReportedInvalidLines` invalid lines, with reasons. */
  invalidLines: InvalidLine[];
  hadHeader: boolean;
  /** Of `rows`, those the `FastLines` took (the WebAssembly kernel's). */
  fastRows: number;
}

/**
 * A faster taker of plain data lines (the WebAssembly kernel, wasm/lines.ts) that writes them straight
 * into the sink's columns, in place of the JavaScript fast path. A line it does not take goes to the
 * line-by-line parse, with the same outcome for a line it would have taken.
 */
export interface FastLines {
  /**
   * Takes plain lines from `buf[pos, end)` and returns how many; `next` is then the position after
   * them. `chunk` numbers the pushed chunk (a caller may refill one buffer for the next chunk).
   */
  take(buf: Uint8Array, pos: number, end: number, maxLineBytes: number, chunk: number): number;
  readonly next: number;
}

export interface ParserOptions {
  /** Invalid lines listed with their reason (all are counted). Default 1000. */
  maxReportedInvalidLines?: number;
  /** A line longer than this cannot be a data line; it is skipped without being buffered. Default 4096. */
  maxLineBytes?: number;
  /**
   * The bytes continue a file cut at a line start (a chunk of a parallel parse): no header line and
   * no BOM; line numbers count from the chunk's first line.
   */
  continues?: boolean;
  /** Takes plain lines before the JavaScript fast path does (see `FastLines`). */
  fastLines?: FastLines;
}

const FIELDS = 7;
const NL = 10, CR = 13, SP = 32, TAB = 9, COMMA = 44, DOT = 46, MINUS = 45, PLUS = 43;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NON_FINITE_TEXT = /^[+-]?(nan|inf|infinity)$/i;

export class CpapParser {
  private readonly sink: CpapRowSink;
  private readonly maxReported: number;
  private readonly maxLineBytes: number;
  /** The header's line number: 1, or 0 (none) for a continuation chunk. */
  private readonly headerLine: number;
  private lineNo = 0;
  private rows = 0;
  private fastRows = 0;
  private bytes = 0;
  private invalidCount = 0;
  private readonly invalid: InvalidLine[] = [];
  /** Bytes of a line that straddles chunk boundaries. */
  private carry: Uint8Array = new Uint8Array(0);
  /** Set while skipping the rest of an over-long line. */
  private skippingLongLine = false;
  private sawBom = false;
  private finished = false;
  private readonly values = new Float64Array(FIELDS);
  private readonly fast: FastLines | undefined;
  /** Chunks pushed so far: `FastLines.take`'s chunk number. */
  private pushes = 0;

  constructor(sink: CpapRowSink, options: ParserOptions = {}) {
    this.sink = sink;
    this.maxReported = options.maxReportedInvalidLines ?? 1000;
    this.maxLineBytes = options.maxLineBytes ?? 4096;
    this.headerLine = options.continues ? 0 : 1;
    this.sawBom = !!options.continues;
    this.fast = options.fastLines;
  }

  /** Feeds the next chunk of the file. */
  push(chunk: Uint8Array): void {
    if (this.finished) throw new Error('CpapParser: push() after finish()');
    let pos = 0;
    this.pushes++;
    if (this.bytes === 0 && !this.sawBom) pos = this.skipBom(chunk);
    this.bytes += chunk.length;
    const end = chunk.length;

    if (this.skippingLongLine || this.carry.length > 0) {
      const nl = chunk.indexOf(NL, pos);
      if (nl < 0) {
        this.appendCarry(chunk, pos, end);
        return;
      }
      if (this.skippingLongLine) {
        this.skippingLongLine = false;
        this.lineNo++;
      } else {
        this.appendCarry(chunk, pos, nl);
        if (this.skippingLongLine) {
          this.skippingLongLine = false;
          this.lineNo++;
        } else {
          const line = this.carry;
          this.carry = new Uint8Array(0);
          this.parseLine(line, 0, line.length);
        }
      }
      pos = nl + 1;
    }

    while (pos < end) {
      const next = this.lineNo + 1 === this.headerLine ? 0 : this.takePlain(chunk, pos, end);
      if (next > 0) {
        pos = next;
        continue;
      }
      const nl = chunk.indexOf(NL, pos);
      if (nl < 0) {
        this.appendCarry(chunk, pos, end);
        return;
      }
      this.parseLine(chunk, pos, nl);
      pos = nl + 1;
    }
  }

  /**
   * Plain lines from `pos`, taken by the fast taker when there is one, else one by the JavaScript fast
   * path: the position after them, or 0 (then `parseLine` takes the line, not the other fast path).
   */
  private takePlain(buf: Uint8Array, pos: number, end: number): number {
    const fast = this.fast;
    if (fast === undefined) return this.parseLineFast(buf, pos);
    const taken = fast.take(buf, pos, end, this.maxLineBytes, this.pushes);
    if (taken === 0) return 0;
    this.lineNo += taken;
    this.rows += taken;
    this.fastRows += taken;
    return fast.next;
  }

  /**
   * The hot path: a data line of plain numbers between commas ("12.34,5678") ended by '\n' or '\r\n'
   * within `buf`, parsed without looking for its end first. Returns the next line's start, or 0 when
   * the line is anything else (then `parseLine` takes it, with the same outcome for a line this takes).
   */
  private parseLineFast(buf: Uint8Array, start: number): number {
    const v = this.values;
    let i = start;
    let c = 0;
    for (let f = 0; f < FIELDS; f++) {
      // '0'..'9' become 0..9 and any other byte (or past the end: undefined) 10 or more.
      c = buf[i] ^ 48;
      let m = 0;
      const intStart = i;
      while (c < 10) {
        m = m * 10 + c;
        c = buf[++i] ^ 48;
      }
      let digits = i - intStart, frac = 0;
      if (c === (DOT ^ 48)) {
        const fracStart = ++i;
        c = buf[i] ^ 48;
        while (c < 10) {
          m = m * 10 + c;
          c = buf[++i] ^ 48;
        }
        frac = i - fracStart;
        digits += frac;
      }
      if (digits === 0 || digits > 15 || (f < FIELDS - 1 && c !== (COMMA ^ 48))) return 0;
      v[f] = frac === 0 ? m : m / POW10[frac];
      i++; // past the comma, or the byte after the last field
    }
    // i is past the byte after the last field: a '\n', or a '\r' before one.
    if (i - 1 - start > this.maxLineBytes) return 0;
    if (c === (CR ^ 48)) {
      if (buf[i] !== NL) return 0;
      i++;
    } else if (c !== (NL ^ 48)) return 0;
    this.lineNo++;
    this.rows++;
    this.sink.row(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
    return i;
  }

  /** Ends the stream: the last line may lack its newline. */
  finish(): ParseSummary {
    if (!this.finished) {
      this.finished = true;
      if (this.skippingLongLine) {
        this.skippingLongLine = false;
        this.lineNo++;
      } else if (this.carry.length > 0) {
        const line = this.carry;
        this.carry = new Uint8Array(0);
        this.parseLine(line, 0, line.length);
      }
    }
    return {
      rows: this.rows,
      lines: this.lineNo,
      bytes: this.bytes,
      invalidLineCount: this.invalidCount,
      invalidLines: this.invalid.slice(),
      hadHeader: this.headerLine === 1 && this.lineNo >= 1,
      fastRows: this.fastRows,
    };
  }

  private skipBom(chunk: Uint8Array): number {
    // A BOM split across the first chunks is not worth handling: chunks are never that small.
    if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      this.sawBom = true;
      return 3;
    }
    return 0;
  }

  private appendCarry(chunk: Uint8Array, from: number, to: number): void {
    if (this.skippingLongLine) return;
    const len = this.carry.length + (to - from);
    // One byte more than the limit may be the line's CR: parseLine decides, as for a line inside one
    // chunk, so where the chunks fall never changes the result.
    if (len > this.maxLineBytes + 1) {
      // Reported now (the header excepted, as in parseLine); the rest of the line is dropped as it arrives.
      this.carry = new Uint8Array(0);
      this.skippingLongLine = true;
      if (this.lineNo + 1 !== this.headerLine) this.report(this.lineNo + 1, `line longer than ${this.maxLineBytes} bytes`);
      return;
    }
    const next = new Uint8Array(len);
    next.set(this.carry, 0);
    next.set(chunk.subarray(from, to), this.carry.length);
    this.carry = next;
  }

  private report(line: number, reason: string): void {
    this.invalidCount++;
    if (this.invalid.length < this.maxReported) this.invalid.push({ line, reason });
  }

  /** Parses bytes [start, end) of one line (without its '\n') that the fast path did not take. */
  private parseLine(buf: Uint8Array, start: number, end: number): void {
    const lineNo = ++this.lineNo;
    if (end > start && buf[end - 1] === CR) end--;
    if (lineNo === this.headerLine) return; // header
    if (end - start > this.maxLineBytes) {
      this.report(lineNo, `line longer than ${this.maxLineBytes} bytes`);
      return;
    }
    this.parseLineGeneral(buf, start, end, lineNo);
  }

  /** Any number the fast path does not take: spaces around fields, signs; else the careful path. */
  private parseLineGeneral(buf: Uint8Array, start: number, end: number, lineNo: number): void {
    const v = this.values;
    let i = start;
    for (let f = 0; f < FIELDS; f++) {
      let c = buf[i];
      while (i < end && (c === SP || c === TAB)) c = buf[++i];
      let neg = false;
      if (c === MINUS) { neg = true; c = buf[++i]; } else if (c === PLUS) c = buf[++i];
      let m = 0, digits = 0, frac = 0, dot = false;
      while (i < end) {
        if (c >= 48 && c <= 57) {
          m = m * 10 + (c - 48);
          digits++;
          if (dot) frac++;
        } else if (c === DOT && !dot) {
          dot = true;
        } else break;
        c = buf[++i];
      }
      while (i < end && (c === SP || c === TAB)) c = buf[++i];
      const atEnd = i >= end;
      if (digits === 0 || digits > 15 || frac > 22 || (f < FIELDS - 1 ? atEnd || c !== COMMA : !atEnd)) {
        this.parseLineSlow(buf, start, end, lineNo);
        return;
      }
      const x = frac === 0 ? m : m / POW10[frac];
      v[f] = neg ? -x : x;
      i++; // past the comma
    }
    this.rows++;
    this.sink.row(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
  }

  /** The careful path: blank lines, odd numbers, and the reason a line is invalid. */
  private parseLineSlow(buf: Uint8Array, start: number, end: number, lineNo: number): void {
    let text = '';
    for (let i = start; i < end; i++) text += String.fromCharCode(buf[i]);
    if (text.trim() === '') return; // blank lines are tolerated silently
    const fields = text.split(',');
    if (fields.length !== FIELDS) {
      this.report(lineNo, `expected ${FIELDS} fields, found ${fields.length}`);
      return;
    }
    const v = this.values;
    for (let f = 0; f < FIELDS; f++) {
      const s = fields[f].trim();
      if (s === '') {
        this.report(lineNo, `field ${f + 1} is empty`);
        return;
      }
      if (NON_FINITE_TEXT.test(s)) {
        this.report(lineNo, `field ${f + 1} is not finite: ${quote(s)}`);
        return;
      }
      if (!NUMBER_TEXT.test(s)) {
        this.report(lineNo, `field ${f + 1} is not a number: ${quote(s)}`);
        return;
      }
      const x = Number(s);
      if (!Number.isFinite(x)) {
        this.report(lineNo, `field ${f + 1} is not finite: ${quote(s)}`);
        return;
      }
      v[f] = x;
    }
    this.rows++;
    this.sink.row(v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
  }
}

function quote(s: string): string {
  const short = s.length > 40 ? `${s.slice(0, 40)}…` : s;
  // Control characters from binary input would garble a log line or a table cell.
  return JSON.stringify(short.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD'));
}
