// `cpap-analyze` (the built bin, a real process) prints the `clinical` object the core computes, on
// the six samples and T01-T10, under every preset and with a vent curve; bad values exit 2 with a
// clear message. Its browser twin, test/browser/worker-clinical.test.ts, checks the worker the same
// way against the same core on the same recordings: worker, CLI and core agree.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { analyzeCpapBytes } from '../../src/core/analyze.ts';
import { scriptedCpap } from '../../src/core/scripted.ts';
import { SCRIPTED_CASE_IDS, scriptedCase } from '../../src/core/scripted-cases.ts';
import { clinicalSummary } from '../../src/core/scoring/summary.ts';
import { OSCAR_DEFAULT_VENT_CURVE, type ScoringOptions } from '../../src/core/scoring/types.ts';
import { SAMPLE_NAMES } from '../support/samples.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/cpap-analyze.js');
const SAMPLES = path.resolve(ROOT, '../shared/cpap-samples');

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 240_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('cpap-analyze: the clinical object', () => {
  let tmp = '';
  let files: string[] = [];
  before(() => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist/node/cli.js')), 'run npm run build first');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cpap-cli-clinical-'));
    files = SAMPLE_NAMES.map((n) => path.join(SAMPLES, n));
    for (const id of SCRIPTED_CASE_IDS) {
      const file = path.join(tmp, `${id}.txt`);
      fs.writeFileSync(file, scriptedCpap(scriptedCase(id, 1)).text);
      files.push(file);
    }
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const runs: Array<[string, string[], ScoringOptions]> = [
    ['default (aasm)', [], {}],
    ['--preset resmed-like', ['--preset', 'resmed-like'], { preset: 'resmed-like' }],
    ['--preset=oscar-uf with the default vent curve', ['--preset=oscar-uf', '--vent-curve', '4,20.167,20,48.333'], { preset: 'oscar-uf', ventCurve: OSCAR_DEFAULT_VENT_CURVE }],
  ];
  for (const [name, args, scoring] of runs) {
    it(`${name}: the core's clinical result on every recording`, async () => {
      const r = await cli(...args, ...files);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as Array<{ clinical: Record<string, unknown> & { breathTable?: unknown } }>;
      assert.equal(out.length, files.length);
      files.forEach((file, i) => {
        const core = analyzeCpapBytes(fs.readFileSync(file), { scoring }).clinical!;
        assert.deepEqual(out[i]!.clinical, JSON.parse(JSON.stringify(clinicalSummary(core))), path.basename(file));
        assert.equal(out[i]!.clinical.breathTable, undefined, 'no big arrays in the JSON');
      });
      assert.equal(out[0]!.clinical.method && (out[0]!.clinical.method as { preset: string }).preset, scoring.preset ?? 'aasm');
    });
  }

  it('T10 with the vent curve: 3 apneas counted, 3 listed in high leak', async () => {
    const r = await cli('--vent-curve=4,20.167,20,48.333', path.join(tmp, 'T10.txt'));
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout).clinical;
    assert.equal(c.events.filter((e: { counted: boolean }) => e.counted).length, 3);
    assert.equal(c.events.length, 6);
    assert.equal(c.ahi.toFixed(2), '9.00');
    assert.deepEqual(c.method.leak, { vent4: 20.167, vent20: 48.333, redline: 24 });
  });

  it('bad --preset or --vent-curve: exit 2 with the reason', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--preset', 'osa'], /--preset: Unknown scoring preset "osa": use aasm, resmed-like, oscar-uf\./],
      [['--preset'], /--preset: Unknown scoring preset ".*": use aasm, resmed-like, oscar-uf\./],
      [['--vent-curve', '4,20'], /--vent-curve needs four numbers P4,F4,P20,F20/],
      [['--vent-curve', '4,20,x,48'], /--vent-curve needs four numbers/],
      [['--vent-curve', '20,48,4,20'], /second pressure must be above its first/],
      [['--vent-curve', '4,-1,20,48'], /must be >= 0/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args, files[0]!);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
      assert.match(r.stderr, message);
    }
  });
});
