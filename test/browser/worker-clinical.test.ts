// The real analysis worker in Chromium returns the core's clinical scoring (cpap-scoring.md), typed
// arrays included, on the six samples and T01-T10, under every preset and with a vent curve; a bad
// preset or vent curve is a 'bad-options' error. Its Node twin, test/node/cli-clinical.test.ts,
// checks the CLI against the same core on the same recordings: worker, CLI and core agree.
import { CpapWorkerClient } from '../../src/worker/index.ts';
import { CpapAnalysisError, analyzeCpapBytes, scriptedCpap, scriptedCase, SCRIPTED_CASE_IDS, OSCAR_DEFAULT_VENT_CURVE } from '../../src/core/index.ts';
import type { ClinicalResult, ScoringOptions } from '../../src/core/index.ts';
import { SAMPLE_NAMES } from '../support/samples.ts';
import { ok, equal } from './assert.ts';

const sampleUrl = (name: string) => `/__shared/cpap-samples/${name}`;
const PRESETS: ScoringOptions[] = [{}, { preset: 'resmed-like' }, { preset: 'oscar-uf', ventCurve: OSCAR_DEFAULT_VENT_CURVE }];

/** The whole clinical result as text, typed arrays as plain arrays (NaN as null, as JSON has it). */
const text = (c: ClinicalResult | undefined) =>
  JSON.stringify(c, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));

describe('analysis worker: clinical scoring', () => {
  const client = new CpapWorkerClient().acquire();
  after(() => client.release());

  const recordings: Array<[string, () => Promise<Uint8Array>]> = [
    ...SAMPLE_NAMES.map((name): [string, () => Promise<Uint8Array>] => [name, async () => new Uint8Array(await (await fetch(sampleUrl(name))).arrayBuffer())]),
    ...SCRIPTED_CASE_IDS.map((id): [string, () => Promise<Uint8Array>] => [id, async () => new TextEncoder().encode(scriptedCpap(scriptedCase(id, 1)).text)]),
  ];
  for (const [name, load] of recordings) {
    it(`${name}: the worker's clinical result is the core's under every preset`, async () => {
      const bytes = await load();
      for (const scoring of PRESETS) {
        const core = analyzeCpapBytes(bytes, { scoring }).clinical;
        const worker = await client.analyze(new File([bytes as BlobPart], `${name}.txt`), { scoring, envelopeWidth: 100 });
        ok(worker.clinical, 'the worker returns clinical');
        ok(worker.clinical.breathTable.vt instanceof Float64Array, 'typed arrays arrive as typed arrays');
        equal(worker.clinical.method.preset, scoring.preset ?? 'aasm');
        equal(text(worker.clinical), text(core), `${name} ${scoring.preset ?? 'aasm'}`);
        ok(worker.metrics.timing.scoring_ms >= 0);
      }
    });
  }

  it('scoring: false skips it; a bad preset or vent curve is a bad-options error', async () => {
    const bytes = await (await fetch(sampleUrl('patient_01.txt'))).arrayBuffer();
    const skipped = await client.analyze(bytes.slice(0), { scoring: false });
    equal(skipped.clinical, undefined);
    equal(skipped.metrics.breaths, 61);
    for (const scoring of [{ preset: 'osa' }, { ventCurve: { lowCmH2O: 20, lowLpm: 20, highCmH2O: 4, highLpm: 48 } }] as ScoringOptions[]) {
      let error: unknown;
      try {
        await client.analyze(bytes.slice(0), { scoring });
      } catch (e) {
        error = e;
      }
      ok(error instanceof CpapAnalysisError, String(error));
      equal(error.code, 'bad-options');
    }
  });
});
