// The parallel parse's identity: a file cut at line starts into chunks, parsed chunk by chunk and
// joined, gives the single-thread parser's columns and summary and the same metrics, every field but
// the timing, on every recording and wherever the cuts fall (in a CRLF, a BOM, an invalid line...).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  CpapAnalyzer,
  CpapParser,
  FlowColumns,
  analyzeBytesInChunks,
  analyzeCpapBytes,
  chunkBounds,
  evenChunkBounds,
  joinChunks,
  parseChunk,
  seededRandom,
  syntheticCpapText,
} from '../../src/core/index.ts';
import { SAMPLE_NAMES } from '../support/samples.ts';
import { bits } from '../support/compare.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/cpap-samples');
const enc = (s: string) => new TextEncoder().encode(s);
/** A column's bytes: compared bit for bit, and fast for a night's millions of samples. */
const columnBits = ({ columns: c, summary }: { columns: ReturnType<FlowColumns['take']>; summary: unknown }) => ({
  time: bits(c.time), flow: bits(c.flow), flow2: bits(c.flow2), pressure: bits(c.pressure), negativeUnderRoot: c.negativeUnderRoot, summary,
});

/** The analysis as comparable data: metrics without timing and the columns, or the error. */
function outcome(run: () => ReturnType<typeof analyzeCpapBytes>) {
  try {
    const { metrics, time, flow } = run();
    const { timing, ...rest } = metrics;
    assert.ok(timing.total_ms >= 0);
    return { metrics: rest, time: bits(time), flow: bits(flow) };
  } catch (e) {
    return { error: `${(e as { code?: string }).code}: ${(e as Error).message}` };
  }
}

/** The single-thread parser's columns and summary, the file fed in pushes of the given sizes. */
function singleParse(bytes: Uint8Array, pushSizes?: () => number) {
  const cols = new FlowColumns(1024);
  const parser = new CpapParser(cols);
  for (let at = 0; at < bytes.length; ) {
    const n = pushSizes ? pushSizes() : bytes.length;
    parser.push(bytes.subarray(at, at + n));
    at += n;
  }
  const summary = parser.finish(); // first: the last line has no newline
  return columnBits({ columns: cols.take(), summary });
}

function parsedInChunks(bytes: Uint8Array, bounds: number[]) {
  const chunks = [];
  for (let k = 0; k + 1 < bounds.length; k++) chunks.push(parseChunk(bytes.subarray(bounds[k], bounds[k + 1]), k === 0));
  return columnBits(joinChunks(chunks.length ? chunks : [parseChunk(bytes, true)]));
}

function randomCuts(rnd: () => number, size: number, count: number): number[] {
  return Array.from({ length: count }, () => Math.floor(rnd() * (size + 1)));
}

/** Every way of cutting checked against the single-thread path: columns, summary and metrics. */
function assertIdentical(bytes: Uint8Array, cutSets: number[][], label: string) {
  const reference = outcome(() => analyzeCpapBytes(bytes));
  const parsed = singleParse(bytes);
  for (const cuts of cutSets) {
    const bounds = chunkBounds(bytes, cuts);
    const where = `${label}, cuts at ${cuts.join(',')} -> chunks ${bounds.join(',')}`;
    for (let k = 1; k + 1 < bounds.length; k++) assert.equal(bytes[bounds[k]! - 1], 10, `${where}: chunk ${k} starts a line`);
    assert.deepEqual(parsedInChunks(bytes, bounds), parsed, where);
    assert.deepEqual(outcome(() => analyzeBytesInChunks(bytes, bounds)), reference, where);
  }
}

/** A small file with every awkward thing: BOM, CRLF, blank and invalid lines, an over-long line, no final newline. */
function awkwardFile(): Uint8Array {
  const rnd = seededRandom(7);
  const lines = ['\uFEFFTime [s],a,b,c,d,e,f'];
  for (let i = 0; i < 400; i++) {
    const t = (i / 100).toFixed(2);
    const c = () => String(Math.round(8000 + 600 * (rnd() - 0.5)));
    lines.push([t, c(), c(), c(), c(), c(), c()].join(','));
    if (i % 37 === 5) lines.push('');
    if (i % 53 === 9) lines.push('bad data');
    if (i % 61 === 11) lines.push(`${t},1,2,NaN,4,5,6`);
    if (i % 97 === 13) lines.push(`${t},1,2,3`);
    if (i === 200) lines.push(`${t},` + '9'.repeat(5000));
    if (i === 250) lines.push('   ');
  }
  return enc(lines.join('\r\n'));
}

