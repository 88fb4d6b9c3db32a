// The demo's service worker (demo/sw.ts, dist/demo/sw.js): what it keeps, how the server serves it,
// and, in Chromium against the real reference server, the screen offline: it opens from the cache,
// analyses a sample in the cached worker, keeps the upload in the outbox, and delivers it exactly
// once when the network is back. No patient-API answer ever lands in the Cache Storage.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startTestServer, request, type TestServer } from '../../server/test-support.ts';
import { launchChromium } from '../support/chromium.js';
import { SAMPLES, dash, uploadButton, notice, metric, waitForText, watchPage } from '../support/page.ts';
import { precacheManifest } from '../../scripts/service-worker.js';
import { CACHE_PREFIX, isPatientPath } from '../../demo/sw-policy.ts';
import { ROUTES } from '../../src/patient-api/contract.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(ROOT, 'dist');

it('never keeps a patient-API path; keeps the shell and the library', () => {
  for (const route of Object.values(ROUTES)) {
    assert.equal(isPatientPath(`/${route}`), true, route);
    assert.equal(isPatientPath(`./${route}/12?fields=x`), true, route);
  }
  for (const p of ['/mcp', '/session/logout', '/patients/3/images/0?v=abc']) assert.equal(isPatientPath(p), true, p);
  for (const p of ['/', './', '/plain.html', './lib/analysis.worker.js', '/assets/index-abc.js', '/manifest.webmanifest', '/patients-view.js']) {
    assert.equal(isPatientPath(p), false, p);
  }
});

