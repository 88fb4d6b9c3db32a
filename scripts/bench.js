#!/usr/bin/env node
// `npm run bench`: builds, then runs every benchmark in turn; each prints its own figures.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv.slice(2);
const benches = [
  ['analysis core (Node and Chromium worker)', 'scripts/bench-core.js'],
  ['flow chart', 'scripts/bench-chart.js'],
  ['patient server', 'scripts/bench-server.js'],
  ['dashboard', 'scripts/bench-dashboard.js'],
];
const run = (file) => spawnSync(process.execPath, [path.join(root, file)], { stdio: 'inherit', cwd: root }).status;
if (run('scripts/build.js') !== 0) process.exit(1);
let failed = 0;
for (const [name, file] of benches) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  console.log(`\n=== ${name} (${file})`);
  if (run(file) !== 0) {
    console.error(`${file} failed`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
