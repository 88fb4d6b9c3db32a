/**
 * gzip and brotli for JSON answers above ~1 KB and for static files, negotiated by Accept-Encoding
 * (`Vary: Accept-Encoding` on every answer that could have been compressed). Not for the event stream
 * (written to Node's response directly), the streamed image lists (marked in `uncompressed`), images
 * (already compressed) or answers that carry their own Content-Encoding (the kept list).
 * Static files' compressed forms are kept by ETag (up to 32 MB in all), so a bundle is compressed once.
 */
import type { MiddlewareHandler } from 'hono';
import { appendVary } from './security.ts';
import { compress, negotiate } from './list.ts';

/** Responses that must go out as they are (streams); handlers add theirs. */
export const uncompressed = new WeakSet<Response>();

const compressible = /^(?:application\/(?:json|javascript|manifest\+json|xml)|text\/|image\/svg\+xml)/i;
const minBytes = 1024;
const keptMax = 32 * 1024 * 1024;

export function compression(): MiddlewareHandler {
  // ETag + encoding -> compressed bytes, oldest first out.
  const kept = new Map<string, Buffer>();
  let keptBytes = 0;
  return async (c, next) => {
    await next();
    const res = c.res;
    if (c.req.method !== 'GET' || res.status < 200 || res.status >= 300 || res.status === 204) return;
    if (res.headers.has('x-hono-already-sent') || uncompressed.has(res) || res.headers.has('Content-Encoding')) return;
    if (!compressible.test(res.headers.get('Content-Type') ?? '')) return;
    appendVary(res.headers, 'Accept-Encoding');
    const encoding = negotiate(c.req.header('Accept-Encoding'));
    if (encoding === 'identity') return;
    const etag = res.headers.get('ETag');
    const key = etag ? `${encoding} ${c.req.path} ${etag}` : null;
    let body = key ? kept.get(key) : undefined;
    if (!body) {
      const plain = Buffer.from(await res.arrayBuffer());
      if (plain.length < minBytes) {
        c.res = new Response(plain, res);
        return;
      }
      body = await compress(plain, encoding);
      if (key && body.length < keptMax / 4) {
        kept.set(key, body);
        keptBytes += body.length;
        for (const [k, v] of kept) {
          if (keptBytes <= keptMax) break;
          kept.delete(k);
          keptBytes -= v.length;
        }
      }
    }
    const headers = new Headers(res.headers);
    headers.delete('Content-Length');
    headers.set('Content-Encoding', encoding);
    // Replace the response outright (Hono's setter would copy the old headers back over these).
    c.res = undefined;
    c.res = new Response(body as Uint8Array<ArrayBuffer>, { status: res.status, headers });
  };
}
