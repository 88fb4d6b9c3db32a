// The demo's web-app metadata, served by the reference server from the built demo: the manifest
// (linked from the page), robots.txt (patient routes never indexed) and sitemap.xml (the public pages).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { request, startTestServer, type TestServer } from '../../server/test-support.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let server: TestServer;

before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist/demo/index.html')), 'dist/demo is missing: run npm run build first');
  server = await startTestServer();
});
after(() => server?.stop());

it('serves manifest.webmanifest, linked from the demo page, with its icons', async () => {
  const page = await request(server.url, 'GET', '/');
  assert.match(page.text, /<link rel="manifest" href="[^"]*manifest\.webmanifest"/);
  const r = await request(server.url, 'GET', '/manifest.webmanifest');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^application\/manifest\+json/);
  const m = r.json() as Record<string, unknown> & { icons: { src: string; type: string; sizes: string }[] };
  assert.equal(m.display, 'standalone');
  for (const k of ['name', 'short_name', 'start_url', 'theme_color', 'background_color']) assert.ok(m[k], `manifest has no ${k}`);
  assert.ok(m.icons.some((i) => i.sizes === '512x512'), 'a 512x512 icon');
  for (const icon of m.icons) {
    const i = await request(server.url, 'GET', new URL(icon.src, `${server.url}/manifest.webmanifest`).pathname);
    assert.equal(i.status, 200, icon.src);
    assert.equal(String(i.headers['content-type']), icon.type, icon.src);
  }
});

it('serves robots.txt: patient routes disallowed, demo pages allowed', async () => {
  const r = await request(server.url, 'GET', '/robots.txt');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^text\/plain/);
  for (const route of ['/get_all_patients', '/patients', '/CPAP_query', '/events', '/add_patient', '/new_cpap_pressure', '/mcp']) {
    assert.ok(r.text.split('\n').includes(`Disallow: ${route}`), `robots.txt disallows ${route}`);
  }
  assert.match(r.text, /^Allow: \/plain\.html$/m);
  assert.ok(r.text.includes(`Sitemap: ${new URL(server.url).origin}/sitemap.xml`), 'an absolute sitemap URL');
});

it('serves sitemap.xml with the public demo pages as absolute URLs', async () => {
  const r = await request(server.url, 'GET', '/sitemap.xml');
  assert.equal(r.status, 200);
  assert.match(String(r.headers['content-type']), /^application\/xml/);
  const locs = [...r.text.matchAll(/<loc>([^<]+)<\/loc>/g)].map((x) => x[1]);
  const origin = new URL(server.url).origin;
  assert.deepEqual(locs, [`${origin}/`, `${origin}/plain.html`]);
  assert.doesNotMatch(r.text, /patients|CPAP_query/);
});
