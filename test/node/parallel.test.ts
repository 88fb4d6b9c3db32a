// The core on Node's worker threads (src/node): one night cut into chunks over real threads, many
// files over the pool with one progress, cancel, and each bad file reported while the others finish.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CpapAnalyzer, analyzeCpapBytes, syntheticCpapText } from '../../src/core/index.ts';
import { analyzeFileParallel, analyzeMany, threadCount, type ManyProgress } from '../../src/node/index.ts';
import { SAMPLE_NAMES } from '../support/samples.ts';
import { bits, comparable } from '../support/compare.ts';

const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/cpap-samples');

describe('Node threads', () => {
  let tmp = '';
  let night = '';
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpap-threads-'));
    // 40 minutes with CRLF endings and a BOM: about 9 MB, so chunk cuts fall in CRLFs and bad lines.
    night = path.join(tmp, 'night.txt');
    const text = [...syntheticCpapText({ seconds: 40 * 60, seed: 15, badLineRate: 0.002 }, 20000)].join('').replace(/\n/g, '\r\n');
    fs.writeFileSync(night, '\uFEFF' + text);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('one night in 2 and 3 threads gives the single-thread analysis, field for field', { timeout: 120_000 }, async () => {
    const { time, flow, ...single } = analyzeCpapBytes(fs.readFileSync(night));
    assert.ok(single.metrics.invalid_line_count > 50);
    for (const threads of [2, 3]) {
      const seen: number[] = [];
      const { time: t, flow: f, ...parallel } = await analyzeFileParallel(night, { threads, minParallelBytes: 0, onProgress: (done) => seen.push(done) });
      assert.deepEqual(comparable(parallel), comparable(single), `${threads} threads`);
      assert.ok(bits(t).equals(bits(time)) && bits(f).equals(bits(flow)), `${threads} threads: the same columns`);
      assert.equal(seen.at(-1), fs.statSync(night).size, 'progress reaches the file size');
    }
    assert.ok(single.clinical, 'scored by default (in a thread, beside the legacy metrics)');
  });

  it('the scoring options pass through: skipped, another preset, a bad one refused before reading', { timeout: 120_000 }, async () => {
    const bytes = fs.readFileSync(night);
    for (const analysisOptions of [{ scoring: false as const }, { scoring: { preset: 'resmed-like' as const } }]) {
      const a = new CpapAnalyzer(analysisOptions);
      a.push(bytes);
      const { time, flow, ...single } = a.finish();
      const { time: t, flow: f, ...parallel } = await analyzeFileParallel(night, { threads: 2, minParallelBytes: 0, analysisOptions });
      assert.deepEqual(comparable(parallel), comparable(single), JSON.stringify(analysisOptions));
      assert.equal('clinical' in parallel, analysisOptions.scoring !== false);
    }
    const bad = { scoring: { preset: 'nope' as never } };
    await assert.rejects(analyzeFileParallel(night, { analysisOptions: bad }), (e: Error & { code?: string }) => e.code === 'bad-options');
    await assert.rejects(analyzeMany([night], { analysisOptions: bad }), (e: Error & { code?: string }) => e.code === 'bad-options');
  });

  it('many files: results in order, one progress for the set, a bad file reported while the others finish', { timeout: 120_000 }, async () => {
    const empty = path.join(tmp, 'empty.txt');
    fs.writeFileSync(empty, '');
    const files = [
      ...SAMPLE_NAMES.slice(0, 3).map((n) => path.join(SAMPLES, n)),
      path.join(tmp, 'missing.txt'),
      empty,
      night,
      path.join(SAMPLES, SAMPLE_NAMES[5]),
    ];
    const progress: ManyProgress[] = [];
    const results = await analyzeMany(files, { threads: 2, minParallelBytes: 0, onProgress: (p) => progress.push(p) });
    assert.deepEqual(results.map((r) => r.file), files);
    for (const [i, r] of results.entries()) {
      if (i === 3) assert.ok('error' in r && r.error.code === 'read-failed' && /missing\.txt: ENOENT/.test(r.error.message));
      else if (i === 4) assert.ok('error' in r && r.error.code === 'empty');
      else {
        assert.ok('metrics' in r, `${files[i]} analysed`);
        const { time, flow, ...single } = analyzeCpapBytes(fs.readFileSync(files[i]!));
        assert.deepEqual(comparable(r), comparable({ file: files[i], ...single }));
      }
    }
    const last = progress.at(-1)!;
    const total = files.reduce((a, f) => a + (fs.existsSync(f) ? fs.statSync(f).size : 0), 0);
    assert.deepEqual(last, { bytesDone: total, bytesTotal: total, filesDone: files.length, filesTotal: files.length });
    for (let i = 1; i < progress.length; i++) {
      assert.ok(progress[i]!.bytesDone >= progress[i - 1]!.bytesDone && progress[i]!.filesDone >= progress[i - 1]!.filesDone, 'progress never goes back');
    }
  });

  it('small sets stay on the calling thread and give the same results', async () => {
    const files = SAMPLE_NAMES.map((n) => path.join(SAMPLES, n));
    const here = await analyzeMany(files, { threads: 2 });
    const threaded = await analyzeMany(files, { threads: 2, minParallelBytes: 0 });
    assert.deepEqual(here.map(comparable as never), threaded.map(comparable as never));
  });

  it('cancel: the threads stop and the call rejects with "aborted"', { timeout: 120_000 }, async () => {
    const controller = new AbortController();
    const files = [night, night, night, night, night, night];
    const t0 = performance.now();
    const run = analyzeMany(files, {
      threads: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytesDone > 0) controller.abort();
      },
    });
    await assert.rejects(run, (e: Error & { code?: string }) => e.code === 'aborted');
    const ms = performance.now() - t0;
    const { metrics } = analyzeCpapBytes(fs.readFileSync(night));
    // Six nights take six times one night; a stopped set ends well before (measured, not a fixed time).
    assert.ok(ms < 3 * metrics.timing.total_ms + 2000, `cancelled after ${ms.toFixed(0)} ms`);
    await assert.rejects(analyzeFileParallel(night, { signal: AbortSignal.abort() }), (e: Error & { code?: string }) => e.code === 'aborted');
  });

  it('thread counts: the cores capped by default, an option within 1-64', () => {
    assert.equal(threadCount(), Math.min(8, os.availableParallelism()));
    assert.equal(threadCount(3), 3);
    for (const bad of [0, 1.5, 65, NaN]) assert.throws(() => threadCount(bad), RangeError);
  });
});

describe('Node threads: cutting a file on disk', () => {
  it('moves every cut to the line start chunkBounds finds in memory (CRLF, BOM, a line longer than the read window)', async () => {
    const { fileChunkBounds } = await import('../../src/node/files.ts');
    const { chunkBounds } = await import('../../src/core/chunks.ts');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpap-cuts-'));
    try {
      const file = path.join(tmp, 'cuts.txt');
      const bytes = Buffer.from('\uFEFFtime,a\r\n1,2\r\n\n' + 'x'.repeat(150_000) + '\n3,4\r\n5,6');
      fs.writeFileSync(file, bytes);
      const cuts = [...Array.from({ length: 20 }, (_, k) => k), ...Array.from({ length: 40 }, (_, k) => Math.floor((k * bytes.length) / 40)), bytes.length - 3, bytes.length - 1, bytes.length];
      for (const cut of cuts) {
        assert.deepEqual(fileChunkBounds(file, bytes.length, [cut]), chunkBounds(bytes, [cut]), `cut at ${cut}`);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
