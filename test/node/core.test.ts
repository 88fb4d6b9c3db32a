// The analysis core in Node: real samples against expected.json, bad input, streaming invariance,
// and the linear-time peak finder against the quadratic reference.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  analyzeCpapBytes,
  analyzeCpapStream,
  CpapAnalysisError,
  CpapAnalyzer,
  CpapParser,
  findPeaks,
  simpson,
  syntheticCpapFile,
} from '../../src/core/index.ts';
import { SAMPLE_NAMES, compareToExpected, type ExpectedMetrics } from '../support/samples.ts';
import { referenceFindPeaks } from '../support/peaks-reference.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/cpap-samples');
const expected = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'expected.json'), 'utf8')) as Record<string, ExpectedMetrics>;
const enc = (s: string) => new TextEncoder().encode(s);
const HEADER = 'Time [s],a,b,c,d,e,f\n';
const line = (t: number, p2 = 5000, ins = 5100, exp = 1638) => `${t},${p2},${ins},${exp},5200,5200,1638\n`;

function analyzeText(text: string) {
  return analyzeCpapBytes(enc(text));
}

function expectError(text: string | Uint8Array, code: string) {
  assert.throws(
    () => analyzeCpapBytes(typeof text === 'string' ? enc(text) : text),
    (e: unknown) => e instanceof CpapAnalysisError && e.code === code && e.message.length > 10,
  );
}

describe('core: real samples', () => {
  for (const name of SAMPLE_NAMES) {
    it(`${name} matches expected.json`, () => {
      const { metrics, time, flow } = analyzeCpapBytes(fs.readFileSync(path.join(SAMPLES, name)));
      assert.deepEqual(compareToExpected(metrics, expected[name]), []);
      assert.equal(time.length, expected[name].samples);
      assert.equal(flow.length, expected[name].samples);
    });
  }

  it('gives the same result whatever the chunk boundaries', async () => {
    const bytes = fs.readFileSync(path.join(SAMPLES, 'patient_06.txt'));
    const whole = analyzeCpapBytes(bytes).metrics;
    let seed = 7;
    async function* chunks() {
      for (let i = 0; i < bytes.length; ) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const size = 1 + (seed % 700);
        yield bytes.subarray(i, i + size);
        i += size;
      }
    }
    const streamed = (await analyzeCpapStream(chunks())).metrics;
    assert.deepEqual({ ...streamed, timing: null }, { ...whole, timing: null });
  });

  it('reports progress and stops when cancelled', async () => {
    const bytes = enc(syntheticCpapFile({ seconds: 120, seed: 2 }));
    const seen: number[] = [];
    const controller = new AbortController();
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 10000) yield bytes.subarray(i, i + 10000);
    }
    await assert.rejects(
      analyzeCpapStream(chunks(), {
        expectedBytes: bytes.length,
        signal: controller.signal,
        onProgress: (read) => {
          seen.push(read);
          if (read > bytes.length / 2) controller.abort();
        },
      }),
      (e: unknown) => e instanceof CpapAnalysisError && e.code === 'aborted',
    );
    assert.ok(seen.length > 5 && seen.every((v, i) => i === 0 || v > seen[i - 1]));
  });
});

