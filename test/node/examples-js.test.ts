// End to end: the JavaScript host examples (examples/plain-html, examples/vite, examples/react) in
// Chromium, each using the library as packed (`npm pack` of the built repository), never its source.
// - vite, react: copied to a temporary folder, installed from the tarball (npm cache in .cache/npm),
//   `tsc` clean, `vite build`, served by `vite preview`, the reference server on another origin (CORS).
// - plain-html: the page on one static server, dist/cdn (from the tarball) on another origin with
//   `Access-Control-Allow-Origin: *`, as from a CDN; the reference server on a third; the page's CSP
//   in a <meta>. Once more with the reference server without CORS: the upload notice names CORS.
// For each: fill the form, analyse patient_02.txt (2 apnea events, alert), load a synthetic sample,
// upload, see the record in All patients and in GET /get_all_patients. React also: React 19 sets the
// text input's `value` property from state, and typing updates the metric card.
// Page errors, console errors and failed requests fail the test unless expected (named below).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import {
  ROOT,
  EXAMPLES,
  freePort,
  installExample,
  packLibrary,
  run,
  serveStatic,
  startReferenceServer,
  vitePreview,
  type ReferenceServer,
  type StaticServer,
} from '../support/examples.js';
import {
  SAMPLES,
  assertNoUnexpected,
  checkPatientsView,
  dash,
  echoesExpectedFailure,
  fillForm,
  isUnknownRoomQuery,
  metric,
  notice,
  uploadButton,
  waitForText,
  watchPage,
  type PageWatch,
} from '../support/page.ts';

/** What went wrong on the page so far (and the dashboard's notices), to add to an assertion's message. */
async function problems(w: PageWatch): Promise<string> {
  const notices = await w.page.locator(`${dash} .notice`).allTextContents().catch(() => []);
  const lines = [
    ...notices.map((n) => `dashboard notice: ${n.replace(/\s+/g, ' ').trim()}`),
    ...w.errors,
    ...w.failures.map((f) => `${f.status} ${f.method} ${f.url}`),
  ];
  return lines.length ? `\n  on the page:\n  - ${lines.join('\n  - ')}` : '';
}

