#!/usr/bin/env node
// <cpap-dashboard> figures: min+gzip size of everything the demo page loads, time from navigation
// to an interactive dashboard, and the first analysis (choosing a file to metrics on screen) of
// patient_01.txt and of the synthetic whole night (15 minutes in short mode), cold (`?cold`: the
// worker starts with the analysis) and warm (the worker was started when the browser was idle).
// Runs the built server (dist/server/server.js) on a temp database on loopback and drives Chromium;
// the reference server's own static files serve the page. Each run a fresh page with a cold cache:
// five per start for patient_01.txt and three for the night (one each in short mode). Also the
// offline start: reloads with the network off, answered by the demo's service worker.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../test/support/chromium.js';
import { ensureNightFile } from './fixture.js';
import { SHORT, watchdog } from './support.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SAMPLE = path.resolve(ROOT, '../shared/cpap-samples/patient_01.txt');
const RUNS = SHORT ? 1 : 5;
const NIGHT_RUNS = SHORT ? 1 : 3;
for (const f of ['dist/server/server.js', 'dist/demo/index.html']) {
  if (!fs.existsSync(path.join(ROOT, f))) {
    console.error(`bench/dashboard.js: ${f} is missing: run npm run build first`);
    process.exit(1);
  }
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-dashboard-'));
const server = spawn(process.execPath, [path.join(ROOT, 'dist/server/server.js'), '--port', '0', '--db', path.join(dir, 'p.db'), '--rate-limit', '100000', '--rate-burst', '100000'], { stdio: ['ignore', 'pipe', 'inherit'] });
watchdog('bench/dashboard.js', SHORT ? 60 : 190, () => {
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

const NIGHT = await ensureNightFile(SHORT);
const browser = await launchChromium();
const loads = [];
/** First-analysis times (ms) by sample and start: cold (`?cold`: no warm start) or warm (after idle). */
const first = { patient: { cold: [], warm: [] }, night: { cold: [], warm: [] } };
const transferred = new Map();
const atStartup = new Set();

/** One fresh page (cold cache): navigation, then the first analysis of `file`, cold or warm. */
async function firstAnalysis(file, cold, account = false) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(SHORT ? 15_000 : 60_000);
  page.on('pageerror', (e) => console.error(`bench/dashboard.js: the page threw: ${e.message}`));
  if (account) {
    page.on('response', async (r) => {
      if (!r.url().startsWith(url)) return;
      const body = await r.body().catch(() => null);
      const { pathname } = new URL(r.url());
      // Code and markup only: the API's answers are data, not what the page loads.
      if (body && !/^\/(events|patients|get_all_patients|CPAP_query|add_patient)\b/.test(pathname)) transferred.set(pathname, body);
    });
  }
  const started = page.waitForEvent('worker', { timeout: SHORT ? 15_000 : 60_000 }).catch(() => null);
  await page.goto(cold ? `${url}?cold` : url);
  await page.locator('cpap-dashboard da-text-input[bind="mrn"] input').waitFor();
  loads.push(await page.evaluate(() => performance.now()));
  if (account) for (const p of transferred.keys()) atStartup.add(p);
  if (!cold) {
    // Warm: the user picks the file after the browser was idle; the worker started then.
    const worker = await started;
    if (!worker) throw new Error('bench/dashboard.js: no warm start: the worker did not start when idle');
    await worker.evaluate(() => 1);
    await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
  }
  const t0 = Date.now();
  await page.locator('cpap-dashboard da-file-uploader input[type="file"]').setInputFiles(file);
  await page.locator('cpap-dashboard da-metric-card[label="Breaths"] [part~="value"]', { hasText: /\d/ }).waitFor();
  const ms = Date.now() - t0;
  if (account) {
    // Opening All patients loads its code-split chunk: counted separately below.
    await page.locator('cpap-dashboard da-tab[panel="patients"]').click();
    await page.locator('cpap-dashboard cpap-patients-view [role="status"]', { hasText: /Found/ }).waitFor();
  }
  await context.close();
  return ms;
}

/** Reloads with the network off: navigation to an interactive dashboard from the service worker's cache. */
const offlineLoads = [];
async function offlineStarts(runs) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(SHORT ? 15_000 : 60_000);
  await page.goto(url);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  for (let i = 0; i < runs; i++) {
    await page.reload();
    await page.locator('cpap-dashboard da-text-input[bind="mrn"] input').waitFor();
    offlineLoads.push(await page.evaluate(() => performance.now()));
  }
  await context.close();
}

try {
  await offlineStarts(RUNS);
  for (let i = 0; i < RUNS; i++) {
    first.patient.cold.push(await firstAnalysis(SAMPLE, true, i === 0));
    first.patient.warm.push(await firstAnalysis(SAMPLE, false));
  }
  for (let i = 0; i < NIGHT_RUNS; i++) {
    first.night.cold.push(await firstAnalysis(NIGHT, true));
    first.night.warm.push(await firstAnalysis(NIGHT, false));
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
console.log(`  offline start (reload with the network off: page and library from the service worker's cache) to interactive dashboard: median ${median(offlineLoads).toFixed(0)} ms (runs: ${offlineLoads.map((x) => x.toFixed(0)).join(', ')})`);
const nightName = `${path.basename(NIGHT)} (${(fs.statSync(NIGHT).size / 1e6).toFixed(0)} MB)`;
const firstLine = (name, { cold, warm }) =>
  `  first analysis of ${name}, choosing it to metrics on screen: cold median ${median(cold)} ms (runs: ${cold.join(', ')}), warm median ${median(warm)} ms (runs: ${warm.join(', ')})`;
console.log(firstLine('patient_01.txt', first.patient));
console.log(firstLine(nightName, first.night));
console.log(`  choosing patient_01.txt to metrics on screen: median ${median(first.patient.warm)} ms (warm start; cold ${median(first.patient.cold)} ms)`);
