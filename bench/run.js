#!/usr/bin/env node
// `npm run bench [-- --short] [-- --no-build] [-- core chart ...]`: builds, then runs every benchmark
// of this folder in turn; each prints its own figures. `--short` (or BENCH_SHORT=1): small inputs and
// one repetition, the check test/node/bench.test.ts runs in `npm test`. A bench that fails or passes
// its time limit is reported by name and the run ends non-zero.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, SHORT } from './support.js';

const BENCHES = [
  { name: 'analysis core (Node and Chromium worker)', file: 'bench/core.js', seconds: 900 },
  { name: 'every core and many nights (Node threads, CLI, pandas reference)', file: 'bench/parallel.js', seconds: 1500 },
  { name: 'flow chart', file: 'bench/chart.js', seconds: 150 },
  { name: 'patient server', file: 'bench/server.js', seconds: 150 },
  { name: 'patient servers behind nginx on PostgreSQL', file: 'bench/scale.js', seconds: 600 },
  { name: 'dashboard', file: 'bench/dashboard.js', seconds: 200 },
  { name: 'element sizes', file: 'bench/sizes.js', seconds: 120 },
];

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const env = { ...process.env, ...(SHORT ? { BENCH_SHORT: '1' } : {}) };
const run = (file, seconds) => {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [path.join(ROOT, file), ...(SHORT ? ['--short'] : [])], {
    stdio: 'inherit',
    cwd: ROOT,
    env,
    timeout: seconds * 1000,
    killSignal: 'SIGKILL',
  });
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.error?.code === 'ETIMEDOUT') return `timed out after ${seconds} s`;
  if (r.error) return r.error.message;
  return r.status === 0 ? `ok in ${s} s` : `failed (exit ${r.status ?? r.signal}) after ${s} s`;
};

if (!args.includes('--no-build')) {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build.js')], { stdio: 'inherit', cwd: ROOT });
  if (build.status !== 0) {
    console.error('bench: the build failed');
    process.exit(1);
  }
}
const results = [];
for (const { name, file, seconds } of BENCHES) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n=== ${name} (${file}${SHORT ? ', short' : ''})`);
  const outcome = run(file, SHORT ? Math.min(seconds, 90) : seconds);
  results.push({ file, outcome });
  console.log(`=== ${file}: ${outcome}`);
}
const failed = results.filter((r) => !r.outcome.startsWith('ok'));
console.log(`\nbench: ${results.length - failed.length} of ${results.length} ran to the end${failed.length ? `; failed: ${failed.map((r) => r.file).join(', ')}` : ''}`);
process.exit(failed.length ? 1 : 0);
