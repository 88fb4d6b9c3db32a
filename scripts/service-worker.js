// The demo's service worker (demo/sw.ts) built into dist/demo/sw.js, with the list of files it keeps
// for offline start and a version hashed from their contents: a new build, a new cache name.
import { build as esbuild } from 'esbuild';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Files the shell does not need offline: crawler files, source maps and the worker itself. */
const skipped = /(^|\/)(sw\.js|robots\.txt|sitemap\.xml)$|\.map$/;

/**
 * What the service worker keeps, as URLs relative to it: the demo's files (the page as `./`) and
 * the library's (`lib/...`, as the reference server serves dist/cdn), with the hash of them all.
 */
export function precacheManifest(demoDir, libDir) {
  const files = [];
  const add = (dir, prefix) => {
    for (const rel of fs.readdirSync(dir, { recursive: true }).map((f) => String(f).split(path.sep).join('/')).sort()) {
      const file = path.join(dir, rel);
      if (fs.statSync(file).isFile() && !skipped.test(rel)) files.push({ url: prefix + (rel === 'index.html' ? '' : rel), file });
    }
  };
  add(demoDir, './');
  if (fs.existsSync(libDir)) add(libDir, './lib/');
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(`${f.url}\0`).update(fs.readFileSync(f.file)).update('\0');
  }
  return { urls: files.map((f) => f.url), version: hash.digest('hex').slice(0, 16) };
}

/** Writes dist/demo/sw.js (after the demo and dist/cdn are built). */
export async function buildServiceWorker(distDir) {
  const demoDir = path.join(distDir, 'demo');
  const { urls, version } = precacheManifest(demoDir, path.join(distDir, 'cdn'));
  await esbuild({
    entryPoints: [path.resolve(import.meta.dirname, '../demo/sw.ts')],
    outfile: path.join(demoDir, 'sw.js'),
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    define: { __PRECACHE__: JSON.stringify(urls), __VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  });
  return { urls, version };
}