describe('parallel parse: chunks joined equal the single-thread parse', () => {
  it('cuts snap to line starts: inside a CRLF, a BOM, a line; no empty chunk', () => {
    const bytes = enc('\uFEFFh\r\n1\r\nbad\n\n2');
    // BOM is bytes 0-2, "h" 3, CR 4, LF 5, "1" 6, CR 7, LF 8, "bad" 9-11, LF 12, LF 13, "2" 14.
    assert.deepEqual(chunkBounds(bytes, [1]), [0, 6, 15]);
    assert.deepEqual(chunkBounds(bytes, [5, 6, 8]), [0, 6, 9, 15]);
    assert.deepEqual(chunkBounds(bytes, [10, 13, 14, 15, 99, 0]), [0, 13, 14, 15]);
    assert.deepEqual(chunkBounds(new Uint8Array(0), [0, 3]), [0]);
    assert.deepEqual(evenChunkBounds(bytes, 1), [0, 15]);
  });

  it('the six samples, cut evenly and at random', () => {
    const rnd = seededRandom(15);
    for (const name of SAMPLE_NAMES) {
      const bytes = fs.readFileSync(path.join(SAMPLES, name));
      const cuts = [2, 3, 4, 7].map((n) => evenChunkBounds(bytes, n));
      for (let r = 0; r < 6; r++) cuts.push(randomCuts(rnd, bytes.length, 1 + Math.floor(rnd() * 8)));
      assertIdentical(bytes, cuts, name);
    }
  });

  it('a file with a BOM, CRLF, blank, invalid and over-long lines: every single cut and random cuts', () => {
    const bytes = awkwardFile();
    const reference = outcome(() => analyzeCpapBytes(bytes));
    assert.ok((reference.metrics?.invalid_line_count ?? 0) > 10, 'the file has invalid lines');
    const rnd = seededRandom(3);
    const cuts: number[][] = [];
    for (let p = 0; p <= bytes.length; p += 1 + Math.floor(rnd() * 40)) cuts.push([p]);
    for (const p of [1, 2, 3, 4]) cuts.push([p]); // inside and just after the BOM
    for (let p = 1; p < bytes.length; p++) if (bytes[p] === 10 && bytes[p - 1] === 13) cuts.push([p]); // between CR and LF
    for (let r = 0; r < 40; r++) cuts.push(randomCuts(rnd, bytes.length, 2 + Math.floor(rnd() * 30)));
    assertIdentical(bytes, cuts, 'awkward file');
  });

  it('more than 1000 invalid lines: the same count, the same first 1000, the same warning', () => {
    const lines = ['h'];
    for (let i = 0; i < 3000; i++) lines.push(i % 2 ? `${i},1,2,3,4,5,6` : `oops ${i}`);
    const bytes = enc(lines.join('\n') + '\n');
    const rnd = seededRandom(11);
    assertIdentical(bytes, [[bytes.length / 2], randomCuts(rnd, bytes.length, 5), randomCuts(rnd, bytes.length, 50)], '3000 lines');
    const { metrics } = analyzeBytesInChunks(bytes, evenChunkBounds(bytes, 4));
    assert.equal(metrics.invalid_line_count, 1500);
    assert.equal(metrics.invalid_lines.length, 1000);
    assert.equal(metrics.invalid_lines[999]!.line, 2000);
  });

  it('a header only, blank lines only, an empty file: the same error', () => {
    for (const text of ['h', 'h\n', '\uFEFFh\r\n', 'h\n\n\n  \n', 'h\nbad\n\nworse', '']) {
      const bytes = enc(text);
      const reference = outcome(() => analyzeCpapBytes(bytes));
      assert.ok('error' in reference, JSON.stringify(text));
      const cuts = Array.from({ length: bytes.length + 1 }, (_, p) => [p]);
      assertIdentical(bytes, [...cuts, [1, 2, 3, 4, 5, 6, 7, 8]], JSON.stringify(text));
    }
  });

  it('the streaming parser gives the same result whatever its push sizes (a line, a CR or a long line across pushes)', () => {
    const bytes = awkwardFile();
    const reference = singleParse(bytes);
    const rnd = seededRandom(5);
    for (const max of [3, 17, 300, 5000]) {
      assert.deepEqual(singleParse(bytes, () => 3 + Math.floor(rnd() * max)), reference, `pushes up to ${max + 3} bytes`);
    }
  });

  it("the parser's fast path (plain numbers) reads every number as its general path (spaces around fields)", () => {
    const rnd = seededRandom(21);
    const num = () => {
      const int = String(Math.floor(rnd() * 10 ** Math.floor(rnd() * 9)));
      const r = rnd();
      if (r < 0.3) return int;
      const frac = String(Math.floor(rnd() * 10 ** 8)).slice(0, 1 + Math.floor(rnd() * 8));
      return r < 0.4 ? `.${frac}` : r < 0.45 ? `${int}.` : r < 0.5 ? '1234567890.123456' : `${int}.${frac}`;
    };
    const plain: string[] = ['h'];
    const spaced: string[] = ['h'];
    for (let k = 0; k < 5000; k++) {
      const fields = Array.from({ length: 7 }, num);
      plain.push(fields.join(','));
      spaced.push(fields.map((x) => ` ${x}\t`).join(','));
    }
    const rows = (text: string) => {
      const out: number[] = [];
      const parser = new CpapParser({ row: (...v: number[]) => void out.push(...v) });
      parser.push(enc(text));
      assert.equal(parser.finish().invalidLineCount, 0);
      return Buffer.from(new Float64Array(out).buffer);
    };
    assert.ok(rows(plain.join('\n')).equals(rows(spaced.join('\r\n'))));
  });

  it('the synthetic night (8 h), in 2 and in 5 chunks (legacy metrics; the scoring is compared on 40 min in parallel.test.ts)', { timeout: 120_000 }, () => {
    const bytes = Buffer.concat([...syntheticCpapText({ seconds: 8 * 3600, seed: 2026, rate: 100 }, 20000)].map((b) => Buffer.from(b)));
    const reference = outcome(() => {
      const a = new CpapAnalyzer({ scoring: false, expectedBytes: bytes.length });
      a.push(bytes);
      return a.finish();
    });
    assert.ok((reference.metrics?.breaths ?? 0) > 1000);
    for (const bounds of [evenChunkBounds(bytes, 2), chunkBounds(bytes, randomCuts(seededRandom(9), bytes.length, 4))]) {
      assert.deepEqual(outcome(() => analyzeBytesInChunks(bytes, bounds, { scoring: false })), reference, `night, chunks ${bounds.join(',')}`);
    }
  });
});
