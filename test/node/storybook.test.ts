// The Storybook builds and works: every story file compiles into a static Storybook
// (`storybook build -o dist/storybook`), and in Chromium every story and every docs page (autodocs
// from the Custom Elements Manifest) opens without console errors, the story rendered and the docs
// page showing its props table. Also: docs/api.md is what scripts/api-reference.js generates.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { elementNames } from '../../scripts/elements.js';
import { launchChromium } from '../support/chromium.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = path.join(ROOT, 'dist/storybook');

interface Entry {
  id: string;
  title: string;
  type: 'story' | 'docs';
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain',
};

/** A static file server for a built Storybook; resolves with its base URL and a close function. */
async function serveStatic(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    // Chromium asks for /favicon.ico on the first navigation; Storybook ships favicon.svg only.
    if (rel === 'favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

it('docs/api.md is generated from the manifest and current', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'api-reference-'));
  try {
    const out = path.join(tmp, 'api.md');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/api-reference.js'), out], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const fresh = fs.readFileSync(out, 'utf8');
    // The build rewrites docs/api.md, so compare with what is committed: a change to an element's API
    // without the regenerated page fails here.
    const committed = spawnSync('git', ['show', 'HEAD:docs/api.md'], { cwd: ROOT, encoding: 'utf8' });
    const kept = committed.status === 0 ? committed.stdout : fs.readFileSync(path.join(ROOT, 'docs/api.md'), 'utf8');
    assert.equal(kept, fresh, 'docs/api.md is stale: run the build (or node scripts/api-reference.js) and commit it');
    for (const name of elementNames()) assert.match(fresh, new RegExp(`^## da-${name}$`, 'm'), `docs/api.md documents da-${name}`);
    assert.match(fresh, /^## cpap-dashboard$/m);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

it('builds the Storybook; every story and every docs page opens in Chromium without errors', { timeout: 300_000 }, async () => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/storybook/dist/bin/dispatcher.js'), 'build', '-o', OUT, '--quiet'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' },
  });
  assert.equal(r.status, 0, r.stderr.slice(-2000));
  const index = JSON.parse(fs.readFileSync(path.join(OUT, 'index.json'), 'utf8')) as { entries: Record<string, Entry> };
  const entries = Object.values(index.entries);
  const titles = new Set(entries.map((e) => e.title.toLowerCase()));
  for (const name of [...elementNames(), 'dashboard']) {
    assert.ok([...titles].some((t) => t.includes(name.replace('-', ' ')) || t.includes(name)), `a story for ${name} (titles: ${[...titles].join(', ')})`);
  }
  const stories = entries.filter((e) => e.type === 'story');
  const docs = entries.filter((e) => e.type === 'docs');
  // Every component (meta) has its autodocs page.
  assert.equal(docs.length, new Set(stories.map((s) => s.title)).size, 'one docs page per component');

  const server = await serveStatic(OUT);
  const browser = await launchChromium();
  const started = Date.now();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    let errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    const failures: string[] = [];
    for (const entry of [...stories, ...docs]) {
      errors = [];
      const url = `${server.url}/iframe.html?id=${entry.id}&viewMode=${entry.type === 'docs' ? 'docs' : 'story'}`;
      await page.goto(url);
      try {
        if (entry.type === 'story') {
          await page.waitForFunction(() => document.querySelector('#storybook-root')?.firstElementChild != null, undefined, { timeout: 15_000 });
        } else {
          await page.waitForSelector('#storybook-docs table.docblock-argstable', { timeout: 15_000 });
        }
        // Let late work (charts drawing, workers answering) report its errors.
        await page.waitForTimeout(150);
      } catch (e) {
        errors.push(`not rendered: ${(e as Error).message.split('\n')[0]}`);
      }
      if (await page.locator('.sb-show-errordisplay').count()) errors.push('Storybook error display shown');
      if (errors.length) failures.push(`${entry.id} (${entry.type}): ${errors.join('; ')}`);
    }
    console.log(`storybook smoke: ${stories.length} stories, ${docs.length} docs pages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.deepEqual(failures, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
