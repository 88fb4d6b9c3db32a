// `npm run bench` must not rot: its short mode (small inputs, one repetition) runs every benchmark
// against the built dist/ and each must print its figures and exit 0.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The figure lines each bench prints (a number where a measurement goes). */
const FIGURES: Record<string, RegExp[]> = {
  'bench/core.js': [
    /Node: bare byte parse\s+\d+ MB\/s \(\d+ ms\)/,
    /Node: parse into columns, JS vs WebAssembly\s+[\d.]+(-[\d.]+)? s vs [\d.]+(-[\d.]+)? s: [\d.]+x/,
    /Node: whole analysis \(WebAssembly parse\)\s+\d+ MB\/s, [\d.]+ s/,
    /Chromium worker: bare byte parse\s+\d+ MB\/s \(\d+ ms\)/,
    /Chromium worker: whole analysis\s+\d+ MB\/s, [\d.]+ s/,
    /Chromium: wasm: true, one worker \/ two\s+[\d.]+(-[\d.]+)? s \/ [\d.]+(-[\d.]+)? s: [\d.]+x.*parser wasm\)/,
    /Chromium: worker CPU per night, one vs two\s+[\d.]+(-[\d.]+)? s vs [\d.]+(-[\d.]+)? s on the busier of two \([\d.]+(-[\d.]+)? s in all\): [\d.]+-[\d.]+x on an idle machine/,
    /Chromium: one worker vs two \(runs\)\s+[\d.]+(-[\d.]+)? s vs [\d.]+(-[\d.]+)? s: [\d.]+x \(best of each; \d+ cores; identical metrics\)/,
    /Chromium: longest main-thread task during analysis\s+\d+ ms/,
    /Node: clinical scoring \(aasm\)\s+[+-]\d+% \(best whole analysis [\d.]+(-[\d.]+)? s with, [\d.]+(-[\d.]+)? s without; scoring_ms per run [+-]\d+%/,
    /Chromium worker: clinical scoring \(aasm\)\s+[+-]\d+% \(best one-worker analysis [\d.]+(-[\d.]+)? s with, [\d.]+(-[\d.]+)? s without; scoring_ms per run [+-]\d+%/,
    /metrics\s+breaths \d+, rate [\d.]+ bpm, apnea \d+/,
  ],
  'bench/parallel.js': [
    /Node night, 1 thread \(no scoring\)\s+[\d.]+ s/,
    /Node night, \d+ threads \(no scoring\)\s+[\d.]+ s: [\d.]+x/,
    /CLI whole process, night \(with scoring\)\s+[\d.]+ s, peak \d+ MB/,
    /pandas reference(?: whole process, night\s+[\d.]+ s| +skipped: )/,
    /6 nights, one cpap-analyze call\s+[\d.]+ s, peak \d+ MB/,
    /6 nights, six single calls\s+[\d.]+ s: one call [\d.]+x faster/,
  ],
  'bench/chart.js': [/time to first draw\s*│\s*'[\d.]+ ms'/, /zoom step work \(\d+ steps\)\s*│\s*'mean [\d.]+ ms/, /max points handed to uPlot\s*│\s*'\d+'/, /zoom step work with [\d,]+ event bands\s*│\s*'mean [\d.]+ ms/, /frame interval while zooming, with the bands\s*│\s*'mean [\d.]+ ms/],
  'bench/server.js': [
    /\| GET \/get_all_patients \(\d+ x 10\) \| \d+ \| \d+ \| [\d.]+ \| [\d.]+ \| 0 \|/,
    /\| GET \/patients\?fields=room_number,patient_mrn \| \d+ \| \d+ \|/,
    /\| POST \/add_patient \(append, with image\) \| \d+ \| \d+ \|/,
    /\| \d+ \| [\d.]+ MB \| [\d.]+ MB \| -?[\d.]+ KB \| \d+ ms \| \d+ ms \|/,
  ],
  'bench/scale.js': [
    /bench scale: \d+ cores/,
    /\| SQLite, direct \| 1 \| GET \/get_all_patients \| \d+ \| [\d.]+ \| [\d.]+ \| 0 \|/,
    /\| SQLite, direct \| 1 \| POST \/add_patient \| \d+ \| [\d.]+ \| [\d.]+ \| 0 \|/,
    /\| PostgreSQL, nginx \| 2 \| GET \/get_all_patients \| \d+ \| [\d.]+ \| [\d.]+ \| 0 \|/,
    /\| PostgreSQL, nginx \| 2 \| POST \/add_patient \| \d+ \| [\d.]+ \| [\d.]+ \| 0 \|/,
  ],
  'bench/dashboard.js': [
    /at page load \(page and dashboard, before any analysis\), min\+gzip: [\d.]+ KB/,
    /navigation to interactive dashboard: median \d+ ms/,
    /offline start .* to interactive dashboard: median \d+ ms/,
    /choosing patient_01\.txt to metrics on screen: median \d+ ms/,
  ],
  'bench/sizes.js': [/da-flow-chart \(da-flow-chart\)\s+[\d.]+ KB \/ [\d.]+ KB/, /all \d+ elements\s+[\d.]+ KB/, /store core\s+[\d.]+ KB/],
};

it('npm run bench -- --short: every bench runs to the end and prints its figures', { timeout: 210_000 }, () => {
  for (const f of ['dist/node/core.js', 'dist/server/server.js', 'dist/demo/index.html']) {
    assert.ok(fs.existsSync(path.join(ROOT, f)), `${f} is missing: run npm run build first`);
  }
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bench/run.js'), '--short', '--no-build'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 200_000,
  });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, `bench/run.js --short exited ${r.status ?? r.signal}:\n${out.slice(-4000)}`);
  // The output of each bench: from its `=== name (file` header to its `=== file: outcome` line.
  for (const [file, figures] of Object.entries(FIGURES)) {
    const start = r.stdout.indexOf(`(${file}, short)`);
    const end = r.stdout.indexOf(`=== ${file}: `, start);
    assert.ok(start >= 0 && end > start, `${file} did not run:\n${out.slice(-4000)}`);
    assert.match(r.stdout.slice(end), new RegExp(`^=== ${file}: ok in`), `${file} failed`);
    const section = r.stdout.slice(start, end);
    for (const figure of figures) assert.match(section, figure, `${file} printed no ${figure}:\n${section}`);
  }
  const n = Object.keys(FIGURES).length;
  assert.match(r.stdout, new RegExp(`bench: ${n} of ${n} ran to the end`));
});
