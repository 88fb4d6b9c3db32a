// The worker pool in Chromium, with real workers: one night parsed over several workers gives the
// one-worker result field for field (the samples, a CRLF+BOM variant cut in many places, a generated
// night at the default settings), and analyzeMany spreads a set of files over the pool with one
// progress, a cancel, and a bad file reported while the others finish. The built dist/cdn from another
// origin runs its pool through the blob: shim (read from dist/: run under the build lock).
import { CpapWorkerClient, analyzeMany, type AnalysisResult, type NightOutcome } from '../../src/worker/index.ts';
import { CpapAnalysisError } from '../../src/core/index.ts';
import { SAMPLE_NAMES, compareToExpected, type ExpectedMetrics } from '../support/samples.ts';
import { patientServers } from './controller-host.ts';
import { ok, equal, deepEqual, rejection } from './assert.ts';
import { recordWorkers } from './record-workers.ts';

const sampleUrl = (name: string) => `/__shared/cpap-samples/${name}`;
const sampleFile = async (name: string) => new File([await (await fetch(sampleUrl(name))).blob()], name);


/** Everything but the timing (metrics, columns, envelope, clinical scoring), typed arrays as their bits. */
function comparable(r: AnalysisResult) {
  const { timing, ...metrics } = r.metrics;
  ok(timing.total_ms >= 0);
  const bits = (_: string, v: unknown) => {
    if (!ArrayBuffer.isView(v)) return v;
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
    return `${v.constructor.name}:` + (bytes.length % 4 ? Array.from(bytes) : Array.from(new Uint32Array(bytes.buffer))).join(',');
  };
  return JSON.stringify({ metrics, time: r.time, flow: r.flow, envelope: r.envelope, clinical: r.clinical }, bits);
}

describe('worker pool: one night over several workers', () => {
  // Small ranges, so a 0.2-0.7 MB sample is cut into four.
  const pool = new CpapWorkerClient({ workers: 4, minChunkBytes: 20_000 }).acquire();
  const single = new CpapWorkerClient({ workers: 1 }).acquire();
  after(() => {
    pool.release();
    single.release();
  });

  it('gives the single-worker result on every sample, from four workers', async () => {
    for (const name of SAMPLE_NAMES) {
      const file = await sampleFile(name);
      const one = await single.analyze(file, { envelopeWidth: 300 });
      const { result: many, urls: { length: started } } = await recordWorkers(() => pool.analyze(file, { envelopeWidth: 300 }));
      equal(comparable(many), comparable(one), name);
      ok(many.clinical && many.metrics.timing.scoring_ms >= 0, `${name}: scored beside the metrics`);
      const { parse_ms, scoring_ms, total_ms } = many.metrics.timing;
      ok(total_ms + 1 >= parse_ms + scoring_ms, `${name}: total_ms ${total_ms} counts the parse (${parse_ms}) and the scoring after it (${scoring_ms})`);
      if (name === SAMPLE_NAMES[0]) equal(started, 4, 'the first analysis starts the four workers');
    }
    equal(pool.workers, 4);
  });

  it('with wasm: true the WebAssembly kernel parses, on one worker and over four, with the same result', async () => {
    for (const name of SAMPLE_NAMES) {
      const file = await sampleFile(name);
      const js = await single.analyze(file, { envelopeWidth: 300 });
      const [one, four] = [await single.analyze(file, { envelopeWidth: 300, wasm: true }), await pool.analyze(file, { envelopeWidth: 300, wasm: true })];
      deepEqual([js.metrics.timing.parser, one.metrics.timing.parser, four.metrics.timing.parser], ['js', 'wasm', 'wasm'], name);
      equal(comparable(one), comparable(js), `${name}: one worker`);
      equal(comparable(four), comparable(js), `${name}: four workers`);
    }
  });

  it('gives the same result when the cuts fall in CRLF lines after a BOM, around invalid lines', async () => {
    const text = await (await fetch(sampleUrl('patient_06.txt'))).text();
    const crlf = new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), text.replace(/\n/g, '\r\n'), 'not,a,line\r\n']);
    for (const minChunkBytes of [1000, 7919, 51_234]) {
      const cut = new CpapWorkerClient({ workers: 4, minChunkBytes });
      const [a, b] = [await single.analyze(crlf), await cut.analyze(crlf)];
      equal(comparable(b), comparable(a), `ranges of at least ${minChunkBytes} B`);
      equal(comparable(await cut.analyze(crlf, { wasm: true })), comparable(a), `ranges of at least ${minChunkBytes} B, wasm`);
      equal(b.metrics.invalid_line_count, 3);
    }
  });

  it('a generated night at the default settings is split over two workers, with progress, and is identical', async () => {
    const night = await single.generateSample({ seconds: 5400, seed: 15 }, 'night.txt');
    ok(night.size > 16 << 20, `${night.size} B: large enough to split`);
    const two = new CpapWorkerClient({ workers: 2 }).acquire();
    try {
      const seen: number[] = [];
      const { result, urls: { length: started } } = await recordWorkers(() => two.analyze(night, { onProgress: (p) => seen.push(p.fraction) }));
      equal(started, 2);
      equal(comparable(result), comparable(await single.analyze(night)));
      // The scoring skipped, and scoring options that are not valid: the same on both paths.
      equal(comparable(await two.analyze(night, { scoring: false })), comparable(await single.analyze(night, { scoring: false })));
      let read = 0;
      const bad = { scoring: { preset: 'no-such-preset' }, onProgress: () => read++ } as unknown as Parameters<CpapWorkerClient['analyze']>[1];
      const [e1, e2] = [await rejection(two.analyze(night, bad)), await rejection(single.analyze(night, bad))];
      ok(e1 instanceof CpapAnalysisError && e1.code === 'bad-options', String(e1));
      ok(e2 instanceof CpapAnalysisError && e1.message === e2.message, `${e1} / ${e2}`);
      equal(read, 0, 'bad options are refused before anything is read');
      ok(seen.length >= 3 && seen[seen.length - 1] === 1, `progress ${seen}`);
      ok(seen.every((f, i) => f >= 0 && f <= 1 && (i === 0 || f >= seen[i - 1]!)), `progress ${seen}`);

      // Cancelled halfway: an AbortError, and the pool serves the next night.
      const controller = new AbortController();
      const job = two.analyze(night, { signal: controller.signal, onProgress: (p) => p.fraction > 0.2 && controller.abort() });
      const error = await rejection(job);
      ok(error instanceof DOMException && error.name === 'AbortError', String(error));
      equal((await two.analyze(await sampleFile('patient_05.txt'))).metrics.breaths, 13);
    } finally {
      two.release();
    }
  });
});

