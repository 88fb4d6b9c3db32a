// The real analysis worker in Chromium, through the page-side client, on the real samples.
import { CpapWorkerClient, analyzeCpap } from '../../src/worker/index.ts';
import { CpapAnalysisError, syntheticCpapFile } from '../../src/core/index.ts';
import { SAMPLE_NAMES, compareToExpected, type ExpectedMetrics } from '../support/samples.ts';
import { ok, equal, deepEqual, rejection } from './assert.ts';

const sampleUrl = (name: string) => `/__shared/cpap-samples/${name}`;
const sampleBlob = async (name: string) => new File([await (await fetch(sampleUrl(name))).blob()], name);

describe('analysis worker', () => {
  let expected: Record<string, ExpectedMetrics>;
  const client = new CpapWorkerClient().acquire();

  before(async () => {
    expected = await (await fetch(sampleUrl('expected.json'))).json();
  });
  after(() => client.release());

  for (const name of SAMPLE_NAMES) {
    it(`analyses ${name} from a File as expected.json says`, async () => {
      const r = await client.analyze(await sampleBlob(name), { envelopeWidth: 300 });
      deepEqual(compareToExpected(r.metrics, expected[name]), []);
      ok(r.time instanceof Float64Array && r.flow instanceof Float64Array);
      equal(r.time.length, expected[name].samples);
      equal(r.envelope.min.length, 300);
      let lo = Infinity, hi = -Infinity;
      for (const v of r.envelope.min) lo = Math.min(lo, v);
      for (const v of r.envelope.max) hi = Math.max(hi, v);
      equal(lo, expected[name].flow_min);
      equal(hi, expected[name].flow_max);
    });
  }

  it('takes a URL and an ArrayBuffer too', async () => {
    const fromUrl = await client.analyze(new URL(sampleUrl('patient_02.txt'), location.href));
    const buffer = await (await fetch(sampleUrl('patient_02.txt'))).arrayBuffer();
    const fromBuffer = await client.analyze(buffer);
    equal(fromUrl.metrics.breaths, 20);
    equal(fromBuffer.metrics.apnea_count, 2);
  });

  it('reports progress as a growing fraction of bytes ending at 1', async () => {
    const text = syntheticCpapFile({ seconds: 1800, seed: 5 });
    const seen: number[] = [];
    await client.analyze(new Blob([text]), { onProgress: (p) => seen.push(p.fraction) });
    await new Promise((r) => setTimeout(r, 50)); // progress messages may trail the result
    ok(seen.length >= 2, `progress calls: ${seen.length}`);
    equal(seen[seen.length - 1], 1);
    ok(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1])));
  });

  it('cancels with an AbortSignal and stays usable', async () => {
    const big = new Blob([syntheticCpapFile({ seconds: 3600, seed: 9 })]);
    const controller = new AbortController();
    const job = client.analyze(big, {
      signal: controller.signal,
      onProgress: (p) => { if (p.fraction > 0.1) controller.abort(); },
    });
    const error = await rejection(job);
    ok(error instanceof DOMException && error.name === 'AbortError', String(error));
    const next = await client.analyze(await sampleBlob('patient_05.txt'));
    equal(next.metrics.breaths, 13);
    const pre = new AbortController();
    pre.abort();
    const early = await rejection(client.analyze(big, { signal: pre.signal }));
    ok(early instanceof DOMException && early.name === 'AbortError');
  });

  it('rejects bad files with a clear CpapAnalysisError and stays usable', async () => {
    const empty = await rejection(client.analyze(new Blob([])));
    ok(empty instanceof CpapAnalysisError && empty.code === 'empty', String(empty));
    const junk = await rejection(client.analyze(new Blob([new Uint8Array(4096).map((_, i) => (i * 7919) & 255)])));
    ok(junk instanceof CpapAnalysisError && junk.code === 'no-data', String(junk));
    const missing = await rejection(client.analyze('/__shared/cpap-samples/none.txt'));
    ok(missing instanceof CpapAnalysisError && /404/.test(missing.message), String(missing));
    equal((await client.analyze(await sampleBlob('patient_06.txt'))).metrics.invalid_line_count, 2);
  });

  it('a worker stopped mid-job rejects that job and the next job gets a new worker', async () => {
    const other = new CpapWorkerClient().acquire();
    const job = other.analyze(new Blob([syntheticCpapFile({ seconds: 3600, seed: 4 })]));
    await new Promise((r) => setTimeout(r, 30));
    other.terminate();
    const error = await rejection(job);
    ok(error instanceof Error && /stopped/.test(error.message));
    equal((await other.analyze(await sampleBlob('patient_03.txt'))).metrics.breaths, 18);
    other.release();
    equal(other.isRunning, false, 'released: the worker is gone');
  });

  it('analyzeCpap() uses a shared worker that is released after the job', async () => {
    const r = await analyzeCpap(await sampleBlob('patient_04.txt'));
    equal(r.metrics.breaths, 57);
  });
});