describe('core: bad input', () => {
  it('an empty file is a clear error', () => expectError('', 'empty'));
  it('a file with only a header is a clear error', () => expectError(HEADER, 'no-data'));
  it('a file with no data lines (blank lines) is a clear error', () => expectError(HEADER + '\n\n\r\n', 'no-data'));
  it('random bytes are a clear error', () => {
    const bytes = new Uint8Array(200_000);
    let s = 1;
    for (let i = 0; i < bytes.length; i++) bytes[i] = (s = (s * 48271) % 2147483647) & 0xff;
    expectError(bytes, 'no-data');
  });
  it('a 10 MB single line is skipped without buffering it', () => {
    const long = 'x'.repeat(10 * 1024 * 1024);
    expectError(HEADER + long, 'no-data');
    const r = analyzeText(HEADER + long + '\n' + line(0) + line(0.01) + line(0.02));
    assert.equal(r.metrics.samples, 3);
    assert.deepEqual(r.metrics.invalid_lines, [{ line: 2, reason: 'line longer than 4096 bytes' }]);
  });
  it('a long line split over many chunks is skipped', async () => {
    const text = enc(HEADER + 'y'.repeat(50_000) + '\n' + line(0) + line(0.01));
    async function* chunks() {
      for (let i = 0; i < text.length; i += 1000) yield text.subarray(i, i + 1000);
    }
    const r = await analyzeCpapStream(chunks());
    assert.equal(r.metrics.samples, 2);
    assert.equal(r.metrics.invalid_lines[0].line, 2);
  });
  it('tolerates \\r\\n, a BOM, blank lines and a missing final newline', () => {
    const plain = analyzeText(HEADER + line(0) + line(0.01, 5000, 1638, 5100) + line(0.02)).metrics;
    const odd = analyzeText('\ufeff' + (HEADER + line(0) + '\n' + line(0.01, 5000, 1638, 5100) + line(0.02)).replace(/\n/g, '\r\n').trimEnd()).metrics;
    assert.equal(odd.samples, 3);
    assert.equal(odd.invalid_line_count, 0);
    assert.deepEqual({ ...odd, timing: null, bytes: 0 }, { ...plain, timing: null, bytes: 0 });
  });
  it('skips NaN, inf and empty fields with line numbers and reasons', () => {
    const text = HEADER + line(0) + '0.01,NaN,1,2,3,4,5\n' + '0.02,5000,inf,1638,1,1,1\n' + '0.03,5000,,1638,1,1,1\n' + '0.04,5000,-Infinity,1638,1,1,1\n' + line(0.05);
    const m = analyzeText(text).metrics;
    assert.equal(m.samples, 2);
    assert.deepEqual(m.invalid_lines, [
      { line: 3, reason: 'field 2 is not finite: "NaN"' },
      { line: 4, reason: 'field 3 is not finite: "inf"' },
      { line: 5, reason: 'field 3 is empty' },
      { line: 6, reason: 'field 3 is not finite: "-Infinity"' },
    ]);
  });
  it('skips lines with 6 or 8 fields', () => {
    const m = analyzeText(HEADER + line(0) + '0.01,1,2,3,4,5\n' + '0.02,1,2,3,4,5,6,7\n' + line(0.03)).metrics;
    assert.deepEqual(m.invalid_lines, [
      { line: 3, reason: 'expected 7 fields, found 6' },
      { line: 4, reason: 'expected 7 fields, found 8' },
    ]);
  });
  it('keeps a file cut mid-line, reporting the cut line', () => {
    const m = analyzeText(HEADER + line(0) + line(0.01) + '0.02,5000,51').metrics;
    assert.equal(m.samples, 2);
    assert.deepEqual(m.invalid_lines, [{ line: 4, reason: 'expected 7 fields, found 3' }]);
  });
  it('reads exponents, signs and long decimals exactly like a float parser', () => {
    const m = analyzeText(HEADER + '1e-2,5000,5100,1638,1,1,1\n' + '+0.0200000000000000000001,5000,5100,1638,1,1,1\n').metrics;
    assert.equal(m.samples, 2);
    assert.equal(m.duration, 0.0200000000000000000001 - 0.01);
  });
  it('caps the listed invalid lines but counts them all', () => {
    const bad = '0.5,x,1,1,1,1,1\n'.repeat(1500);
    const m = analyzeText(HEADER + line(0) + bad + line(1)).metrics;
    assert.equal(m.invalid_line_count, 1500);
    assert.equal(m.invalid_lines.length, 1000);
    assert.ok(m.warnings.some((w) => w.includes('1500 invalid lines')));
  });
  it('warns once about a negative pressure difference and uses flow 0 there', () => {
    const m = analyzeText(HEADER + line(0) + line(0.01, 5000, 4000, 1638) + line(0.02, 5000, 4000, 1638)).metrics;
    assert.equal(m.warnings.filter((w) => w.includes('negative pressure difference')).length, 1);
    assert.ok(m.warnings[0].startsWith('2 sample(s)'));
  });
  it('one valid line: no duration, no rate, a warning, no crash', () => {
    const m = analyzeText(HEADER + line(0)).metrics;
    assert.equal(m.samples, 1);
    assert.equal(m.breath_rate_bpm, null);
    assert.equal(m.breaths, 0);
  });
  it('the whole-buffer fast path reads every kind of line as the line-by-line path does', () => {
    // Fed one byte at a time, every line goes through the carry and parseLine; fed whole, plain lines
    // take the fast path. Rows, line numbers and reasons must agree on a mix of odd lines.
    const odd = [
      '0.01,5000,5100,1638,5200,5200,1638', '12,1,2,3,4,5,6', '0.5,123456789,1234567890,1,2,3,4',
      '1.234567890123456,1,2,3,4,5,6', '1.2345678901234567,1,2,3,4,5,6', '1,2,3,4,5,6,7\r', '1,2,3,4,5,6,7\r\r',
      '1, 2,3,4,5,6,7', '-1,2,3,4,5,6,7', '1.,2,3,4,5,6,7', '.5,2,3,4,5,6,7', '1,2,3,4,5,6', '1,2,3,4,5,6,7,8',
      '1,2,3,4,5,6,7x', '1,2,3,4,5,6,', '', '\r', 'x', '1e3,2,3,4,5,6,7', '00012,0,0,0,0,0,0', '1,2,3,4,5,6,7 ',
      `1,2,3,4,5,6,${'9'.repeat(40)}`,
    ];
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const text = 'Time,a,b,c,d,e,f\n' + Array.from({ length: 3000 }, () => odd[rand(odd.length)] + '\n').join('') + '1,2,3,4,5,6,7';
    const bytes = enc(text);
    const run = (step: number, options = {}) => {
      const rows: number[][] = [];
      const p = new CpapParser({ row: (...v: number[]) => void rows.push(v) }, options);
      for (let i = 0; i < bytes.length; i += step) p.push(bytes.subarray(i, i + step));
      return { rows, summary: p.finish() };
    };
    for (const options of [{}, { maxLineBytes: 20 }]) {
      const slow = run(1, options);
      assert.ok(slow.rows.length > 500 && slow.summary.invalidLineCount > 500);
      assert.deepEqual(run(bytes.length, options), slow);
      assert.deepEqual(run(4099, options), slow);
    }
  });
  it('push after finish is refused', () => {
    const a = new CpapAnalyzer();
    a.push(enc(HEADER + line(0)));
    a.finish();
    assert.throws(() => a.push(enc(line(1))));
  });
});

