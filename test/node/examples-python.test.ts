// End to end: the Python host examples (examples/flask, examples/fastapi, examples/django) in
// Chromium, each serving the library from the packed tarball (its dist/cdn, through DASHBOARD_LIB)
// under its own Content-Security-Policy.
// For each: fill the form, analyse patient_02.txt (2 apnea events, alert), load a synthetic sample,
// upload, see the record in All patients and in the server's own storage; no request to a wrong
// path, no console error or CSP violation beyond the expected ones. FastAPI also without CORS.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import {
  PYTHON,
  ROOT,
  packedLibraryEnv,
  pythonMissing,
  startDjangoExample,
  startFastapiExample,
  startFlaskExample,
  type ProxiedExample,
  type RunningExample,
} from '../support/examples.js';
import {
  SAMPLES,
  assertNoUnexpected,
  checkPatientsView,
  dash,
  fillForm,
  metric,
  notice,
  uploadButton,
  waitForText,
  watchPage,
  type PageWatch,
} from '../support/page.ts';

/** The patient API's routes, as the dashboard may call them (the first path segment). */
const API_ROUTE = /\/(add_patient|get_all_patients|new_cpap_pressure|CPAP_query|health|events|patients)(\/|\?|$)/;


/**
 * The failures a server without some routes legitimately causes, all at the API's base: the
 * reference server's `/patients` probe and `/events` where the server lacks them (404), and
 * `CPAP_query` for a room not stored yet (400) or with no request pending (500, the old server).
 */
function expectedFailure(apiUrl: string, f: { url: string; status: number | string }, missing: { patients: boolean; events: boolean }): boolean {
  if (!f.url.startsWith(apiUrl)) return false;
  const rest = f.url.slice(apiUrl.length);
  if (missing.patients && f.status === 404 && /^patients(\?|$)/.test(rest)) return true;
  // An EventSource given a 404 is aborted by Chromium: reported as the 404 or as net::ERR_ABORTED.
  if (missing.events && (f.status === 404 || f.status === 'net::ERR_ABORTED') && /^events(\?|$)/.test(rest)) return true;
  return /^CPAP_query\/\d+$/.test(rest) && (f.status === 400 || f.status === 500);
}

/** The page's HTML comes with the host's CSP and has no inline script. */
async function checkHostPage(example: RunningExample): Promise<string> {
  const res = await fetch(example.pageUrl);
  assert.equal(res.status, 200);
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/, 'the host sends its CSP');
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  const html = await res.text();
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\bsrc=/, `no inline script: ${tag}`);
  assert.match(html, /<cpap-dashboard\b/);
  return csp;
}

interface Shown {
  breathRate: string;
}

/**
 * The acceptance scenario on `example`'s page: form, patient_02.txt, a synthetic sample, upload,
 * All patients. Returns what the page showed for the uploaded analysis.
 */
async function scenario(page: Page, example: RunningExample, patient: { name: string; mrn: string; room: string }): Promise<Shown> {
  const response = await page.goto(example.pageUrl);
  assert.equal(response?.status(), 200);
  await fillForm(page, patient);

  // A file from the uploader: patient_02.txt has 2 apnea events, which raise the alert.
  await page.locator(`${dash} da-file-uploader input[type="file"]`).setInputFiles(path.join(SAMPLES, 'patient_02.txt'));
  await waitForText(page, metric('Breaths'), /\d/);
  await waitForText(page, metric('Breathing rate'), /9\.34\s*breaths\/min/);
  assert.match((await page.locator(metric('Apnea events')).first().textContent()) ?? '', /^\s*2\s*$/);
  assert.equal(
    await page.locator(`${dash} da-metric-card[label="Apnea events"]`).evaluate((el) => (el as HTMLElement & { alert: boolean }).alert || el.matches(':state(alert)')),
    true,
    'the alert shows on the Apnea events card',
  );

  // A synthetic sample, generated in the worker (the generator is bundled into it).
  await page.locator(`${dash} select#sample`).selectOption('fast-2min');
  await page.locator(`${dash} button`, { hasText: 'Load sample' }).click();
  const rate = await waitForText(page, metric('Breathing rate'), /^(?![\s\S]*9\.34)[\s\S]*\d+\.\d\d\s*breaths\/min/, 30_000);
  const breathRate = /(\d+\.\d\d)/.exec(rate)![1]!;

  // Upload: a new patient on this server.
  await page.locator(uploadButton).click();
  await waitForText(page, notice, /New patient created/);

  // All patients: the room, its measurement.
  await checkPatientsView(page, patient, breathRate);
  return { breathRate };
}

/**
 * Waits for the stored flow image of the first record to load in All patients (left open by
 * {@link scenario}); returns the failure to report, or null when it shows.
 */
