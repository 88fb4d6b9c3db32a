// The parser's WebAssembly kernel (src/core/wasm/) against the JavaScript parser: the same rows, line
// numbers, reasons and column bits on a mix of odd lines fed in every way a caller feeds it (whole, in
// pieces, one refilled buffer, one byte at a time, windows of the kernel's memory cut anywhere), on the
// samples and on chunks of a file; and the committed bytes are the kernel's source compiled now.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { FlowColumns, analyzeCpapBytes, columnsParser, type CpapAnalysis } from '../../src/core/analyze.ts';
import { chunkBounds, joinChunks, parseChunk } from '../../src/core/chunks.ts';
import { SAMPLE_NAMES } from '../support/samples.ts';
// @ts-expect-error: a plain JavaScript build script, no types
import { generate } from '../../scripts/build-wasm.js';
import { bits, comparable } from '../support/compare.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/cpap-samples');
const enc = (s: string) => new TextEncoder().encode(s);

const ODD = [
  '0.01,5000,5100,1638,5200,5200,1638', '12,1,2,3,4,5,6', '0.5,123456789,1234567890,1,2,3,4',
  '1.234567890123456,1,2,3,4,5,6', '1.2345678901234567,1,2,3,4,5,6', '1,2,3,4,5,6,7\r', '1,2,3,4,5,6,7\r\r',
  '1, 2,3,4,5,6,7', '-1,2,3,4,5,6,7', '1.,2,3,4,5,6,7', '.5,2,3,4,5,6,7', '1,2,3,4,5,6', '1,2,3,4,5,6,7,8',
  '1,2,3,4,5,6,7x', '1,2,3,4,5,6,', '', '\r', 'x', '1e3,2,3,4,5,6,7', '00012,0,0,0,0,0,0', '1,2,3,4,5,6,7 ',
  `1,2,3,4,5,6,${'9'.repeat(40)}`, '0.02,5000,1638,5100,5200,1638,5300', '0.03,5000,4000,1638,1,7000,1638',
  '123.456789012345,16383,16383,0,0,0,16383', '1\0,2,3,4,5,6,7', '9.007199254740995,1,2,3,4,5,6', // 16 digits: not exact as m / 10^15
];

/** Plain lines with odd ones among them (a share `oddShare`), `lines` in all. */
function mixedText(lines: number, oddShare: number, seed: number): Uint8Array {
  const rand = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
  const out = ['Time,a,b,c,d,e,f\n'];
  for (let k = 0; k < lines; k++) {
    const plain = `${(k / 100).toFixed(2)},${4000 + rand(2000)},${1638 + rand(6000)},${1638 + rand(6000)},${5000 + rand(300)},${5000 + rand(300)},1638`;
    out.push((rand(1000) < oddShare * 1000 ? ODD[rand(ODD.length)] : plain) + '\n');
  }
  return enc(out.join('') + '1,2,3,4,5,6,7');
}

/** Parses `bytes` pushed in pieces of `step` (copied into one refilled buffer when `refill`). */
function parse(bytes: Uint8Array, step: number, wasm: boolean, maxLineBytes?: number, refill = false) {
  const columns = new FlowColumns(16);
  const parser = columnsParser(columns, { wasm, maxLineBytes });
  const buffer = new Uint8Array(step);
  for (let i = 0; i < bytes.length; i += step) {
    const piece = bytes.subarray(i, i + step);
    if (!refill) parser.push(piece);
    else {
      buffer.set(piece);
      parser.push(buffer.subarray(0, piece.length));
    }
  }
  const { fastRows, ...summary } = parser.finish();
  const c = columns.take(true);
  return { fastRows, summary, negative: c.negativeUnderRoot, columns: [c.time, c.flow, c.flow2, c.pressure].map(bits) };
}

function sameParse(a: ReturnType<typeof parse>, b: ReturnType<typeof parse>, what: string): void {
  assert.deepEqual(a.summary, b.summary, what);
  assert.equal(a.negative, b.negative, what);
  a.columns.forEach((col, k) => assert.ok(col.equals(b.columns[k]!), `${what}: column ${k} differs`));
}