describe('core: peak finder against the quadratic reference', () => {
  function rng(seed: number) {
    return () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  }
  const cases: Array<[string, (r: () => number, n: number) => number[]]> = [
    ['random noise', (r, n) => Array.from({ length: n }, () => r())],
    ['plateau-heavy integers', (r, n) => Array.from({ length: n }, () => Math.floor(r() * 4))],
    ['runs of equal values', (r, n) => {
      const out: number[] = [];
      while (out.length < n) {
        const v = Math.floor(r() * 6), len = 1 + Math.floor(r() * 8);
        for (let k = 0; k < len; k++) out.push(v);
      }
      return out.slice(0, n);
    }],
    ['breathing-like with quantisation', (r, n) => Array.from({ length: n }, (_, i) => Math.round(40 * Math.sin(i / (15 + 10 * r())) + 6 * r()) / 40)],
  ];
  for (const [name, make] of cases) {
    it(`agrees on ${name} (300 signals)`, () => {
      const r = rng(name.length * 7919);
      for (let trial = 0; trial < 300; trial++) {
        const n = 2 + Math.floor(r() * 400);
        const x = make(r, n);
        const height = r() * 0.6;
        const distance = 1 + Math.floor(r() * 12);
        const width = r() * 6;
        const fast = Array.from(findPeaks(Float64Array.from(x), { height, distance, width }).peaks);
        const slow = referenceFindPeaks(x, height, distance, width);
        assert.deepEqual(fast, slow, `signal ${JSON.stringify(x)} h=${height} d=${distance} w=${width}`);
      }
    });
  }
});

