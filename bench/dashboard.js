#!/usr/bin/env node
// <cpap-dashboard> figures: min+gzip size of everything the demo page loads, time from navigation
// to an interactive dashboard, and time from choosing patient_01.txt to metrics on screen. Runs the
// built server (dist/server/server.js) on a temp database on loopback and drives Chromium; the
// reference server's own static files serve the page. Five cold runs (one in short mode).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/support/chromium.js';
import { SHORT, watchdog } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLE = path.resolve(ROOT, '../shared/cpap-samples/patient_01.txt');
const RUNS = SHORT ? 1 : 5;
for (const f of ['dist/server/server.js', 'dist/demo/index.html']) {
  if (!fs.existsSync(path.join(ROOT, f))) {
    console.error(`bench/dashboard.js: ${f} is missing: run npm run build first`);
    process.exit(1);
  }
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dashboard-'));
const server = spawn(process.execPath, [path.join(ROOT, 'dist/server/server.js'), '--port', '0', '--db', path.join(dir, 'p.db'), '--rate-limit', '100000', '--rate-burst', '100000'], { stdio: ['ignore', 'pipe', 'inherit'] });
watchdog('bench/dashboard.js', SHORT ? 45 : 180, () => {
  server.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /"url":"(http:[^"]+)"/.exec(out);
    if (m) resolve(m[1]);
  });
  server.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  setTimeout(() => reject(new Error('bench/dashboard.js: the server did not start in 20 s')), 20_000).unref();
});

const browser = await launchChromium();
const loads = [], analyses = [];
const transferred = new Map();
const atStartup = new Set();
try {
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext(); // cold cache every run
    const page = await context.newPage();
    page.setDefaultTimeout(SHORT ? 15_000 : 30_000);
    page.on('pageerror', (e) => console.error(`bench/dashboard.js: the page threw: ${e.message}`));
    page.on('response', async (r) => {
      if (i > 0 || !r.url().startsWith(url)) return;
      const body = await r.body().catch(() => null);
      const { pathname } = new URL(r.url());
      // Code and markup only: the API's answers are data, not what the page loads.
      if (body && !/^\/(events|patients|get_all_patients|CPAP_query|add_patient)\b/.test(pathname)) transferred.set(pathname, body);
    });
    await page.goto(url);
    await page.locator('cpap-dashboard da-text-input[bind="mrn"] input').waitFor();
    loads.push(await page.evaluate(() => performance.now()));
    if (i === 0) for (const p of transferred.keys()) atStartup.add(p);
    const t0 = Date.now();
    await page.locator('cpap-dashboard da-file-uploader input[type="file"]').setInputFiles(SAMPLE);
    await page.locator('cpap-dashboard da-metric-card[label="Breaths"] [part~="value"]', { hasText: /\d/ }).waitFor();
    analyses.push(Date.now() - t0);
    if (i === 0) {
      // Opening All patients loads its code-split chunk: counted separately below.
      await page.locator('cpap-dashboard da-tab[panel="patients"]').click();
      await page.locator('cpap-dashboard cpap-patients-view [role="status"]', { hasText: /Found/ }).waitFor();
    }
    await context.close();
  }
} finally {
  await browser.close();
  server.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let js = 0, other = 0, lazy = 0, startup = 0;
const rows = [];
for (const [p, body] of transferred) {
  const gz = gzipSync(body, { level: 9 }).length;
  if (atStartup.has(p)) startup += gz;
  if (p.includes('patients-view')) lazy += gz;
  else if (p.endsWith('.js')) js += gz;
  else other += gz;
  rows.push(`    ${p.padEnd(48)} ${(gz / 1024).toFixed(1).padStart(6)} KB`);
}
console.log('\n<cpap-dashboard> benchmark (demo page on the reference server, Chromium, cold cache)');
console.log(rows.sort().join('\n'));
console.log(`  at page load (page and dashboard, before any analysis), min+gzip: ${(startup / 1024).toFixed(1)} KB`);
console.log(`  the page, its dashboard and an analysis (worker included), min+gzip: ${((js + other) / 1024).toFixed(1)} KB (JavaScript ${(js / 1024).toFixed(1)} KB; target < 60 KB)`);
console.log(`  + the All patients view, loaded when its tab is opened: ${(lazy / 1024).toFixed(1)} KB (total ${((js + other + lazy) / 1024).toFixed(1)} KB)`);
console.log(`  navigation to interactive dashboard: median ${median(loads).toFixed(0)} ms (runs: ${loads.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`  choosing patient_01.txt to metrics on screen: median ${median(analyses)} ms (runs: ${analyses.join(', ')})`);