/** Everything but the timing, typed arrays as their bits. */
const asBits = (r: CpapAnalysis): string =>
  JSON.stringify(comparable(r), (_, v) => (ArrayBuffer.isView(v) ? bits(v as Float64Array).toString('base64') : v));

describe('the WebAssembly parse kernel', () => {
  it('is the committed lines-bytes.ts: the source compiled now', () => {
    const committed = fs.readFileSync(path.resolve(import.meta.dirname, '../../src/core/wasm/lines-bytes.ts'), 'utf8');
    assert.equal(committed, generate(), 'stale: run npm run build:wasm');
  });

  it('parses a mix of odd lines as the JavaScript parser does, fed in every way', () => {
    const bytes = mixedText(3000, 0.5, 7);
    for (const max of [undefined, 20]) {
      const js = parse(bytes, 1, false, max);
      assert.ok(js.summary.rows > 500 && js.summary.invalidLineCount > 200, `${js.summary.rows} rows, ${js.summary.invalidLineCount} invalid`);
      for (const step of [bytes.length, 4099, 37, 1]) {
        const wasm = parse(bytes, step, true, max);
        sameParse(wasm, js, `pieces of ${step} B, maxLineBytes ${max}`);
        if (step > 100) assert.ok(wasm.fastRows > js.summary.rows / 3, `the kernel took the plain lines (${wasm.fastRows} of ${js.summary.rows})`);
      }
      assert.equal(parse(bytes, bytes.length, false, max).fastRows, 0);
    }
  });

  it('agrees across the windows of its memory (1 MB) and a refilled read buffer', () => {
    // 3.5 MB: the kernel's 1 MB windows are cut anywhere, and refilled around odd lines near their ends.
    const bytes = mixedText(100_000, 0.02, 11);
    assert.ok(bytes.length > 3 << 20);
    const js = parse(bytes, bytes.length, false);
    for (const [step, refill] of [[bytes.length, false], [4 << 20, true], [(1 << 20) + 3, true], [65_537, false]] as const) {
      const wasm = parse(bytes, step, true, undefined, refill);
      sameParse(wasm, js, `pieces of ${step} B${refill ? ', one refilled buffer' : ''}`);
      assert.ok(wasm.fastRows > 90_000, `${wasm.fastRows}`);
    }
  });

  it('gives every field of every sample as the JavaScript parser, and says which parsed', () => {
    for (const name of SAMPLE_NAMES) {
      const bytes = fs.readFileSync(path.join(SAMPLES, name));
      const [js, wasm] = [analyzeCpapBytes(bytes), analyzeCpapBytes(bytes, { wasm: true })];
      assert.equal(asBits(wasm), asBits(js), name);
      assert.equal(js.metrics.timing.parser, 'js');
      assert.equal(wasm.metrics.timing.parser, 'wasm', name);
    }
  });

  it('gives the same joined columns from chunks cut anywhere, after a BOM, in CRLF lines', () => {
    const text = fs.readFileSync(path.join(SAMPLES, 'patient_06.txt'), 'utf8').replace(/\n/g, '\r\n');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...enc(text + 'not,a,line\r\n')]);
    const whole = analyzeCpapBytes(bytes);
    let seed = 3;
    for (let trial = 0; trial < 12; trial++) {
      const cuts = Array.from({ length: 1 + (trial % 5) }, () => (seed = (seed * 16807) % 2147483647) % bytes.length);
      const bounds = chunkBounds(bytes, cuts);
      const chunks = bounds.slice(0, -1).map((b, k) => parseChunk(bytes.subarray(b, bounds[k + 1]), k === 0, { wasm: true }));
      const { columns, summary } = joinChunks(chunks);
      assert.equal(summary.fastRows, summary.rows - 0, `cuts ${cuts}`);
      assert.deepEqual({ ...summary, fastRows: 0 }, { ...joinChunks([parseChunk(bytes, true)]).summary, fastRows: 0 });
      assert.ok(bits(columns.flow).equals(bits(whole.flow)) && bits(columns.time).equals(bits(whole.time)), `cuts ${cuts}`);
    }
  });
});
