// Guards from the host patterns (issue 11, item 3): cookie sessions as an alternative to the bearer
// token, an IP allowlist, and X-Forwarded-For believed only from trusted proxies (which also keys the
// rate limiter per real client). Real HTTP against a real server; each refusal and the normal use.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from './config.ts';
import { CidrList, parseIp, resolveClient } from './ip.ts';
import { addPatient, request, startTestServer, upload, type TestServer, eventsStatus } from './test-support.ts';

const token = 'session-token-for-tests';
const auth = { Authorization: `Bearer ${token}` };

function cookieFrom(setCookie: string[] | string | undefined): string {
  const line = Array.isArray(setCookie) ? setCookie[0]! : setCookie!;
  return line.split(';')[0]!;
}

describe('cookie sessions', () => {
  let server: TestServer;
  let base: string;
  let origin: string;
  const login = (body: unknown, headers: Record<string, string> = {}) => request(base, 'POST', '/session', { json: body, headers });
  before(async () => {
    server = await startTestServer({ apiToken: token, rateLimitRps: 0, allowedOrigins: ['https://host.example'], sessionHours: 2 / 3600 });
    base = server.url;
    origin = base;
  });
  after(() => server.stop());

  it('signs in with the token and sets an HttpOnly, SameSite=Strict cookie for the whole site', async () => {
    const r = await login({ token }, { Origin: origin });
    assert.equal(r.status, 200);
    const set = String(r.headers['set-cookie']);
    assert.match(set, /^patient_session=[\w-]+\.\d+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=2$/);
    assert.ok(!set.includes('Secure'), 'plain http: no Secure (the browser would drop it)');
    assert.equal((r.json() as { session: string }).session, 'created');
    assert.equal(r.headers['cache-control'], 'no-store');
  });

  it('refuses a wrong token, a missing one, a form post, and a sign-in from another origin', async () => {
    let r = await login({ token: 'wrong' });
    assert.equal(r.status, 401);
    assert.equal(r.json(), 'Invalid token');
    assert.equal(r.headers['set-cookie'], undefined);
    assert.equal((await login({})).status, 400);
    assert.equal((await login(null)).status, 400);
    r = await request(base, 'POST', '/session', { body: `token=${token}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 415);
    r = await login({ token }, { Origin: 'https://evil.example' });
    assert.equal(r.status, 403);
    assert.equal(r.headers['set-cookie'], undefined);
    assert.equal((await request(base, 'GET', '/session')).status, 405);
  });

  it('reads and writes with the cookie instead of the bearer token', async () => {
    const cookie = cookieFrom((await login({ token }, { Origin: origin })).headers['set-cookie']);
    const r = await addPatient(base, upload({ room_number: 7 }), { Cookie: cookie, Origin: origin });
    assert.equal(r.status, 200, r.text);
    const all = await request(base, 'GET', '/get_all_patients', { headers: { Cookie: `other=1; ${cookie}` } });
    assert.equal(all.status, 200);
    assert.equal((all.json() as { room_number: number }[])[0]!.room_number, 7);
    assert.equal((await request(base, 'GET', '/patients/7', { headers: { Cookie: cookie } })).status, 200);
    assert.equal((await request(base, 'GET', '/patients/7/images/0', { headers: { Cookie: cookie } })).status, 200);
    // An EventSource sends cookies: with a session, the push works with a token set.
    assert.equal(await eventsStatus(base, { Cookie: cookie }), 200);
    const p = await request(base, 'POST', '/new_cpap_pressure', { json: { room_number: 7, new_value: 12 }, headers: { Cookie: cookie, Origin: 'https://host.example' } });
    assert.equal(p.status, 200, 'an allowed origin may write');
    // The bearer token keeps working as before.
    assert.equal((await request(base, 'GET', '/CPAP_query/7', { headers: auth })).json(), 12);
  });

  it('is CSRF-safe: a cookie write needs an allowed Origin and JSON, and never authorises a GET write', async () => {
    const cookie = cookieFrom((await login({ token }, { Origin: origin })).headers['set-cookie']);
    let r = await addPatient(base, upload({ room_number: 8 }), { Cookie: cookie });
    assert.equal(r.status, 403, 'no Origin');
    r = await addPatient(base, upload({ room_number: 8 }), { Cookie: cookie, Origin: 'https://evil.example' });
    assert.equal(r.status, 403);
    assert.match(r.json() as string, /session cookie needs the Origin/);
    r = await request(base, 'POST', '/add_patient', { body: 'a=1', headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'text/plain' } });
    assert.equal(r.status, 415);
    r = await request(base, 'GET', '/new_cpap_pressure/7/20', { headers: { Cookie: cookie } });
    assert.equal(r.status, 403);
    assert.equal((await request(base, 'GET', '/get_all_patients', { headers: auth })).text.includes('"room_number":8'), false, 'nothing stored');
  });

  it('refuses a forged, tampered or wrongly keyed cookie; a bearer token, when sent, decides', async () => {
    const cookie = cookieFrom((await login({ token }, { Origin: origin })).headers['set-cookie']);
    const [name, value] = cookie.split('=') as [string, string];
    const [id, exp, mac] = value.split('.') as [string, string, string];
    for (const forged of [
      `${id}.${Number(exp) + 3600_000}.${mac}`,
      `${id.replace(/^./, id[0] === 'A' ? 'B' : 'A')}.${exp}.${mac}`,
      `${id}.${exp}.${mac.replace(/^./, mac[0] === 'A' ? 'B' : 'A')}`,
      'garbage',
      '',
    ]) {
      const r = await request(base, 'GET', '/get_all_patients', { headers: { Cookie: `${name}=${forged}` } });
      assert.equal(r.status, 401, forged);
    }
    const other = await startTestServer({ apiToken: token, rateLimitRps: 0 });
    try {
      assert.equal((await request(other.url, 'GET', '/get_all_patients', { headers: { Cookie: cookie } })).status, 401, 'another process: another key');
    } finally {
      await other.stop();
    }
    const r = await request(base, 'GET', '/get_all_patients', { headers: { Cookie: cookie, Authorization: 'Bearer wrong' } });
    assert.equal(r.status, 401);
    assert.equal(r.json(), 'Invalid bearer token');
  });

  it('ends with logout and with its expiry', async () => {
    const cookie = cookieFrom((await login({ token }, { Origin: origin })).headers['set-cookie']);
    assert.equal((await request(base, 'GET', '/patients', { headers: { Cookie: cookie } })).status, 200);
    const out = await request(base, 'POST', '/session/logout', { headers: { Cookie: cookie, Origin: origin } });
    assert.equal(out.status, 200);
    assert.match(String(out.headers['set-cookie']), /^patient_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0/);
    let r = await request(base, 'GET', '/patients', { headers: { Cookie: cookie } });
    assert.equal(r.status, 401);
    assert.match(r.json() as string, /Invalid or expired session/);
    const fresh = cookieFrom((await login({ token }, { Origin: origin })).headers['set-cookie']);
    assert.equal((await request(base, 'GET', '/patients', { headers: { Cookie: fresh } })).status, 200);
    await new Promise((res) => setTimeout(res, 2100)); // sessionHours = 2 s here
    r = await request(base, 'GET', '/patients', { headers: { Cookie: fresh } });
    assert.equal(r.status, 401, 'expired');
  });

  it('a signing secret survives a restart; a new token ends the sessions', async () => {
    const secret = 'x'.repeat(40);
    const a = await startTestServer({ apiToken: token, rateLimitRps: 0, sessionSecret: secret });
    const b = await startTestServer({ apiToken: token, rateLimitRps: 0, sessionSecret: secret });
    const c = await startTestServer({ apiToken: 'another-token', rateLimitRps: 0, sessionSecret: secret });
    try {
      const cookie = cookieFrom((await request(a.url, 'POST', '/session', { json: { token } })).headers['set-cookie']);
      assert.equal((await request(b.url, 'GET', '/patients', { headers: { Cookie: cookie } })).status, 200);
      assert.equal((await request(c.url, 'GET', '/patients', { headers: { Cookie: cookie } })).status, 401);
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });

  it('marks the cookie Secure behind a trusted proxy that says https, and only then', async () => {
    const s = await startTestServer({ apiToken: token, rateLimitRps: 0, trustedProxies: ['127.0.0.1/32', '::1/128'] });
    const t = await startTestServer({ apiToken: token, rateLimitRps: 0 });
    try {
      let r = await request(s.url, 'POST', '/session', { json: { token }, headers: { 'X-Forwarded-Proto': 'https' } });
      assert.match(String(r.headers['set-cookie']), /; Secure$/);
      r = await request(t.url, 'POST', '/session', { json: { token }, headers: { 'X-Forwarded-Proto': 'https' } });
      assert.doesNotMatch(String(r.headers['set-cookie']), /Secure/);
    } finally {
      await Promise.all([s.stop(), t.stop()]);
    }
  });

  it('without a token there is nothing to sign in to', async () => {
    const s = await startTestServer({ rateLimitRps: 0 });
    try {
      const r = await request(s.url, 'POST', '/session', { json: { token: 'x' } });
      assert.equal(r.status, 400);
      assert.equal(r.headers['set-cookie'], undefined);
    } finally {
      await s.stop();
    }
  });
});

describe('IP allowlist and trusted proxies', () => {
  it('parses CIDR ranges, IPv4 and IPv6', () => {
    const l = new CidrList(['10.0.0.0/8', '::1/128', '2001:db8::/32', '192.168.1.7']);
    for (const a of ['10.1.2.3', '::ffff:10.9.9.9', '::1', '2001:db8:ffff::5', '192.168.1.7']) assert.ok(l.has(a), a);
    for (const a of ['11.0.0.1', '::2', '2001:db9::1', '192.168.1.8', 'garbage', '']) assert.ok(!l.has(a), a);
    assert.equal(parseIp('::ffff:1.2.3.4')?.v6, false);
    assert.equal(parseIp('2001:db8:0:0:0:0:2:1')?.value, parseIp('2001:db8::2:1')?.value);
    assert.throws(() => new CidrList(['10.0.0.0/33']), /prefix 0..32/);
    assert.throws(() => new CidrList(['nonsense']), /not a CIDR range/);
    assert.throws(() => loadConfig(['--allowed-ips', '10.0.0.0/8,bad'], {}), /--allowed-ips: not a CIDR range: "bad"/);
    const c = loadConfig(['--trusted-proxies=10.0.0.1', '--session-hours', '2'], { ALLOWED_IPS: '10.0.0.0/8, ::1/128' });
    assert.deepEqual(c.allowedIps, ['10.0.0.0/8', '::1/128']);
    assert.deepEqual(c.trustedProxies, ['10.0.0.1']);
    assert.equal(c.sessionHours, 2);
    assert.equal(loadConfig([], {}).sessionHours, 12);
    assert.deepEqual(loadConfig([], {}).allowedIps, [], 'default: everyone');
    assert.throws(() => loadConfig(['--session-secret', 'short'], {}), /32 characters/);
  });

  it('takes the right-most untrusted X-Forwarded-For hop, only from a trusted proxy', () => {
    const t = new CidrList(['127.0.0.1', '10.0.0.0/8']);
    assert.equal(resolveClient(t, '127.0.0.1', '6.6.6.6, 1.1.1.1, 10.0.0.5'), '1.1.1.1', 'the client wrote 6.6.6.6 itself');
    assert.equal(resolveClient(t, '8.8.8.8', '1.1.1.1'), '8.8.8.8', 'not from a trusted proxy');
    assert.equal(resolveClient(t, '::ffff:127.0.0.1', '10.0.0.1, 10.0.0.2'), '10.0.0.1', 'every hop trusted: the left-most');
    assert.equal(resolveClient(new CidrList([]), '127.0.0.1', '1.1.1.1'), '127.0.0.1', 'no trusted proxies: the header is ignored');
  });

  it('refuses a client outside --allowed-ips with 403, and serves one inside', async () => {
    const s = await startTestServer({ allowedIps: ['10.0.0.0/8'], rateLimitRps: 0 });
    try {
      const r = await request(s.url, 'GET', '/health');
      assert.equal(r.status, 403);
      assert.equal(r.json(), 'Forbidden: client address 127.0.0.1 is not in --allowed-ips');
      assert.equal((await request(s.url, 'GET', '/health', { headers: { 'X-Forwarded-For': '10.1.2.3' } })).status, 403, 'no trusted proxy: the header proves nothing');
      assert.equal((await addPatient(s.url, upload())).status, 403);
    } finally {
      await s.stop();
    }
    const ok = await startTestServer({ allowedIps: ['127.0.0.0/8', '::1/128'], rateLimitRps: 0 });
    try {
      assert.equal((await request(ok.url, 'GET', '/health')).status, 200);
      assert.equal((await addPatient(ok.url, upload())).status, 200);
    } finally {
      await ok.stop();
    }
  });

  it('behind a trusted proxy, allows and refuses by the forwarded client', async () => {
    const s = await startTestServer({ allowedIps: ['10.0.0.0/8', '2001:db8::/32'], trustedProxies: ['127.0.0.1/32'], rateLimitRps: 0 });
    try {
      const get = (xff?: string) => request(s.url, 'GET', '/health', { headers: xff ? { 'X-Forwarded-For': xff } : {} });
      assert.equal((await get('10.1.2.3')).status, 200);
      assert.equal((await get('2001:db8::7')).status, 200);
      assert.equal((await get('10.1.2.3, 192.168.0.9')).status, 403, 'right-most untrusted hop is 192.168.0.9');
      assert.equal((await get('192.168.0.9')).status, 403);
      assert.equal((await get()).status, 403, 'the proxy itself is not allowed');
    } finally {
      await s.stop();
    }
  });

  it('rate-limits each client behind a trusted proxy on its own', async () => {
    const s = await startTestServer({ trustedProxies: ['127.0.0.1/32', '::1/128'], rateLimitRps: 1, rateLimitBurst: 2 });
    try {
      const get = (xff: string) => request(s.url, 'GET', '/health', { headers: { 'X-Forwarded-For': xff } });
      assert.equal((await get('10.0.0.1')).status, 200);
      assert.equal((await get('10.0.0.1')).status, 200);
      assert.equal((await get('10.0.0.1')).status, 429, 'this client spent its burst');
      assert.equal((await get('10.0.0.2')).status, 200, 'another client behind the same proxy is not');
      // The client cannot dodge its bucket by writing its own X-Forwarded-For hops.
      assert.equal((await get('9.9.9.9, 10.0.0.1')).status, 429);
    } finally {
      await s.stop();
    }
    const plain = await startTestServer({ rateLimitRps: 1, rateLimitBurst: 2 });
    try {
      const get = (xff: string) => request(plain.url, 'GET', '/health', { headers: { 'X-Forwarded-For': xff } });
      await get('10.0.0.1');
      await get('10.0.0.2');
      assert.equal((await get('10.0.0.3')).status, 429, 'without trusted proxies X-Forwarded-For changes nothing');
    } finally {
      await plain.stop();
    }
  });
});
