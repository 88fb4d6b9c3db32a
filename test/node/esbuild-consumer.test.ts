// End to end: the packed library (`npm pack` of the built repository) in an app bundled by esbuild,
// the way the README tells esbuild users to do it:
//   esbuild's JS API `build({ bundle: true, format: 'esm', minify: true })` on an entry that imports
//   `data-app-elements/dashboard` and `{ setWorkerUrl } from 'data-app-elements/worker'`, with
//   `node_modules/data-app-elements/dist/lib/analysis.worker.js` copied next to the bundle and
//   `setWorkerUrl(new URL('./analysis.worker.js', import.meta.url))` called before any analysis.
// The package is unpacked into a temporary app's node_modules, with its dependencies (lit, uplot,
// comlink) linked from the repository's node_modules (no network install).
// In Chromium, against the reference server on another origin (CORS for the app's origin): fill the
// form (pressure 10), analyse patient_02.txt (2 apnea events), load a synthetic sample, upload
// ("New patient created"), the record on the server.
// Then a second bundle, the same app without the worker step (no setWorkerUrl call, no copied
// worker): the analysis fails with an error shown in the dashboard, not a hang.
// Page errors, console errors and failed requests fail the test unless expected (named below).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import {
  ROOT,
  freePort,
  packLibrary,
  serveStatic,
  startReferenceServer,
  type ReferenceServer,
  type StaticServer,
} from '../support/examples.js';
import { SAMPLES, assertNoUnexpected, dash, fillForm, isUnknownRoomQuery, metric, waitForText, watchPage, type PageWatch } from '../support/page.ts';

/** The app's entry, as an esbuild user writes it. */
const ENTRY_WITH_WORKER_URL = `import 'data-app-elements/dashboard';
import { setWorkerUrl } from 'data-app-elements/worker';

// esbuild does not emit the worker: analysis.worker.js is copied next to this bundle.
setWorkerUrl(new URL('./analysis.worker.js', import.meta.url));
`;
const ENTRY_WITHOUT_WORKER_URL = `import 'data-app-elements/dashboard';
import { setWorkerUrl } from 'data-app-elements/worker';

// The worker step forgotten: no setWorkerUrl call (imported only so both bundles hold the same code).
void setWorkerUrl;
`;

