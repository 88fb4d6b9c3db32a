// Shared by the Node end-to-end tests that drive <cpap-dashboard> with playwright-core.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** The lab's sample recordings, read by path (never copied into the repository). */
export const SAMPLES = path.resolve(import.meta.dirname, '../../../shared/cpap-samples');

/** Selectors that pierce shadow roots (Playwright's CSS engine). */
export const dash = 'cpap-dashboard';
export const uploadButton = `${dash} form button[type="submit"]`;
export const notice = `${dash} form .notice`;
export const metric = (label: string) => `${dash} da-metric-card[label="${label}"] [part~="value"]`;

/** Waits until the text of every element matching `selector` (shadow roots pierced) matches `pattern`. */
export async function waitForText(page: Page, selector: string, pattern: RegExp, timeout = 30_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await page.locator(selector).allTextContents().catch(() => [])).join(' | ');
    if (pattern.test(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`${selector}: ${JSON.stringify(last)} never matched ${pattern}`);
}

export interface PageWatch {
  page: Page;
  /** Every request the page made (method and URL). */
  requests: string[];
  /** Responses >= 400 and requests that got no response. */
  failures: { method: string; url: string; status: number | string }[];
  /** Page errors, console errors and CSP violations, the page's and its workers'. */
  errors: string[];
}

/** Records what went wrong on the page: failed responses and requests, page, console and worker errors. */
export function watchPage(page: Page): PageWatch {
  const w: PageWatch = { page, requests: [], failures: [], errors: [] };
  page.on('request', (r) => w.requests.push(`${r.method()} ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) w.failures.push({ method: r.request().method(), url: r.url(), status: r.status() });
  });
  page.on('requestfailed', (r) => w.failures.push({ method: r.method(), url: r.url(), status: r.failure()?.errorText ?? 'failed' }));
  page.on('pageerror', (e) => w.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) w.errors.push(`${m.text()} @ ${m.location().url}`);
  });
  // A worker that fails to load or throws reports on its own console, not the page's.
  page.on('worker', (worker) => {
    worker.on('console', (m) => {
      if (m.type() === 'error') w.errors.push(`worker ${worker.url()}: ${m.text()}`);
    });
  });
  return w;
}

/** Which failed requests a test expects. */
export type ExpectedFailure = (f: PageWatch['failures'][number]) => boolean;

/**
 * Console lines that only echo an expected failed response: Chromium logs every 4xx/5xx, and reports
 * an EventSource's JSON 404 (a server without /events) as a wrong MIME type.
 */
export function echoesExpectedFailure(line: string, w: PageWatch, ok: ExpectedFailure): boolean {
  const m = /^Failed to load resource: the server responded with a status of (\d+).* @ (\S+)$/.exec(line);
  if (m) return w.failures.some((f) => f.url === m[2] && ok(f));
  return /EventSource's response has a MIME type/.test(line) && w.failures.some((f) => /\/events(\?|$)/.test(f.url) && ok(f));
}

/** No failed request, page error, console error or CSP violation but the expected ones. */
export function assertNoUnexpected(w: PageWatch, ok: ExpectedFailure): void {
  assert.deepEqual(w.failures.filter((f) => !ok(f)), [], 'unexpected failed requests');
  assert.deepEqual(w.errors.filter((e) => !echoesExpectedFailure(e, w, ok)), [], 'console errors, page errors or CSP violations');
}

/** `CPAP_query` for a room the server has not stored yet: the reference server answers 400 (not a fault). */
export function isUnknownRoomQuery(apiUrl: string, f: { url: string; status: number | string }): boolean {
  return f.url.startsWith(apiUrl) && /^CPAP_query\/\d+$/.test(f.url.slice(apiUrl.length)) && f.status === 400;
}

/** Fills the dashboard's patient form (pressure 10). */
export async function fillForm(page: Page, patient: { name: string; mrn: string; room: string }): Promise<void> {
  await page.locator(`${dash} da-text-input[bind="patientName"] input`).fill(patient.name);
  await page.locator(`${dash} da-text-input[bind="mrn"] input`).fill(patient.mrn);
  await page.locator(`${dash} da-text-input[bind="room"] input`).fill(patient.room);
  await page.locator(`${dash} da-text-input[bind="pressure"] input`).fill('10');
}

/** All patients: one patient found, its expander named as the contract says, its first row pressure 10 and `breathRate`. */
export async function checkPatientsView(page: Page, patient: { name: string; mrn: string; room: string }, breathRate: string): Promise<void> {
  await page.locator(`${dash} da-tab[panel="patients"]`).click();
  await waitForText(page, `${dash} cpap-patients-view [role="status"]`, /Found 1 patient\(s\)/);
  const expander = page.locator(`${dash} cpap-patients-view da-expander`).first();
  assert.equal(await expander.getAttribute('summary'), `Room ${patient.room} - ${patient.name} (MRN: ${patient.mrn})`);
  await expander.locator('button[aria-expanded]').click();
  const row = expander.locator('tbody tr').first();
  await row.waitFor({ timeout: 10_000 });
  assert.match((await row.textContent()) ?? '', new RegExp(`10.*${breathRate.replace('.', '\\.')}`, 's'));
}