describe('core: peaks and troughs with one pass of block summaries', () => {
  it('findPeaksBothWays gives find_peaks(x) and find_peaks(-x) exactly, on short and long signals with ties', async () => {
    const { findPeaksBothWays } = await import('../../src/core/peaks.ts');
    let s = 5;
    const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    // Long signals walk over blocks at every level; quantised values make equal maxima and minima.
    for (const n of [3, 64, 65, 4097, 300_000, 600_001]) {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = Math.round((Math.sin(i / (20 + 30 * r())) * (i % 50_000 < 25_000 ? 1 : 0.3) + 0.1 * r()) * 40) / 40;
      const up = { height: 0.1, distance: 8, width: 3 }, down = { height: 0.05, distance: 8, width: 3 };
      const both = findPeaksBothWays(x, up, down);
      const neg = x.map((v) => -v);
      for (const [got, want] of [[both.up, findPeaks(x, up)], [both.down, findPeaks(neg, down)]] as const) {
        assert.deepEqual(Array.from(got.peaks), Array.from(want.peaks), `peaks, n=${n}`);
        assert.deepEqual(Array.from(got.prominences), Array.from(want.prominences), `prominences, n=${n}`);
        assert.deepEqual(Array.from(got.leftBases), Array.from(want.leftBases), `left bases, n=${n}`);
        assert.deepEqual(Array.from(got.rightBases), Array.from(want.rightBases), `right bases, n=${n}`);
      }
      assert.equal(both.min, x.reduce((a, b) => Math.min(a, b), Infinity));
      assert.equal(both.max, x.reduce((a, b) => Math.max(a, b), -Infinity));
    }
  });
});

describe('core: Simpson leakage', () => {
  it('integrates polynomials up to degree 3 exactly on odd and uneven samples', () => {
    const x = [0, 0.4, 1, 1.3, 2.1];
    const y = x.map((t) => t * t);
    assert.ok(Math.abs(simpson(y, x) - 2.1 ** 3 / 3) < 0.05);
    const xs = [0, 1, 2, 3, 4];
    assert.ok(Math.abs(simpson(xs.map((t) => t ** 3), xs) - 64) < 1e-12);
  });
  it('averages the two trapezoid placements for an even count', () => {
    const x = [0, 1, 2, 3];
    const y = [0, 1, 4, 9];
    // first: simpson(0..2)=8/3 + trap(2..3)=6.5 ; last: trap(0..1)=0.5 + simpson(1..3)= (1+16+9)/3=26/3
    assert.ok(Math.abs(simpson(y, x) - (8 / 3 + 6.5 + 0.5 + 26 / 3) / 2) < 1e-12);
  });
});

describe('core: prominences on long signals (block walks at every level)', () => {
  it('match a sample-by-sample walk on 600k samples with rising, falling and flat stretches', async () => {
    const { peakProminences, localMaxima } = await import('../../src/core/peaks.ts');
    const n = 600_000;
    const x = new Float64Array(n);
    let s = 11;
    const r = () => ((s = (s * 16807) % 2147483647) / 2147483647);
    for (let i = 0; i < n; i++) {
      const trend = i < n / 3 ? i / n : i < (2 * n) / 3 ? 0.5 : 1 - i / n;
      x[i] = Math.round((trend + 0.05 * Math.sin(i / 37) + 0.02 * r()) * 200) / 200;
    }
    const all = localMaxima(x);
    const picked = Int32Array.from({ length: 300 }, (_, k) => all[Math.floor((k * all.length) / 300)]);
    const fast = peakProminences(x, picked);
    picked.forEach((peak, k) => {
      let lm = x[peak], lp = peak, rm = x[peak], rp = peak;
      for (let i = peak; i >= 0 && x[i] <= x[peak]; i--) if (x[i] < lm) { lm = x[i]; lp = i; }
      for (let i = peak; i < n && x[i] <= x[peak]; i++) if (x[i] < rm) { rm = x[i]; rp = i; }
      assert.equal(fast.leftBases[k], lp, `left base of ${peak}`);
      assert.equal(fast.rightBases[k], rp, `right base of ${peak}`);
      assert.equal(fast.prominences[k], x[peak] - Math.max(lm, rm));
    });
  });
});
