// Shared by the Node end-to-end tests that drive a page with playwright-core.
import type { Page } from 'playwright-core';

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
