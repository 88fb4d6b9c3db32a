// The clinical scoring on the spec's validation recordings T01-T10 (cpap-scoring.md §12): counts,
// types, indices, analysed time, severities and boundaries under every preset; seeds 1-10 and
// 101-110 agree (in two worker threads); a randomized script over seeds; the method stamp.
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { scriptedCpap, type ScriptedEvent } from '../../src/core/scripted.ts';
import { SCRIPTED_CASE_IDS, scriptedCase, type ScriptedCaseId } from '../../src/core/scripted-cases.ts';
import { seededRandom } from '../../src/core/synthetic.ts';
import { checkCase, checkScored, scoreText } from '../support/scoring-cases.ts';
import { OSCAR_DEFAULT_VENT_CURVE } from '../../src/core/scoring/types.ts';

describe('clinical scoring: T01-T10 (cpap-scoring.md §12)', () => {
  for (const id of SCRIPTED_CASE_IDS) {
    it(`${id} seed 1 under every preset`, () => assert.deepEqual(checkCase(id, 1), []));
  }

  it('seeds 1-10 and 101-110 agree on every case', async () => {
    const jobs: Array<[ScriptedCaseId, number]> = [];
    for (const seed of [2, 3, 4, 5, 6, 7, 8, 9, 10, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110]) {
      for (const id of SCRIPTED_CASE_IDS) jobs.push([id, seed]);
    }
    const threads = Math.max(1, Math.min(2, availableParallelism()));
    const parts = Array.from({ length: threads }, (_, k) => jobs.filter((_, i) => i % threads === k));
    const results = await Promise.all(parts.map((part) => new Promise<string[]>((resolve, reject) => {
      const w = new Worker(new URL('../support/scoring-seeds-worker.js', import.meta.url), { workerData: part });
      w.once('message', resolve);
      w.once('error', reject);
    })));
    assert.deepEqual(results.flat(), []);
  });

  it('a randomized script over seeds: every apnea and hypopnea found, within 0.5 s, under aasm and resmed-like', () => {
    for (const seed of [11, 23, 37, 41, 59]) {
      const rnd = seededRandom(seed * 31);
      const events: ScriptedEvent[] = [];
      let apneas = 0, deep = 0, shallow = 0;
      for (let at = 130 + 60 * rnd(); at < 1700; at += 70 + 80 * rnd()) {
        const duration = 12 + 18 * rnd();
        const kind = rnd();
        if (kind < 0.4) {
          events.push({ type: 'apnea', at, duration });
          apneas++;
        } else if (kind < 0.7) {
          events.push({ type: 'hypopnea', at, duration, depth: 0.6 });
          deep++;
        } else {
          events.push({ type: 'hypopnea', at, duration, depth: 0.4 });
          shallow++;
        }
      }
      const script = { seconds: 1800, seed, bpm: 12 + 6 * rnd(), p0: 25 + 15 * rnd(), events };
      const { text, truth } = scriptedCpap(script);
      assert.deepEqual([
        ...checkScored(`random ${seed} aasm`, scoreText(text, { preset: 'aasm' }), truth, { apneas, hypopneas: deep + shallow }),
        ...checkScored(`random ${seed} resmed-like`, scoreText(text, { preset: 'resmed-like' }), truth, { apneas, hypopneas: deep }),
      ], []);
    }
  });

  it('breath physiology matches the generator: RR, Ti, Te, VT (half-sine: PIF·2·Ti/π), MV, PIF on T01', () => {
    const { text, truth } = scriptedCpap(scriptedCase('T01', 5));
    const r = scoreText(text, {});
    const period = 60 / truth.bpm, ti = 0.42 * period;
    const vt = ((truth.p0 / 60) * 2 * ti) / Math.PI * 1000; // mL
    const near = (name: string, got: number | null, want: number, rel: number) =>
      assert.ok(got !== null && Math.abs(got - want) <= rel * want, `${name}: ${got} vs ${want.toFixed(2)} ± ${rel * 100}%`);
    near('RR', r.breaths.rr.median, truth.bpm, 0.05);
    near('Ti', r.breaths.ti.median, ti, 0.08);
    near('Te', r.breaths.te.median, period - ti, 0.08);
    near('VT', r.breaths.vt.median, vt, 0.08);
    near('MV', r.breaths.mv.median, (vt / 1000) * truth.bpm, 0.08);
    near('PIF', r.breaths.pif.median, truth.p0, 0.05);
    assert.equal(r.breaths.complete, r.breaths.count - 1, 'one span: only the last breath is incomplete');
    assert.ok(r.leak.total.median !== null && Math.abs(r.leak.total.median - 24.57) < 0.5, `total leak ${r.leak.total.median} (the vent curve at 6.5 cmH2O)`);
  });

  it('rolling AHI: events per analysed hour of the preceding 60 min every 30 s; high leak shows in the leak result', () => {
    const { text } = scriptedCpap(scriptedCase('T10', 2));
    const plain = scoreText(text, {});
    assert.equal(plain.rollingAhi.time[1]! - plain.rollingAhi.time[0]!, 30);
    // The last step's window (the preceding 60 min) holds the whole recording up to that step.
    const k = plain.rollingAhi.ahi.length - 1;
    const tau = plain.rollingAhi.time[k]!;
    const before = plain.events.filter((e) => e.counted && e.start <= tau).length;
    const want = (before * 3600) / (tau - 0.0);
    assert.ok(Math.abs(plain.rollingAhi.ahi[k]! - want) < 0.05, `rolling ${plain.rollingAhi.ahi[k]} at ${tau} s vs ${want}`);
    const leaky = scoreText(text, { ventCurve: OSCAR_DEFAULT_VENT_CURVE });
    assert.ok(Math.abs(leaky.leak.unintentional!.overRedlineS - 600) <= 10, `${leaky.leak.unintentional!.overRedlineS} s over the redline`);
    assert.ok(leaky.leak.unintentional!.p95! > 24 && leaky.leak.unintentional!.median! < 24);
    assert.equal(leaky.leak.epochs.unintentional!.length, leaky.leak.epochs.time.length);
  });

  it('edge cases (§11): too short or flat is unscorable with a reason; a flat stretch over 120 s is no-flow, not analysed', () => {
    const short = scoreText(scriptedCpap({ seconds: 15, seed: 1 }).text, {});
    assert.equal(short.ahi, null);
    assert.match(short.reason ?? '', /fewer than 5 complete breaths/);
    const flat = scoreText(scriptedCpap({ seconds: 600, seed: 1, noFlow: [{ at: 0, duration: 600 }] }).text, {});
    assert.deepEqual([flat.ahi, flat.breaths.count, flat.analysedS], [null, 0, 0]);
    const { text, truth } = scriptedCpap({ seconds: 900, seed: 1, noFlow: [{ at: 300, duration: 200 }] });
    const mask = scoreText(text, {});
    const off = truth.noFlow[0]!.end - truth.noFlow[0]!.start;
    assert.ok(Math.abs(mask.analysedS - (900 - off)) < 1, `${mask.analysedS} s analysed`);
    assert.deepEqual(mask.events, [], 'a mask-off pause is no apnea');
  });

  it('warns noisy-flow when σ = 1.4826·median|F − S| is over 2 L/min (§11), with σ close to the scripted noise', () => {
    for (const [noiseLpm, warned] of [[0.36, false], [1.5, false], [5, true]] as const) {
      const r = scoreText(scriptedCpap({ seconds: 300, seed: 3, noiseLpm }).text, {});
      assert.equal(r.warnings.some((w) => w.code === 'noisy-flow'), warned, `noise ${noiseLpm}`);
      if (warned) {
        const sigma = Number(/σ ([\d.]+) L\/min/.exec(r.warnings[0]!.message)![1]);
        assert.ok(Math.abs(sigma - noiseLpm) < 0.5, `σ ${sigma} for noise ${noiseLpm}`);
      }
    }
  });

  it('stamps the method on every result and rejects a bad preset or vent curve with a clear error', () => {
    const { text } = scriptedCpap(scriptedCase('T02', 1));
    const r = scoreText(text, { preset: 'resmed-like' });
    assert.equal(r.method.name, 'cpap-flow-score');
    assert.equal(r.method.preset, 'resmed-like');
    assert.equal(r.method.apneaDrop, 0.75);
    assert.equal(r.method.strictApnea, true);
    assert.equal(r.method.leak, null);
    assert.equal(r.method.hypopnea, 'unconfirmed');
    assert.equal(r.breathTable.rr.length, r.breaths.complete);
    assert.throws(() => scoreText(text, { preset: 'nope' as never }), /Unknown scoring preset "nope"/);
    assert.throws(
      () => scoreText(text, { ventCurve: { lowCmH2O: 20, lowLpm: 20, highCmH2O: 4, highLpm: 48 } }),
      (e: Error & { code?: string }) => e.code === 'bad-options' && /second pressure/.test(e.message),
    );
  });
});
