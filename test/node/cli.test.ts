// `cpap-analyze` as users run it: the built bin in a child process, on the real samples.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SAMPLE_NAMES, compareToExpected, type ExpectedMetrics } from '../support/samples.ts';
import { syntheticCpapText } from '../../src/core/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/cpap-analyze.js');
const SAMPLES = path.resolve(ROOT, '../shared/cpap-samples');
const expected = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'expected.json'), 'utf8')) as Record<string, ExpectedMetrics>;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('cpap-analyze', () => {
  let tmp = '';
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist/node/cli.js')), 'run npm run build first');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpap-cli-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  for (const name of SAMPLE_NAMES) {
    it(`prints the expected metrics for ${name}`, async () => {
      const r = await cli(path.join(SAMPLES, name));
      assert.equal(r.code, 0, r.stderr);
      const metrics = JSON.parse(r.stdout);
      assert.deepEqual(compareToExpected(metrics, expected[name]), []);
      assert.equal(metrics.time, undefined, 'no big arrays in the JSON');
    });
  }

  it('--out DIR writes one JSON per input', async () => {
    const r = await cli('--out', tmp, path.join(SAMPLES, 'patient_01.txt'), path.join(SAMPLES, 'patient_02.txt'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const m = JSON.parse(fs.readFileSync(path.join(tmp, 'patient_02.json'), 'utf8'));
    assert.equal(m.breaths, 20);
  });

  it('--threads: a night cut over 2 threads, several nights one per thread, print what 1 thread prints; a bad file does not stop the others', { timeout: 300_000 }, async () => {
    // Over 32 MB (MIN_PARALLEL_BYTES), so the built CLI starts its threads (dist/node/thread.js).
    const night = path.join(tmp, 'night.txt');
    fs.writeFileSync(night, [...syntheticCpapText({ seconds: 2.5 * 3600, seed: 4 }, 20000)].join(''));
    assert.ok(fs.statSync(night).size > 32 << 20);
    const files = [...SAMPLE_NAMES.map((n) => path.join(SAMPLES, n)), night, path.join(tmp, 'nope.txt')];
    const one = await cli('--threads', '1', ...files);
    const [two, alone] = await Promise.all([cli('--threads=2', ...files), cli('--threads', '2', night)]);
    const strip = (m: { timing: unknown }) => ({ ...m, timing: undefined });
    const strips = (out: string) => (JSON.parse(out) as Array<{ timing: unknown }>).map(strip);
    assert.equal(two.code, 1);
    assert.equal(two.stderr.trim(), 'cpap-analyze: nope.txt: cannot read ' + path.join(tmp, 'nope.txt') + ': ENOENT');
    assert.equal(strips(two.stdout).length, SAMPLE_NAMES.length + 1);
    assert.deepEqual(strips(two.stdout), strips(one.stdout));
    assert.equal(alone.code, 0, alone.stderr);
    assert.deepEqual(strip(JSON.parse(alone.stdout)), strips(one.stdout).at(-1));
    for (const bad of ['0', 'x', '65', '2.5', '']) {
      const r = await cli('--threads', bad, files[0]!);
      assert.equal(r.code, 2);
      assert.match(r.stderr, new RegExp(`--threads: threads must be a whole number from 1 to 64, not ${bad}\\n`), r.stderr);
    }
  });

  it('exits 1 with a one-line error for an empty file', async () => {
    const empty = path.join(tmp, 'empty.txt');
    fs.writeFileSync(empty, '');
    const r = await cli(empty);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.match(r.stderr, /empty\.txt: The file is empty/);
  });

  it('exits 1 with a one-line error for an unreadable file', async () => {
    const r = await cli(path.join(tmp, 'missing.txt'));
    assert.equal(r.code, 1);
    assert.match(r.stderr.trim(), /^cpap-analyze: missing\.txt: cannot read .*ENOENT$/);
    const dir = await cli(tmp);
    assert.equal(dir.code, 1);
    assert.match(dir.stderr, /not a regular file|EISDIR/);
  });

  it('exits 1 for a file with a header only, 2 for bad usage', async () => {
    const header = path.join(tmp, 'header.txt');
    fs.writeFileSync(header, 'Time [s],a,b,c,d,e,f\n');
    const r = await cli(header);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No CPAP data found/);
    assert.equal((await cli()).code, 2);
  });
});
