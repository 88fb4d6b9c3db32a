import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { networkInterfaces } from 'node:os';
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

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** Adds `value` to a response's `Vary` (kept once), leaving what other parts put there. */
export function appendVary(headers: Headers, value: string): void {
  const now = headers.get('Vary');
  if (!now) headers.set('Vary', value);
  else if (!now.split(',').some((v) => v.trim().toLowerCase() === value.toLowerCase() || v.trim() === '*')) headers.set('Vary', `${now}, ${value}`);
}

/**
 * CORS headers for an allowed origin, or none; a disallowed origin simply gets no grant. With a list of
 * origins (not `*`) the answer depends on `Origin`, so every response says `Vary: Origin`, the refused
 * and the origin-less ones too (a shared cache must not serve one origin's answer to another).
 */
export function corsHeaders(config: ServerConfig, origin: string | undefined): Record<string, string> {
  const any = config.allowedOrigins.includes('*');
  const vary: Record<string, string> = config.allowedOrigins.length > 0 && !any ? { Vary: 'Origin' } : {};
  if (!origin) return vary;
  if (!any && !config.allowedOrigins.includes(origin)) return vary;
  return {
    'Access-Control-Allow-Origin': any ? '*' : origin,
    'Access-Control-Expose-Headers': 'Retry-After, ETag, Idempotent-Replayed',
    ...vary,
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
    for (const [k, v] of Object.entries(grant)) {
      if (k === 'Vary') appendVary(c.res.headers, v);
      else c.res.headers.set(k, v);
    }
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

/** Why the request's bearer token does not match the configured one, or null when it does (or none is set). */
export function tokenProblem(config: ServerConfig, authorization: string | undefined): 'Missing bearer token' | 'Invalid bearer token' | null {
  if (!config.apiToken) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m) return 'Missing bearer token';
  // SHA-256 digests of both: equal lengths whatever was sent, so neither the comparison's time nor an
  // early return tells the token's length.
  if (!timingSafeEqual(sha256(m[1]!), sha256(config.apiToken))) return 'Invalid bearer token';
  return null;
}

function refuseToken(c: Context, problem: string): Response {
  c.header('WWW-Authenticate', 'Bearer realm="patient-api"');
  return c.json(problem, 401);
}

/** The bearer token, when one is configured: on write routes, and on reads unless `publicReads`. */
export function requireToken(config: ServerConfig, kind: 'write' | 'read' = 'write'): MiddlewareHandler {
  return async (c, next) => {
    if (kind === 'read' && config.publicReads) return next();
    const problem = tokenProblem(config, c.req.header('Authorization'));
    return problem ? refuseToken(c, problem) : next();
  };
}

/** Read routes' guard, for a handler that decides itself (a capability URL): null when the read may go on. */
export function readRefusal(config: ServerConfig, c: Context): Response | null {
  if (config.publicReads) return null;
  const problem = tokenProblem(config, c.req.header('Authorization'));
  return problem ? refuseToken(c, problem) : null;
}

const wildcardHosts = new Set(['', '0.0.0.0', '::', '[::]']);

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The `Host` names this server answers for: the listen address, `localhost`, `127.0.0.1`, `[::1]`
 * (and, listening on every interface, each interface's address), all with the listening port; plus
 * `--allowed-hosts` entries (`name` = any port, `name:port` = that port; `*` turns the check off).
 * A page that rebinds its own DNS name to this machine sends its own name, and is refused.
 */
export function allowedHostNames(config: ServerConfig, port: number): { exact: Set<string>; anyPort: Set<string>; any: boolean } {
  const names = new Set(['localhost', '127.0.0.1', '[::1]']);
  if (wildcardHosts.has(config.host)) {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(bracketed(a.address.split('%')[0]!));
  } else {
    names.add(bracketed(config.host.toLowerCase()));
  }
  const exact = new Set<string>();
  for (const n of names) {
    exact.add(`${n}:${port}`);
    if (port === 80) exact.add(n);
  }
  const anyPort = new Set<string>();
  for (const entry of config.allowedHosts) {
    const e = entry.toLowerCase();
    if (/^(?:\[[^\]]+\]|[^:]+):\d+$/.test(e)) exact.add(e);
    else anyPort.add(bracketed(e));
  }
  return { exact, anyPort, any: config.allowedHosts.includes('*') };
}

/** 421 Misdirected Request for a `Host` this server does not answer for (DNS rebinding). */
export function hostAllowlist(config: ServerConfig, portOf: (c: Context) => number): MiddlewareHandler {
  const byPort = new Map<number, ReturnType<typeof allowedHostNames>>();
  return async (c, next) => {
    const host = c.req.header('Host')?.toLowerCase();
    // Browsers always send Host; a client without one (HTTP/1.0) cannot be a rebinding page.
    if (host === undefined) return next();
    const port = portOf(c);
    let allowed = byPort.get(port);
    if (!allowed) byPort.set(port, (allowed = allowedHostNames(config, port)));
    if (allowed.any || allowed.exact.has(host) || allowed.anyPort.has(host.replace(/:\d+$/, ''))) return next();
    return c.json(`Misdirected request: this server does not answer for host ${host.slice(0, 100)} (see --allowed-hosts)`, 421);
  };
}

/** An origin (`scheme://host[:port]`) that may use the API from a page: this server's own, or a CORS-allowed one. */
export function originAllowed(config: ServerConfig, origin: string, host: string | undefined): boolean {
  if (config.allowedOrigins.includes('*') || config.allowedOrigins.includes(origin)) return true;
  try {
    return host !== undefined && new URL(origin).host === host.toLowerCase();
  } catch {
    return false; // "null" (a sandboxed or opaque page) and anything unparsable
  }
}

/**
 * For GET routes that write (`/new_cpap_pressure/<room>/<value>`, kept for the old monitoring
 * stations): a cross-site `<img src>` or link must not set a patient's pressure. With a token
 * configured the route already needs it (a page cannot make a browser send it), so this guard only
 * acts without one. Refused: `Sec-Fetch-Site: cross-site` or `same-site` without an allowed
 * `Origin`, an `Origin` or `Referer` from another origin that is not allowed. Allowed: clients that
 * send none of these (the stations, curl), the address bar, this server's own pages, and a CORS
 * fetch from an `--allowed-origins` origin (which may already write with `POST /new_cpap_pressure`).
 */
export function refuseCrossSiteGetWrites(config: ServerConfig): MiddlewareHandler {
  return async (c, next) => {
    if (config.apiToken) return next();
    const host = c.req.header('Host');
    const origin = c.req.header('Origin');
    const refuse = () =>
      c.json('A GET that writes is refused from another site: use POST /new_cpap_pressure (JSON), or a bearer token', 403);
    if (origin !== undefined) return originAllowed(config, origin, host) ? next() : refuse();
    const site = c.req.header('Sec-Fetch-Site')?.toLowerCase();
    if (site === 'cross-site' || site === 'same-site') return refuse();
    const referer = c.req.header('Referer');
    if (referer !== undefined) {
      let refererOrigin: string;
      try {
        refererOrigin = new URL(referer).origin;
      } catch {
        return refuse();
      }
      if (!originAllowed(config, refererOrigin, host)) return refuse();
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
