import fs from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Files under `root` only. The URL path is decoded once and checked segment by segment, then the
 * resolved (symlink-free) path must still be inside the root: `..`, encoded `%2e%2e`, backslashes and
 * NUL bytes all end as 400 or 404 before the file system is asked.
 */
export async function serveFile(c: Context, root: string, urlPath: string): Promise<Response> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return c.json('Bad path', 400);
  }
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\\') || s.includes('\0') || s.startsWith('.'))) {
    return c.json('Bad path', 400);
  }
  let file = path.join(root, ...segments);
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
    let stat = await fs.stat(file);
    if (stat.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = await fs.stat(file);
    }
    const real = await fs.realpath(file);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return c.json('Not found', 404);
    if (!stat.isFile()) return c.json('Not found', 404);
    const etag = `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
    // HTML must revalidate so a rebuild shows at once; Vite's hashed assets never change.
    const cache = /\/assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/.test(real) ? 'public, max-age=31536000, immutable' : 'no-cache';
    const headers = {
      'Content-Type': contentTypes[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': cache,
      ETag: etag,
    };
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, headers);
    // robots.txt and sitemap.xml need absolute URLs: `{origin}` in them becomes this server's.
    if (/^(robots\.txt|sitemap\.xml)$/.test(path.basename(real))) {
      return c.body((await fs.readFile(real, 'utf8')).replaceAll('{origin}', new URL(c.req.url).origin), 200, headers);
    }
    return c.body(await fs.readFile(real), 200, headers);
  } catch {
    return c.json('Not found', 404);
  }
}

/** The repository root: the nearest folder above `from` with a package.json (works from server/ and dist/server/). */
export async function findRepoRoot(from: string): Promise<string> {
  let dir = from;
  for (;;) {
    try {
      await fs.access(path.join(dir, 'package.json'));
      return dir;
    } catch {
      const up = path.dirname(dir);
      if (up === dir) return from;
      dir = up;
    }
  }
}