/** `step` with the page's errors and failed requests added to its failure. */
async function step<T>(w: PageWatch, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message}${await problems(w)}`, { cause: e });
  }
}

interface StoredRecord {
  room_number: number;
  patient_mrn: number;
  patient_name: string;
  CPAP_pressure: (number | string)[];
  breath_rate: (number | string)[];
  apnea_count: (number | string | null)[];
}

/**
 * The acceptance scenario on the page at `pageUrl` against the reference server `api`: form,
 * patient_02.txt (2 apnea events, alert), the default synthetic sample, upload, All patients, and
 * the record on the server. Each step's failure names the page's errors.
 */
async function scenario(page: Page, w: PageWatch, pageUrl: string, api: ReferenceServer, patient: { name: string; mrn: string; room: string }) {
  const response = await page.goto(pageUrl);
  assert.equal(response?.status(), 200);
  await step(w, 'fill the form', () => fillForm(page, patient));

  await step(w, 'analyse patient_02.txt', async () => {
    await page.locator(`${dash} da-file-uploader input[type="file"]`).setInputFiles(path.join(SAMPLES, 'patient_02.txt'));
    await waitForText(page, metric('Breathing rate'), /9\.34\s*breaths\/min/);
    assert.match((await page.locator(metric('Apnea events')).first().textContent()) ?? '', /^\s*2\s*$/);
    assert.equal(
      await page.locator(`${dash} da-metric-card[label="Apnea events"]`).evaluate((el) => (el as HTMLElement & { alert: boolean }).alert || el.matches(':state(alert)')),
      true,
      'the alert shows on the Apnea events card',
    );
  });

  // The default selection of the sample list, generated in the worker (the generator is bundled into it).
  const breathRate = await step(w, 'load a synthetic sample (the default selection)', async () => {
    await page.locator(`${dash} button`, { hasText: 'Load sample' }).click();
    const rate = await waitForText(page, metric('Breathing rate'), /^(?![\s\S]*9\.34)[\s\S]*\d+\.\d\d\s*breaths\/min/, 30_000);
    return /(\d+\.\d\d)/.exec(rate)![1]!;
  });

  await step(w, 'upload', async () => {
    await page.locator(uploadButton).click();
    await waitForText(page, notice, /New patient created/);
  });

  await step(w, 'All patients', async () => {
    await checkPatientsView(page, patient, breathRate);
  });

  const records = (await (await fetch(`${api.url}get_all_patients`)).json()) as StoredRecord[];
  assert.equal(records.length, 1, 'one record on the server');
  const r = records[0]!;
  assert.equal(Number(r.room_number), Number(patient.room));
  assert.equal(Number(r.patient_mrn), Number(patient.mrn));
  assert.equal(r.patient_name, patient.name);
  assert.deepEqual(r.CPAP_pressure.map(Number), [10]);
  assert.equal(r.breath_rate.length, 1);
  assert.ok(Math.abs(Number(r.breath_rate[0]) - Number(breathRate)) < 0.01, `stored breath rate ${r.breath_rate[0]} = shown ${breathRate}`);
  assert.ok(w.requests.includes(`POST ${api.url}add_patient`), 'the upload went to the reference server');
}

/** examples/plain-html/index.html with its origins (page 8080, CDN 8081, API 8787) replaced. */
function plainHtmlCopy(dest: string, origins: { page: string; cdn: string; api: string }) {
  fs.mkdirSync(dest, { recursive: true });
  for (const f of fs.readdirSync(path.join(EXAMPLES, 'plain-html'))) {
    if (!/\.(html|css)$/.test(f)) continue;
    const text = fs.readFileSync(path.join(EXAMPLES, 'plain-html', f), 'utf8')
      .replaceAll('http://127.0.0.1:8080', origins.page)
      .replaceAll('http://127.0.0.1:8081', origins.cdn)
      .replaceAll('http://127.0.0.1:8787', origins.api);
    fs.writeFileSync(path.join(dest, f), text);
  }
}

describe('JavaScript host examples end to end (the packed library)', { timeout: 420_000 }, () => {
  let browser: Browser;
  let tmp: string;
  let tarball: string;
  let unpacked: string;
  const installed = new Map<string, Promise<string>>();

  before(async () => {
    for (const f of ['dist/cdn/index.js', 'dist/lib/index.js', 'dist/server/server.js']) {
      assert.ok(fs.existsSync(path.join(ROOT, f)), `${f} is missing: run node scripts/build.js first`);
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'examples-js-'));
    ({ tarball, unpacked } = await packLibrary(path.join(tmp, 'pack')));
    // Both installs at once; each test awaits its own.
    for (const name of ['vite', 'react']) {
      const p = installExample(name, path.join(tmp, name), tarball);
      p.catch(() => {}); // reported by the test that awaits it
      installed.set(name, p);
    }
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await Promise.allSettled(installed.values());
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function withPage<T>(fn: (page: Page, w: PageWatch) => Promise<T>): Promise<T> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    try {
      const page = await context.newPage();
      return await fn(page, watchPage(page));
    } finally {
      await context.close();
    }
  }

  /** Installs (awaited), type-checks, builds with the API's URL, serves with `vite preview`. */
  async function buildAndServe(name: string): Promise<{ dir: string; api: ReferenceServer; preview: StaticServer }> {
    const dir = await installed.get(name)!;
    const tsc = await run(process.execPath, [path.join(dir, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], { cwd: dir }).catch((e: Error) => e);
    assert.ok(!(tsc instanceof Error), `tsc on the ${name} example: ${tsc instanceof Error ? tsc.message : ''}`);
    const port = await freePort();
    const api = await startReferenceServer({ allowedOrigins: [`http://127.0.0.1:${port}`] });
    try {
      await run(process.execPath, [path.join(dir, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: dir, env: { VITE_PATIENT_API_URL: api.url } });
      const preview = await vitePreview(dir, { port });
      return { dir, api, preview };
    } catch (e) {
      await api.stop();
      throw e;
    }
  }

  describe('vite: vanilla TypeScript app built from the tarball', () => {
    let app: { dir: string; api: ReferenceServer; preview: StaticServer } | undefined;
    after(async () => {
      await app?.preview.stop();
      await app?.api.stop();
    });

    it('installs the tarball, tsc clean, vite build; analyses, loads a sample, uploads cross-origin', async () => {
      app = await buildAndServe('vite');
      const { api, preview } = app;
      await withPage(async (page, w) => {
        await scenario(page, w, preview.url, api, { name: 'Grace Hopper', mrn: '1906', room: '7' });
        // The app's own element, counting delivered uploads from the typed da-upload event.
        await waitForText(page, 'main > da-metric-card#uploads [part~="value"]', /^\s*1\s*$/, 10_000);
        assertNoUnexpected(w, (f) => isUnknownRoomQuery(api.url, f));
      });
    });
  });

  describe('react: React 19 + TSX built from the tarball', () => {
    let app: { dir: string; api: ReferenceServer; preview: StaticServer } | undefined;
    after(async () => {
      await app?.preview.stop();
      await app?.api.stop();
    });

    it('installs the tarball, tsc clean on the TSX, vite build; the value property is bound from React state', async () => {
      app = await buildAndServe('react');
      const { preview } = app;
      await withPage(async (page, w) => {
        const response = await page.goto(preview.url);
        assert.equal(response?.status(), 200);
        // By id: React sets `label` as a property (the element has it), so there is no label attribute.
        const input = page.locator('main > section da-text-input#name input');
        const card = 'main > section da-metric-card#on-duty [part~="value"]';
        await step(w, 'the initial state', async () => {
          await waitForText(page, card, /Florence/, 10_000);
          assert.equal(await input.inputValue(), 'Florence', 'React set value={name} before the first render: the field shows it');
        });
        await step(w, 'typing updates React state and the metric card', async () => {
          await input.fill('Mary Seacole');
          await waitForText(page, card, /Mary Seacole/, 10_000);
          assert.equal(await input.inputValue(), 'Mary Seacole');
        });
        assertNoUnexpected(w, () => false);
      });
    });

    it('analyses, loads a sample, uploads cross-origin; the record in All patients and on the server', async () => {
      assert.ok(app, 'the react example was built');
      const { api, preview } = app;
      await withPage(async (page, w) => {
        await scenario(page, w, preview.url, api, { name: 'Katherine Johnson', mrn: '1918', room: '21' });
        assertNoUnexpected(w, (f) => isUnknownRoomQuery(api.url, f));
      });
    });
  });

  describe('plain-html: a static page, dist/cdn from another origin (CORS *), the reference server on a third', () => {
    let cdn: StaticServer;
    before(async () => {
      cdn = await serveStatic(path.join(unpacked, 'dist/cdn'), { cors: true, probe: 'index.js' });
    });
    after(async () => {
      await cdn?.stop();
    });

    /** The page on its own static server, its origins pointed at `cdn` and `api`. */
    async function servePage(api: ReferenceServer, pagePort: number): Promise<StaticServer> {
      const dir = fs.mkdtempSync(path.join(tmp, 'plain-html-'));
      plainHtmlCopy(dir, { page: `http://127.0.0.1:${pagePort}`, cdn: cdn.url.slice(0, -1), api: api.url.slice(0, -1) });
      return serveStatic(dir, { port: pagePort });
    }

    it('the page: CSP in a <meta>, no inline script, the library only from the CDN origin', async () => {
      const html = fs.readFileSync(path.join(EXAMPLES, 'plain-html/index.html'), 'utf8');
      const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) assert.match(tag, /\bsrc="http:\/\/127\.0\.0\.1:8081\//, `no inline script, the library from the CDN: ${tag}`);
      const res = await fetch(`${cdn.url}index.js`, { headers: { Origin: 'http://127.0.0.1:1' } });
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
    });

    it('analyses, loads a sample, uploads cross-origin under the CSP; the record in All patients and on the server', async () => {
      const pagePort = await freePort();
      const api = await startReferenceServer({ allowedOrigins: [`http://127.0.0.1:${pagePort}`] });
      const site = await servePage(api, pagePort).catch(async (e) => { await api.stop(); throw e; });
      try {
        await withPage(async (page, w) => {
          await scenario(page, w, site.url, api, { name: 'Ada Lovelace', mrn: '4242', room: '12' });
          // The attribute-bound pair from the CDN build works too.
          await page.locator('main > section da-text-input[bind="name"] input').fill('Ada');
          await waitForText(page, 'main > section da-metric-card[bind="name"] [part~="value"]', /Ada/, 10_000);
          assert.ok(w.requests.some((r) => r.startsWith(`GET ${cdn.url}`)), 'the library came from the CDN origin');
          assert.ok(!w.requests.some((r) => r.startsWith(`GET ${site.url}`) && /\.js(\?|$)/.test(r)), 'no script from the page origin');
          assertNoUnexpected(w, (f) => isUnknownRoomQuery(api.url, f));
        });
      } finally {
        await site.stop();
        await api.stop();
      }
    });

    it('without CORS on the reference server: the upload notice names CORS, nothing is stored', async () => {
      const pagePort = await freePort();
      const api = await startReferenceServer();
      const site = await servePage(api, pagePort).catch(async (e) => { await api.stop(); throw e; });
      try {
        await withPage(async (page, w) => {
          await page.goto(site.url);
          await step(w, 'fill the form', () => fillForm(page, { name: 'Alan Turing', mrn: '1912', room: '3' }));
          await step(w, 'analyse patient_02.txt', async () => {
            await page.locator(`${dash} da-file-uploader input[type="file"]`).setInputFiles(path.join(SAMPLES, 'patient_02.txt'));
            await waitForText(page, metric('Breaths'), /\d/);
          });
          await step(w, 'upload without CORS', async () => {
            await page.locator(uploadButton).click();
            await waitForText(page, notice, /CORS/, 30_000);
          });
          // Expected: every call to the API's origin blocked (and said so in the console); nothing else.
          const blocked = (f: PageWatch['failures'][number]) => f.url.startsWith(api.url);
          assert.deepEqual(w.failures.filter((f) => !blocked(f)), [], 'unexpected failed requests');
          const unexpected = w.errors.filter((e) => !/CORS|Access-Control-Allow-Origin/.test(e) && !echoesExpectedFailure(e, w, blocked) && !/net::ERR_FAILED/.test(e));
          assert.deepEqual(unexpected, [], 'console errors or page errors besides the blocked calls');
        });
        const records = (await (await fetch(`${api.url}get_all_patients`)).json()) as StoredRecord[];
        assert.deepEqual(records, [], 'the browser blocked the upload');
      } finally {
        await site.stop();
        await api.stop();
      }
    });
  });
});