describe('worker pool from another origin', () => {
  it('dist/cdn from another origin runs its pool through the blob: shim, with the one-worker result', async () => {
    const cdn = `${(await patientServers()).push}lib/`;
    ok(new URL(cdn).origin !== location.origin, cdn);
    const lib = (await import(/* @vite-ignore */ `${cdn}worker.js`)) as typeof import('../../src/worker/index.ts');
    const file = await sampleFile('patient_01.txt');
    const pool = new lib.CpapWorkerClient({ workers: 2, minChunkBytes: 100_000 });
    const { result, urls } = await recordWorkers(() => pool.analyze(file));
    equal(urls.length, 2);
    ok(urls.every((u) => u.startsWith(`blob:${location.origin}/`)), urls.join(' '));
    const one = await new lib.CpapWorkerClient({ workers: 1 }).analyze(file);
    equal(comparable(result), comparable(one));
    const [night] = await lib.analyzeMany([file], { client: pool });
    ok(night!.ok && night.result.metrics.breaths === one.metrics.breaths);
  });
});

describe('analyzeMany: a set of nights over the pool', () => {
  let expected: Record<string, ExpectedMetrics>;
  before(async () => {
    expected = await (await fetch(sampleUrl('expected.json'))).json();
  });

  it('analyses every file with one progress, at most one night per worker, and reports the bad file while the others finish', async () => {
    const client = new CpapWorkerClient({ workers: 2 });
    // The files in flight, counted where each night starts and ends.
    let inFlight = 0, most = 0;
    const analyze = client.analyze.bind(client);
    client.analyze = async (...args) => {
      most = Math.max(most, ++inFlight);
      try {
        return await analyze(...args);
      } finally {
        inFlight--;
      }
    };
    const bad = new File([new Uint8Array(4096).map((_, i) => (i * 7919) & 255)], 'junk.txt');
    const files = [...(await Promise.all(SAMPLE_NAMES.slice(0, 3).map(sampleFile))), bad, ...(await Promise.all(SAMPLE_NAMES.slice(3).map(sampleFile)))];
    const progress: Array<{ fraction: number; done: number; failed: number; files: number }> = [];
    const finished: NightOutcome[] = [];
    const outcomes = await analyzeMany(files, { client, onProgress: (p) => progress.push(p), onNight: (o) => finished.push(o) });

    equal(outcomes.length, files.length);
    equal(finished.length, files.length);
    ok(most >= 2 && most <= client.workers, `at most ${client.workers} nights at once, at least two: ${most}`);
    outcomes.forEach((o, i) => {
      equal(o.index, i);
      equal(o.name, files[i]!.name);
      if (o.name === 'junk.txt') {
        ok(!o.ok && o.error instanceof CpapAnalysisError && o.error.code === 'no-data', JSON.stringify(o));
      } else {
        ok(o.ok, `${o.name}: ${!o.ok && o.error.message}`);
        deepEqual(compareToExpected(o.result.metrics, expected[o.name]!), [], o.name);
        ok(o.result.envelope.min.length > 0 && !('time' in o.result), 'metrics and envelope, no columns');
      }
    });
    const last = progress[progress.length - 1]!;
    deepEqual(last, { fraction: 1, done: files.length, failed: 1, files: files.length });
    ok(progress.every((p, i) => i === 0 || (p.fraction >= progress[i - 1]!.fraction && p.done >= progress[i - 1]!.done)), 'progress never goes back');
    equal(client.isRunning, false, 'nobody holds the client: its workers are gone');
  });

  it('cancels the whole set: running nights stop, waiting ones never start; the pool stays usable', async () => {
    const client = new CpapWorkerClient({ workers: 2 }).acquire();
    try {
      const nights = await Promise.all([1, 2, 3, 4].map((seed) => client.generateSample({ seconds: 1800, seed }, `night-${seed}.txt`)));
      const controller = new AbortController();
      const finished: NightOutcome[] = [];
      const job = analyzeMany(nights, {
        client,
        signal: controller.signal,
        onNight: (o) => finished.push(o),
        onProgress: (p) => p.fraction > 0.15 && controller.abort(),
      });
      const error = await rejection(job);
      ok(error instanceof DOMException && error.name === 'AbortError', String(error));
      ok(finished.length < nights.length, `${finished.length} of ${nights.length} finished before the cancel`);
      const [again] = await analyzeMany([await sampleFile('patient_02.txt')], { client });
      ok(again!.ok && again.result.metrics.breaths === 20);
      const early = new AbortController();
      early.abort();
      ok((await rejection(analyzeMany(nights, { client, signal: early.signal }))) instanceof DOMException);
    } finally {
      client.release();
    }
  });
});
