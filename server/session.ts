// Cookie sessions as an alternative to the bearer token (issue 11, item 3): `POST /session` with the
// token in a JSON body sets an HttpOnly, SameSite=Strict cookie holding an HMAC-signed session id
// and its expiry; `POST /session/logout` ends it. CSRF-safe by construction: SameSite=Strict keeps
// the cookie off requests from other sites, writes need `Content-Type: application/json` (no form
// post can send that without a preflight) and an `Origin` of this server or an allowed origin, and a
// cookie never authorises a GET that writes.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ServerConfig } from './config.ts';
import { originAllowed, tokenProblem } from './security.ts';

export const SESSION_COOKIE = 'patient_session';

export interface Sessions {
  /** Middleware for a route: the bearer token or a valid session cookie, when a token is configured. */
  guard(kind: 'write' | 'read'): MiddlewareHandler;
  /** The same check for a handler that decides itself: null when the request may go on. */
  refusal(c: Context, kind: 'write' | 'read'): Response | null;
  /** `POST /session`, `POST /session/logout`. */
  mount(app: Hono<any>): void;
}

function cookieOf(c: Context): string | undefined {
  const header = c.req.header('Cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function unauthorized(c: Context, problem: string): Response {
  c.header('WWW-Authenticate', 'Bearer realm="patient-api"');
  return c.json(problem, 401);
}

/**
 * `secure`: whether this request reached us over https (directly, or as a trusted proxy says), for
 * the cookie's `Secure` attribute.
 */
export function createSessions(config: ServerConfig, secure: (c: Context) => boolean): Sessions {
  // Keyed by the secret and the token: a new token ends every session signed for the old one.
  const secret = config.sessionSecret ?? randomBytes(32).toString('base64');
  const key = createHmac('sha256', secret).update(`patient-session\0${config.apiToken ?? ''}`).digest();
  const lifetimeMs = Math.round(config.sessionHours * 3600_000);
  /** Ended sessions (logout) until they would have expired anyway. */
  const revoked = new Map<string, number>();

  const sign = (id: string, expires: number) => createHmac('sha256', key).update(`${id}.${expires}`).digest('base64url');

  /** The session id when the cookie is genuine, unexpired and not logged out; otherwise null. */
  function verify(value: string): string | null {
    const m = /^([A-Za-z0-9_-]{22})\.(\d{13})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!m) return null;
    const [, id, exp, mac] = m as unknown as [string, string, string, string];
    const expected = Buffer.from(sign(id, Number(exp)));
    if (!timingSafeEqual(Buffer.from(mac), expected)) return null;
    if (Number(exp) <= Date.now() || revoked.has(id)) return null;
    return id;
  }

  function cookie(c: Context, value: string, maxAgeSeconds: number): string {
    return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure(c) ? '; Secure' : ''}`;
  }

  /** A page on this server, or on an allowed origin: the only ones whose writes a cookie carries. */
  const sameOrigin = (c: Context) => {
    const origin = c.req.header('Origin');
    return origin !== undefined && originAllowed(config, origin, c.req.header('Host'));
  };

  function refusal(c: Context, kind: 'write' | 'read'): Response | null {
    if (!config.apiToken || (kind === 'read' && config.publicReads)) return null;
    const authorization = c.req.header('Authorization');
    const value = cookieOf(c);
    // A bearer token, when sent, decides alone.
    if (authorization !== undefined || value === undefined) {
      const problem = tokenProblem(config, authorization);
      return problem ? unauthorized(c, problem) : null;
    }
    if (!verify(value)) return unauthorized(c, 'Invalid or expired session: sign in again (POST /session)');
    if (kind === 'write') {
      if (c.req.method !== 'POST') {
        return c.json('A session cookie does not authorise a GET that writes: use POST /new_cpap_pressure (JSON)', 403);
      }
      if (!sameOrigin(c)) return c.json('A write with a session cookie needs the Origin of this server or an allowed origin', 403);
    }
    return null;
  }

  function mount(app: Hono<any>): void {
    const small = bodyLimit({ maxSize: 4096, onError: (c) => c.json('Request body is larger than 4096 bytes', 413) });
    app.post('/session', small, async (c) => {
      if (!config.apiToken) return c.json('No --token is configured here: the routes are open and need no session', 400);
      // Login CSRF: another site must not sign a browser in either.
      const origin = c.req.header('Origin');
      if (origin !== undefined && !sameOrigin(c)) return c.json('Sign-in is refused from another origin', 403);
      if (!/^application\/json\s*(?:;|$)/i.test(c.req.header('Content-Type') ?? '')) {
        return c.json('Content-Type must be application/json', 415);
      }
      let body: unknown;
      try {
        body = JSON.parse(await c.req.text());
      } catch {
        return c.json('Malformed JSON body', 400);
      }
      const token = (body as { token?: unknown } | null)?.token;
      if (typeof token !== 'string') return c.json('Key token is missing or not a string', 400);
      if (tokenProblem(config, `Bearer ${token}`)) return c.json('Invalid token', 401);
      const id = randomBytes(16).toString('base64url');
      const expires = Date.now() + lifetimeMs;
      c.header('Set-Cookie', cookie(c, `${id}.${expires}.${sign(id, expires)}`, Math.floor(lifetimeMs / 1000)));
      c.header('Cache-Control', 'no-store');
      return c.json({ session: 'created', expires: new Date(expires).toISOString() }, 200);
    });
    app.post('/session/logout', (c) => {
      const origin = c.req.header('Origin');
      if (origin !== undefined && !sameOrigin(c)) return c.json('Sign-out is refused from another origin', 403);
      const value = cookieOf(c);
      const id = value && verify(value);
      if (id) {
        const now = Date.now();
        for (const [k, exp] of revoked) if (exp <= now) revoked.delete(k);
        revoked.set(id, Number(value.split('.')[1]));
      }
      c.header('Set-Cookie', cookie(c, '', 0));
      return c.json({ session: id ? 'ended' : 'none' }, 200);
    });
  }

  return {
    guard: (kind) => async (c, next) => refusal(c, kind) ?? next(),
    refusal,
    mount,
  };
}
