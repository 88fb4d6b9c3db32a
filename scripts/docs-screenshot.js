#!/usr/bin/env node
// docs/storybook-docs.png: a screenshot of one generated docs page (da-metric-card's autodocs page,
// from the Custom Elements Manifest) in the built Storybook, taken in Chromium with playwright-core.
//   npm run build-storybook && node scripts/docs-screenshot.js [docs-id] [out]
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launchChromium } from '../test/support/chromium.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIR = path.join(ROOT, 'dist/storybook');
const id = process.argv[2] ?? 'elements-da-metric-card--docs';
const out = path.resolve(ROOT, process.argv[3] ?? 'docs/storybook-docs.png');

if (!fs.existsSync(path.join(DIR, 'index.html'))) {
  console.error('docs-screenshot: dist/storybook is missing: run npm run build-storybook first');
  process.exit(1);
}
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
  const file = path.join(DIR, rel);
  if (!file.startsWith(DIR) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  fs.createReadStream(file).pipe(res);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // The whole Storybook UI (sidebar, toolbar with the theme switch) with the docs page in its preview frame.
  await page.goto(`http://127.0.0.1:${server.address().port}/?path=/docs/${id}`);
  const frame = page.frameLocator('#storybook-preview-iframe');
  await frame.locator('#storybook-docs table.docblock-argstable').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(500);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  console.log(`docs-screenshot: ${path.relative(ROOT, out)} (${id})`);
} finally {
  await browser.close();
  server.close();
}
