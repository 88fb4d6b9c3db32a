import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ServerConfig } from './config.ts';

/** The event stream writes its own headers to Node's response; the placeholder Response is shared. */
function alreadySent(res: Response): boolean {
  return res.headers.has('x-hono-already-sent');
}

/** Headers on every response, the event stream included. */
export const securityHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'SAMEORIGIN',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-site',
};

/** CORS headers for an allowed origin, or none; a disallowed origin simply gets no grant. */
export function corsHeaders(config: ServerConfig, origin: string | undefined): Record<string, string> {
  if (!origin) return {};
  const any = config.allowedOrigins.includes('*');
  if (!any && !config.allowedOrigins.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': any ? '*' : origin,
    'Access-Control-Expose-Headers': 'Retry-After, ETag, Idempotent-Replayed',
    ...(any ? {} : { Vary: 'Origin' }),
    // A page on another origin may use the reference server's own images.
    'Cross-Origin-Resource-Policy': 'cross-origin',
  };
}

export function cors(config: ServerConfig): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('Origin');
    const grant = corsHeaders(config, origin);
    if (c.req.method === 'OPTIONS' && c.req.header('Access-Control-Request-Method')) {
      const headers: Record<string, string> = { ...grant };
      if (grant['Access-Control-Allow-Origin']) {
        headers['Access-Control-Allow-Methods'] = 'GET, POST, OPTIONS';
        headers['Access-Control-Allow-Headers'] = 'Content-Type, Authorization, Last-Event-ID, Idempotency-Key';
        headers['Access-Control-Max-Age'] = '600';
      }
      return c.body(null, 204, headers);
    }
    await next();
    if (alreadySent(c.res)) return;
    for (const [k, v] of Object.entries(grant)) c.res.headers.set(k, v);
  };
}

export function secureHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (alreadySent(c.res)) return;
    for (const [k, v] of Object.entries(securityHeaders)) {
      if (!c.res.headers.has(k)) c.res.headers.set(k, v);
    }
  };
}

/** Write routes need the bearer token when one is configured; reads stay open. */
export function requireToken(config: ServerConfig): MiddlewareHandler {
  const expected = config.apiToken ? Buffer.from(config.apiToken) : null;
  return async (c, next) => {
    if (!expected) return next();
    const header = c.req.header('Authorization') ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const given = m ? Buffer.from(m[1]!) : null;
    if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="patient-api"');
      return c.json(given ? 'Invalid bearer token' : 'Missing bearer token', 401);
    }
    return next();
  };
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token bucket per client address. Buckets that have refilled are dropped on a sweep, so the map
 * only holds clients that were recently busy.
 */
export function rateLimit(config: ServerConfig, clientOf: (c: Parameters<MiddlewareHandler>[0]) => string): MiddlewareHandler {
  const rate = config.rateLimitRps;
  const burst = Math.max(1, config.rateLimitBurst);
  const buckets = new Map<string, Bucket>();
  let lastSweep = Date.now();
  return async (c, next) => {
    if (rate <= 0) return next();
    const now = Date.now();
    if (now - lastSweep > 10_000) {
      lastSweep = now;
      for (const [k, b] of buckets) if (b.tokens + ((now - b.at) / 1000) * rate >= burst) buckets.delete(k);
    }
    const key = clientOf(c);
    const b = buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens < 1) {
      const wait = Math.max(1, Math.ceil((1 - b.tokens) / rate));
      c.header('Retry-After', String(wait));
      return c.json('Too many requests, retry later', 429);
    }
    b.tokens -= 1;
    return next();
  };
}
