// Shared by the Node end-to-end tests that drive <cpap-dashboard> with playwright-core.
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