function indexHtml(apiUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>esbuild consumer</title><link rel="icon" href="data:,">
<script type="module" src="./app.js"></script></head>
<body><main><cpap-dashboard api-url="${apiUrl}" persist="none"></cpap-dashboard></main></body>
</html>
`;
}

describe('an app bundled by esbuild from the packed library', { timeout: 120_000 }, () => {
  let browser: Browser;
  let tmp: string;
  let appDir: string;
  let pkgDir: string;
  let api: ReferenceServer;
  let ports: { withWorkerUrl: number; withoutWorkerUrl: number };
  const servers: StaticServer[] = [];

  before(async () => {
    for (const f of ['dist/lib/index.js', 'dist/lib/analysis.worker.js', 'dist/server/server.js']) {
      assert.ok(fs.existsSync(path.join(ROOT, f)), `${f} is missing: run node scripts/build.js first`);
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'esbuild-consumer-'));
    const { unpacked } = await packLibrary(path.join(tmp, 'pack'));
    // A temporary app with the package installed as npm would: node_modules/data-app-elements is
    // the unpacked tarball; its dependencies are linked from the repository's node_modules.
    appDir = path.join(tmp, 'app');
    const nodeModules = path.join(appDir, 'node_modules');
    fs.mkdirSync(nodeModules, { recursive: true });
    pkgDir = path.join(nodeModules, 'data-app-elements');
    fs.renameSync(unpacked, pkgDir);
    const { dependencies } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.deepEqual(Object.keys(dependencies).sort(), ['comlink', 'lit', 'uplot'], 'the package depends on lit, uplot, comlink only');
    for (const dep of Object.keys(dependencies)) fs.symlinkSync(path.join(ROOT, 'node_modules', dep), path.join(nodeModules, dep), 'dir');
    // One port per app, known before the reference server starts: CORS for both origins.
    ports = { withWorkerUrl: await freePort(), withoutWorkerUrl: await freePort() };
    api = await startReferenceServer({ allowedOrigins: Object.values(ports).map((p) => `http://127.0.0.1:${p}`) });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    for (const s of servers) await s.stop();
    await api?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /**
   * Bundles `entry` with esbuild into `out/app.js` (one file: esbuild inlines the library's dynamic
   * imports), with the page; `copyWorker`: the README's step for esbuild.
   */
  async function bundle(name: string, entry: string, { copyWorker }: { copyWorker: boolean }): Promise<{ out: string; warnings: string[] }> {
    const src = path.join(appDir, `${name}.js`);
    fs.writeFileSync(src, entry);
    const out = path.join(tmp, 'out', name);
    const result = await build({
      absWorkingDir: appDir,
      entryPoints: { app: src },
      outdir: out,
      bundle: true,
      format: 'esm',
      minify: true,
      logLevel: 'silent',
    });
    assert.deepEqual(result.errors, []);
    if (copyWorker) fs.copyFileSync(path.join(pkgDir, 'dist/lib/analysis.worker.js'), path.join(out, 'analysis.worker.js'));
    const code = fs.readFileSync(path.join(out, 'app.js'), 'utf8');
    assert.ok(!/\bfrom\s*["'](lit|uplot|comlink|data-app-elements)/.test(code), 'every import bundled');
    assert.ok(!/\bimport\(\s*["']/.test(code), 'no dynamic import left (no chunks beside the bundle)');
    return { out, warnings: result.warnings.map((m) => m.text) };
  }

  /** `out` (the bundle) with its page on `port`, an origin the reference server allows. */
  async function serveApp(out: string, port: number): Promise<StaticServer> {
    fs.writeFileSync(path.join(out, 'index.html'), indexHtml(api.url));
    const server = await serveStatic(out, { port, probe: 'app.js' });
    servers.push(server);
    return server;
  }

  async function withPage<T>(fn: (page: Page, w: PageWatch) => Promise<T>): Promise<T> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    try {
      const page = await context.newPage();
      return await fn(page, watchPage(page));
    } finally {
      await context.close();
    }
  }

  it('with the worker copied and setWorkerUrl: analyses patient_02.txt, loads a sample, uploads cross-origin', async () => {
    const { out, warnings } = await bundle('with-worker-url', ENTRY_WITH_WORKER_URL, { copyWorker: true });
    assert.deepEqual(warnings, [], 'esbuild warnings');
    const site = await serveApp(out, ports.withWorkerUrl);

    await withPage(async (page, w) => {
      const response = await page.goto(site.url);
      assert.equal(response?.status(), 200);
      await fillForm(page, { name: 'Edsger Dijkstra', mrn: '1930', room: '5' });

      await page.locator(`${dash} da-file-uploader input[type="file"]`).setInputFiles(path.join(SAMPLES, 'patient_02.txt'));
      await waitForText(page, metric('Breathing rate'), /9\.34\s*breaths\/min/);
      assert.match((await page.locator(metric('Apnea events')).first().textContent()) ?? '', /^\s*2\s*$/);

      await page.locator(`${dash} button`, { hasText: 'Load sample' }).click();
      const rate = await waitForText(page, metric('Breathing rate'), /^(?![\s\S]*9\.34)[\s\S]*\d+\.\d\d\s*breaths\/min/);
      const breathRate = /(\d+\.\d\d)/.exec(rate)![1]!;

      await page.locator(`${dash} form button[type="submit"]`).click();
      await waitForText(page, `${dash} form .notice`, /New patient created/);

      const workerRequests = w.requests.filter((r) => /analysis\.worker\.js/.test(r));
      assert.deepEqual([...new Set(workerRequests)], [`GET ${site.url}analysis.worker.js`], 'the worker came from the copied file, set by setWorkerUrl');
      const records = (await (await fetch(`${api.url}get_all_patients`)).json()) as { patient_mrn: number; CPAP_pressure: unknown[]; breath_rate: unknown[] }[];
      assert.equal(records.length, 1, 'one record on the server');
      assert.equal(Number(records[0]!.patient_mrn), 1930);
      assert.deepEqual(records[0]!.CPAP_pressure.map(Number), [10]);
      assert.ok(Math.abs(Number(records[0]!.breath_rate[0]) - Number(breathRate)) < 0.01, `stored ${records[0]!.breath_rate[0]} = shown ${breathRate}`);
      assertNoUnexpected(w, (f) => isUnknownRoomQuery(api.url, f));
    });
  });

  it('without the worker step (no setWorkerUrl, no copied worker): the analysis fails with an error in the dashboard, no hang', async (t) => {
    const { out } = await bundle('without-worker-url', ENTRY_WITHOUT_WORKER_URL, { copyWorker: false });
    const site = await serveApp(out, ports.withoutWorkerUrl);
    await withPage(async (page, w) => {
      await page.goto(site.url);
      await fillForm(page, { name: 'Barbara Liskov', mrn: '1939', room: '6' });
      await page.locator(`${dash} da-file-uploader input[type="file"]`).setInputFiles(path.join(SAMPLES, 'patient_02.txt'));
      const message = (await waitForText(page, `${dash} .notice.error[role="alert"]`, /\S/, 15_000)).replace(/\s+/g, ' ').trim();
      t.diagnostic(`the dashboard's message without setWorkerUrl: ${JSON.stringify(message)}`);
      assert.match(message, /^patient_02\.txt: The analysis failed: The analysis worker could not be started from \S+analysis\.worker\.js: .*setWorkerUrl\(\)/);
      const shown = (await page.locator(metric('Breathing rate')).allTextContents()).join(' ');
      assert.doesNotMatch(shown, /breaths\/min/, 'no breathing rate shown');
      // The default URL, `./analysis.worker.js` beside the bundle (esbuild keeps `import.meta.url`): 404.
      const missing = `${site.url}analysis.worker.js`;
      assert.ok(w.failures.some((f) => f.url === missing && f.status === 404), `the worker was asked for at ${missing}`);
      assertNoUnexpected(w, (f) => f.url === missing || isUnknownRoomQuery(api.url, f));
    });
  });
});