it('versions the kept files by their contents, without maps or crawler files', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-manifest-'));
  try {
    const demo = path.join(tmp, 'demo');
    const lib = path.join(tmp, 'cdn');
    fs.mkdirSync(path.join(demo, 'assets'), { recursive: true });
    fs.mkdirSync(path.join(lib, 'elements'), { recursive: true });
    for (const [f, text] of Object.entries({ 'index.html': '<p>', 'assets/a-1.js': 'a', 'assets/a-1.js.map': '{}', 'robots.txt': '', 'sitemap.xml': '', 'sw.js': '' })) {
      fs.writeFileSync(path.join(demo, f), text);
    }
    fs.writeFileSync(path.join(lib, 'index.js'), 'x');
    fs.writeFileSync(path.join(lib, 'elements/tabs.js'), 'y');
    const first = precacheManifest(demo, lib);
    assert.deepEqual(first.urls, ['./assets/a-1.js', './', './lib/elements/tabs.js', './lib/index.js']);
    assert.match(first.version, /^[0-9a-f]{16}$/);
    assert.equal(precacheManifest(demo, lib).version, first.version, 'the same build, the same cache');
    fs.writeFileSync(path.join(lib, 'elements/tabs.js'), 'z');
    assert.notEqual(precacheManifest(demo, lib).version, first.version, 'a changed file, a new cache');
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

describe('the demo offline, in Chromium, on the reference server', { timeout: 240_000 }, () => {
  let browser: Browser;
  let server: TestServer;

  before(async () => {
    assert.ok(fs.existsSync(path.join(DIST, 'demo/sw.js')), 'dist/demo/sw.js is missing: run npm run build first');
    server = await startTestServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('serves sw.js as JavaScript that is revalidated on every check', async () => {
    const r = await request(server.url, 'GET', '/sw.js');
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/javascript/);
    assert.equal(r.headers['cache-control'], 'no-cache', 'a new build reaches the browser at its next check');
    const page = await request(server.url, 'GET', '/');
    assert.doesNotMatch(page.text, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script registers it');
  });

  it('opens, analyses and queues offline; delivers once online; caches no patient data', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    const watch = watchPage(page);
    const uploads: { key: string | undefined }[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === `/${ROUTES.addPatient}`) uploads.push({ key: r.headers()['idempotency-key'] });
    });

    // An older build's cache, and another app's on the same origin, before the worker is installed.
    await page.goto(`${server.url}/robots.txt`);
    await page.evaluate(async (prefix) => {
      await (await caches.open(`${prefix}0123456789abcdef`)).put('/old-build.js', new Response('old'));
      await (await caches.open('another-app')).put('/theirs.js', new Response('theirs'));
    }, CACHE_PREFIX);

    // Online: the page installs the worker, which keeps this build and then controls the page.
    await page.goto(server.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });

    // Offline: the reload is answered by the service worker, and so is every script the page loads.
    await context.setOffline(true);
    const fromCache: string[] = [];
    const fromNetwork: string[] = [];
    page.on('response', (r) => {
      const p = new URL(r.url()).pathname;
      if (/^\/(assets|lib)\//.test(p)) (r.fromServiceWorker() ? fromCache : fromNetwork).push(p);
    });
    const reloaded = await page.reload();
    assert.equal(reloaded?.fromServiceWorker(), true, 'the page came from the service worker');
    assert.equal(await page.evaluate(() => navigator.onLine), false);

    await page.locator(`${dash} da-text-input[bind="patientName"] input`).fill('Offline Owl');
    await page.locator(`${dash} da-text-input[bind="mrn"] input`).fill('5150');
    await page.locator(`${dash} da-text-input[bind="room"] input`).fill('31');
    await page.locator(`${dash} da-text-input[bind="pressure"] input`).fill('11');
    await page.locator(`${dash} da-file-uploader input[type="file"]`).setInputFiles(path.join(SAMPLES, 'patient_02.txt'));
    await waitForText(page, metric('Apnea events'), /^\s*2\s*$/);
    assert.ok(fromCache.some((p) => /\/analysis\.worker-[\w-]+\.js$/.test(p)), `the analysis worker came from the cache (${fromCache.join(', ')})`);
    assert.deepEqual(fromNetwork, [], 'no script from the network');

    await page.locator(uploadButton).click();
    await waitForText(page, notice, /kept in the outbox/);
    await waitForText(page, `${dash} .outbox`, /Room 31, MRN 5150/);
    assert.equal((await request(server.url, 'GET', `/${ROUTES.patients}/31`)).status, 404, 'nothing reached the server');
    // Its next retry put ten minutes off (backoff alone waits up to a minute): within the wait below,
    // only the browser's `online` event can send it.
    const postponed = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('data-app-elements-outbox');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const t = open.result.transaction('uploads', 'readwrite');
            const store = t.objectStore('uploads');
            const all = store.getAll();
            all.onsuccess = () => {
              for (const entry of all.result) store.put({ ...entry, nextAttemptAt: Date.now() + 600_000 });
            };
            t.oncomplete = () => {
              open.result.close();
              resolve(all.result.length);
            };
            t.onerror = () => reject(t.error);
          };
        }),
    );
    assert.equal(postponed, 1, 'one upload waits in the outbox');

    // Online again: the `online` event flushes the outbox (no "Retry now" click), once.
    await context.setOffline(false);
    await waitForText(page, notice, /waited in the outbox was delivered/, 30_000);
    await page.locator(`${dash} .outbox`).waitFor({ state: 'detached', timeout: 10_000 });
    const all = (await request(server.url, 'GET', `/${ROUTES.allPatients}`)).json() as { room_number: number; patient_name: string; breath_rate: unknown[] }[];
    const stored = all.filter((p) => p.room_number === 31);
    assert.equal(stored.length, 1);
    assert.equal(stored[0].patient_name, 'Offline Owl');
    assert.equal(stored[0].breath_rate.length, 1, 'stored exactly once');
    assert.ok(uploads.length >= 1 && uploads.every((u) => u.key && u.key === uploads[0].key), `every attempt carried one Idempotency-Key: ${JSON.stringify(uploads)}`);

    // The patient list with its images, online: fetched through the controlled page, never kept.
    await page.locator(`${dash} da-tab[panel="patients"]`).click();
    await waitForText(page, `${dash} cpap-patients-view [role="status"]`, /Found 1 patient\(s\)/);
    await page.locator(`${dash} cpap-patients-view da-expander button[aria-expanded]`).first().click();
    await page.locator(`${dash} cpap-patients-view da-expander img`).first().waitFor();

    const cacheKeys = await page.evaluate(async () => {
      const out: Record<string, string[]> = {};
      for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
      return out;
    });
    const { urls, version } = precacheManifest(path.join(DIST, 'demo'), path.join(DIST, 'cdn'));
    assert.deepEqual(Object.keys(cacheKeys).sort(), ['another-app', `${CACHE_PREFIX}${version}`], "one cache of ours, named after this build; the old build's deleted, another app's left");
    const kept = cacheKeys[`${CACHE_PREFIX}${version}`];
    assert.deepEqual(kept.filter((u) => isPatientPath(new URL(u).pathname)), [], 'no patient-API answer in the cache');
    assert.deepEqual(kept.sort(), urls.map((u) => new URL(u, `${server.url}/`).href).sort(), 'exactly the shell and the library');

    // Offline, a page beside the shell that the network cannot give gets the shell; `?cold` the cached page.
    await context.setOffline(true);
    for (const at of ['/no-such-page', '/?cold']) {
      const r = await page.goto(`${server.url}${at}`);
      assert.equal(r?.fromServiceWorker(), true, at);
      await page.locator(`${dash} da-text-input[bind="mrn"] input`).waitFor({ state: 'attached', timeout: 20_000 });
    }
    await context.setOffline(false);

    const problems = watch.errors.filter((e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED/.test(e));
    assert.deepEqual(problems, []);
    await context.close();
  });
});