async function storedImageProblem(page: Page, w: PageWatch): Promise<string | null> {
  const img = page.locator(`${dash} cpap-patients-view da-expander img`).first();
  let width = 0;
  for (let i = 0; i < 100 && width <= 100; i++) {
    width = await img.evaluate((el) => ((el as HTMLImageElement).complete ? (el as HTMLImageElement).naturalWidth : 0)).catch(() => 0);
    if (width <= 100) await page.waitForTimeout(100);
  }
  if (width > 100) return null;
  const src = await img.getAttribute('src').catch(() => null);
  const why = w.failures.filter((f) => f.url === src).map((f) => f.status);
  return `the stored flow image does not show in All patients (${width} px wide; ${src?.slice(0, 80)}; ${why.join(', ')})`;
}

/** Every API call the page made went to the API's base, never under the page's folder. */
function assertApiPaths(w: PageWatch, apiUrl: string) {
  const wrong = w.requests.filter((r) => {
    const url = r.slice(r.indexOf(' ') + 1);
    const u = new URL(url);
    return API_ROUTE.test(u.pathname) && !u.pathname.includes('/lib/') && !url.startsWith(apiUrl);
  });
  assert.deepEqual(wrong, [], `API calls outside ${apiUrl}`);
}

interface StoredRecord {
  room_number: number;
  patient_mrn: number;
  patient_name: string;
  CPAP_pressure: (number | string)[];
  breath_rate: (number | string)[];
  apnea_count: (number | string | null)[];
  flow_image?: string[];
  timestamp: string[];
}

