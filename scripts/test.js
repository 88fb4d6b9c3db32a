#!/usr/bin/env node
// `npm test`: builds, runs the Node tests (core in Node, CLI, server) and the browser tests
// (web-test-runner in Chromium), then prints one closing line: `N passed, M failed`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);
fs.mkdirSync('.cache', { recursive: true });

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function findTests(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) findTests(p, out);
    else if (e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

let passed = 0;
let failed = 0;

const only = process.argv[2]; // optional: "node" or "browser"

if (run('node', ['scripts/build.js']) !== 0) {
  console.error('build failed');
  failed++;
}

if (!only || only === 'node') {
  const files = [...findTests('test/node'), ...findTests('server')].sort();
  const tap = '.cache/node-tests.tap';
  fs.rmSync(tap, { force: true });
  if (files.length) {
    const code = run('node', [
      '--import', 'tsx', '--test', '--test-concurrency=1',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tap}`,
      ...files,
    ]);
    const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
    const p = Number(/^# pass (\d+)/m.exec(text)?.[1] ?? 0);
    const f = Number(/^# fail (\d+)/m.exec(text)?.[1] ?? 0);
    passed += p;
    failed += f + (code !== 0 && f === 0 ? 1 : 0);
  }
}

if (!only || only === 'browser') {
  const results = '.cache/wtr-results.json';
  fs.rmSync(results, { force: true });
  const code = run('npx', ['web-test-runner']);
  if (fs.existsSync(results)) {
    const r = JSON.parse(fs.readFileSync(results, 'utf8'));
    passed += r.passed;
    failed += r.failed + (code !== 0 && r.failed === 0 ? 1 : 0);
  } else {
    failed++;
  }
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