function checkStored(records: StoredRecord[], patient: { name: string; mrn: string; room: string }, shown: Shown) {
  assert.equal(records.length, 1);
  const r = records[0]!;
  assert.equal(Number(r.room_number), Number(patient.room));
  assert.equal(Number(r.patient_mrn), Number(patient.mrn));
  assert.equal(r.patient_name, patient.name);
  assert.deepEqual(r.CPAP_pressure.map(Number), [10]);
  assert.equal(r.breath_rate.length, 1);
  assert.ok(Math.abs(Number(r.breath_rate[0]) - Number(shown.breathRate)) < 0.01, `stored breath rate ${r.breath_rate[0]} = shown ${shown.breathRate}`);
  assert.match(r.timestamp[0] ?? '', /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
}

describe('Python host examples end to end', { timeout: 600_000 }, () => {
  let browser: Browser;
  let tmp: string;
  /** The hosts' environment: the library as the package ships it, not the repository's dist/. */
  let fromPackage: { DASHBOARD_LIB: string };

  before(async () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist/cdn/index.js')), 'run node scripts/build.js first');
    assert.ok(fs.existsSync(path.join(ROOT, 'dist/server/server.js')), 'run node scripts/build.js first');
    const missing = await pythonMissing(['flask', 'fastapi', 'uvicorn', 'django', 'jinja2', 'requests']);
    assert.equal(missing, false, 'install the Debian Python packages (.ci/run does)');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-python-'));
    fromPackage = await packedLibraryEnv(path.join(tmp, 'pack'));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function withPage<T>(fn: (page: Page, w: PageWatch, context: BrowserContext) => Promise<T>): Promise<T> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    try {
      const page = await context.newPage();
      return await fn(page, watchPage(page), context);
    } finally {
      await context.close();
    }
  }

  describe('flask: dashboard under /monitor/, the patient API implemented by the host (no /events, no /patients)', () => {
    let flask: RunningExample;
    before(async () => {
      flask = await startFlaskExample({ env: fromPackage });
    });
    after(async () => {
      await flask?.stop();
    });

    it('serves its own home page and the dashboard page with its CSP, no inline script', async () => {
      const home = await fetch(flask.url);
      assert.equal(home.status, 200);
      assert.match(await home.text(), /href="\/monitor\/"/);
      const csp = await checkHostPage(flask);
      assert.match(csp, /connect-src 'self'/);
      const lib = await fetch(`${flask.url}monitor/static/lib/index.js`);
      assert.equal(lib.status, 200);
      assert.match(lib.headers.get('content-type') ?? '', /javascript/);
    });

    it('analyses, loads a sample, uploads; the record in All patients and in its SQLite file', async () => {
      const patient = { name: 'Ada Lovelace', mrn: '4242', room: '12' };
      await withPage(async (page, w) => {
        const shown = await scenario(page, flask, patient);
        // The host's own storage, read with Python's sqlite3 from the file the host writes.
        const out = execFileSync(PYTHON, [
          '-c',
          'import json, sqlite3, sys\n' +
            'rows = sqlite3.connect(sys.argv[1]).execute("SELECT room_number, patient_mrn, patient_name, CPAP_pressure, breath_rate, apnea_count, flow_image, timestamp FROM patients").fetchall()\n' +
            'keys = ["room_number", "patient_mrn", "patient_name", "CPAP_pressure", "breath_rate", "apnea_count", "flow_image", "timestamp"]\n' +
            'print(json.dumps([{k: (json.loads(v) if i >= 3 else v) for i, (k, v) in enumerate(zip(keys, row))} for row in rows]))',
          flask.db,
        ], { encoding: 'utf8' });
        const records = JSON.parse(out) as StoredRecord[];
        checkStored(records, patient, shown);
        const image = Buffer.from(records[0]!.flow_image![0]!, 'base64');
        assert.deepEqual([...image.subarray(0, 3)], [0xff, 0xd8, 0xff], 'the flow image is stored as a JPEG');
        // And through the host's own API.
        const listed = (await (await fetch(`${flask.apiUrl}get_all_patients`)).json()) as StoredRecord[];
        checkStored(listed, patient, shown);

        assertApiPaths(w, flask.apiUrl);
        assert.ok(w.requests.some((r) => r === `POST ${flask.apiUrl}add_patient`), 'the upload went to the host root');
        const imageProblem = await storedImageProblem(page, w);
        assertNoUnexpected(w, (f) => expectedFailure(flask.apiUrl, f, { patients: true, events: true }));
        assert.equal(imageProblem, null);
      });
    });
  });

  describe('fastapi: the app at the root, the patient API the reference server on another origin (CORS)', () => {
    let fastapi: ProxiedExample;
    before(async () => {
      fastapi = await startFastapiExample({ env: fromPackage });
    });
    after(async () => {
      await fastapi?.stop();
    });

    it('serves the dashboard page with its CSP naming the API origin, no inline script', async () => {
      const csp = await checkHostPage(fastapi);
      const apiOrigin = new URL(fastapi.apiUrl).origin;
      assert.match(csp, new RegExp(`connect-src 'self' ${apiOrigin}`));
    });

    it('analyses, loads a sample, uploads cross-origin; the record in All patients and on the reference server', async () => {
      const patient = { name: 'Grace Hopper', mrn: '1906', room: '7' };
      await withPage(async (page, w) => {
        const shown = await scenario(page, fastapi, patient);
        const records = (await (await fetch(`${fastapi.api.url}get_all_patients`)).json()) as StoredRecord[];
        checkStored(records, patient, shown);
        assertApiPaths(w, fastapi.apiUrl);
        assert.ok(w.requests.some((r) => r === `POST ${fastapi.apiUrl}add_patient`), 'the upload went to the reference server');
        const imageProblem = await storedImageProblem(page, w);
        assertNoUnexpected(w, (f) => expectedFailure(fastapi.apiUrl, f, { patients: false, events: false }));
        assert.equal(imageProblem, null);
      });
    });

    it('without CORS on the reference server: the upload notice names CORS, nothing is stored', async () => {
      const blocked = await startFastapiExample({ cors: false, env: fromPackage });
      try {
        await withPage(async (page) => {
          await page.goto(blocked.pageUrl);
          await fillForm(page, { name: 'Alan Turing', mrn: '1912', room: '3' });
          await page.locator(`${dash} da-file-uploader input[type="file"]`).setInputFiles(path.join(SAMPLES, 'patient_02.txt'));
          await waitForText(page, metric('Breaths'), /\d/);
          await page.locator(uploadButton).click();
          await waitForText(page, notice, /CORS/, 30_000);
        });
        const records = (await (await fetch(`${blocked.api.url}get_all_patients`)).json()) as StoredRecord[];
        assert.deepEqual(records, [], 'the browser blocked the upload');
      } finally {
        await blocked.stop();
      }
    });
  });

  describe('django: the patient API proxied by the host under /api/ (one origin, one port; /events not proxied)', () => {
    let django: ProxiedExample;
    before(async () => {
      django = await startDjangoExample({ env: fromPackage });
    });
    after(async () => {
      await django?.stop();
    });

    it('serves the dashboard page with its CSP, no inline script; the proxy keeps status and content type', async () => {
      const csp = await checkHostPage(django);
      assert.match(csp, /connect-src 'self'(;|$)/);
      const health = await fetch(`${django.apiUrl}health`);
      assert.equal(health.status, 200);
      assert.deepEqual(await health.json(), { status: 'healthy', service: 'sleep-lab-api' });
      const direct = await fetch(`${django.api.url}CPAP_query/99`);
      const proxied = await fetch(`${django.apiUrl}CPAP_query/99`);
      assert.equal(proxied.status, direct.status);
      assert.equal(proxied.headers.get('content-type'), direct.headers.get('content-type'));
      assert.equal(await proxied.text(), await direct.text());
      const bad = await fetch(`${django.apiUrl}add_patient`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' });
      assert.equal(bad.status, 400);
      assert.equal(await bad.json(), 'Input is not a dictionary');
    });

    it('analyses, loads a sample, uploads through the proxy; the record in All patients and on the reference server', async () => {
      const patient = { name: 'Katherine Johnson', mrn: '1918', room: '21' };
      await withPage(async (page, w) => {
        const shown = await scenario(page, django, patient);
        const records = (await (await fetch(`${django.api.url}get_all_patients`)).json()) as StoredRecord[];
        checkStored(records, patient, shown);
        assertApiPaths(w, django.apiUrl);
        assert.ok(!w.requests.some((r) => r.includes(`127.0.0.1:${django.api.port}`)), 'the browser never calls the reference server itself');
        assert.ok(w.requests.some((r) => r === `POST ${django.apiUrl}add_patient`), 'the upload went through the proxy');
        const imageProblem = await storedImageProblem(page, w);
        assertNoUnexpected(w, (f) => expectedFailure(django.apiUrl, f, { patients: false, events: true }));
        assert.equal(imageProblem, null);
      });
    });
  });
});
