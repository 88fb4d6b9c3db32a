// The guards hosts expect (issue 11, item 2): reads need the token when one is set (--public-reads
// for the old behaviour), a Host allowlist against DNS rebinding (421), and GET routes that write
// refused from other sites. Each shows the refusal and that normal use still works.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultConfig } from './config.ts';
import { allowedHostNames } from './security.ts';
import { addPatient, jpegBase64, request, startTestServer, tempDir, upload, type Reply, type TestServer, eventsStatus } from './test-support.ts';

const token = 'guard-token-for-tests';
const auth = { Authorization: `Bearer ${token}` };

/** A server with a small dist folder of its own, so static files can be checked too. */
async function serverWith(overrides: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'dist/demo'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'dist/cdn'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dist/demo/index.html'), '<!doctype html><title>demo</title>');
  return startTestServer({ distDir: path.join(dir, 'dist'), rateLimitRps: 0, ...overrides }, dir);
}

describe('reads guarded like writes when a token is set', () => {
  let server: TestServer;
  let imageUrl: string;
  before(async () => {
    server = await serverWith({ apiToken: token });
    assert.equal((await addPatient(server.url, upload({ room_number: 1, patient_mrn: 11 }), auth)).status, 200);
    const p = (await request(server.url, 'GET', '/patients/1', { headers: auth })).json() as { flow_image_url: string[] };
    imageUrl = p.flow_image_url[0]!;
  });
  after(() => server.stop());

  const reads = ['/get_all_patients', '/patients', '/patients?mrn=11', '/patients/1', '/CPAP_query/1', '/patients/1/images/0'];

  it('refuses every read route without the token, and with a wrong one', async () => {
    for (const p of reads) {
      let r = await request(server.url, 'GET', p);
      assert.equal(r.status, 401, p);
      assert.equal(r.json(), 'Missing bearer token', p);
      assert.match(String(r.headers['www-authenticate']), /^Bearer/, p);
      assert.ok(!r.text.includes('Ann Example'), p);
      r = await request(server.url, 'GET', p, { headers: { Authorization: 'Bearer wrong' } });
      assert.equal(r.status, 401, p);
      assert.equal(r.json(), 'Invalid bearer token', p);
    }
    assert.equal(await eventsStatus(server.url), 401);
    // An image URL with another etag is no credential.
    assert.equal((await request(server.url, 'GET', '/patients/1/images/0?v=guessed')).status, 401);
    assert.equal((await request(server.url, 'GET', '/patients/9/images/0?v=guessed')).status, 401, 'no hint that an image exists');
  });

  it('answers every read with the token', async () => {
    for (const p of reads) assert.equal((await request(server.url, 'GET', p, { headers: auth })).status, 200, p);
    assert.equal(await eventsStatus(server.url, auth), 200);
    const all = (await request(server.url, 'GET', '/get_all_patients', { headers: auth })).json() as { patient_name: string }[];
    assert.equal(all[0]!.patient_name, 'Ann Example');
  });

  it('serves an image by its etag URL (what an <img> gets from a guarded read) without the token', async () => {
    const r = await request(server.url, 'GET', imageUrl);
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'image/jpeg');
    assert.equal(r.body.toString('base64'), jpegBase64);
  });

  it('keeps the health check and the static files open', async () => {
    assert.equal((await request(server.url, 'GET', '/health')).status, 200);
    assert.equal((await request(server.url, 'GET', '/')).status, 200);
  });

  it('--public-reads leaves reads open (the old behaviour) and writes guarded', async () => {
    const open = await serverWith({ apiToken: token, publicReads: true });
    try {
      assert.equal((await addPatient(open.url, upload())).status, 401);
      assert.equal((await addPatient(open.url, upload(), auth)).status, 200);
      for (const p of ['/get_all_patients', '/patients', '/CPAP_query/101', '/patients/101/images/0']) {
        assert.equal((await request(open.url, 'GET', p)).status, 200, p);
      }
      assert.equal(await eventsStatus(open.url), 200);
      assert.equal((await request(open.url, 'GET', '/new_cpap_pressure/101/12')).status, 401);
    } finally {
      await open.stop();
    }
  });
});

describe('Host allowlist', () => {
  let server: TestServer;
  let port: number;
  before(async () => {
    server = await serverWith({});
    port = server.port;
    await addPatient(server.url, upload({ room_number: 2, patient_mrn: 22 }));
  });
  after(() => server.stop());

  const get = (p: string, host: string, headers: Record<string, string> = {}): Promise<Reply> =>
    request(server.url, 'GET', p, { headers: { Host: host, ...headers } });

  it('refuses another name (DNS rebinding) with 421 on every route, writes included', async () => {
    for (const host of ['attacker.example', `attacker.example:${port}`, `localhost:${port + 1}`, `127.0.0.1:${port + 1}`, `127.0.0.2:${port}`]) {
      for (const p of ['/get_all_patients', '/patients', '/health', '/', '/new_cpap_pressure/2/20']) {
        const r = await get(p, host);
        assert.equal(r.status, 421, `${host} ${p}`);
        assert.match(r.json() as string, /^Misdirected request: this server does not answer for host .* \(see --allowed-hosts\)$/);
      }
      assert.equal(await eventsStatus(server.url, { Host: host }), 421, host);
    }
    assert.equal((await request(server.url, 'GET', '/CPAP_query/2')).json(), null, 'the refused GET wrote nothing');
  });

  it('answers the listen address, localhost, 127.0.0.1 and [::1] with the port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      const r = await get('/get_all_patients', host);
      assert.equal(r.status, 200, host);
      assert.equal((r.json() as unknown[]).length, 1);
    }
  });

  it('--allowed-hosts adds names (any port, or one port); * turns the check off', async () => {
    const named = await serverWith({ allowedHosts: ['monitor.example', 'lab.example:8080'] });
    try {
      const at = (host: string) => request(named.url, 'GET', '/health', { headers: { Host: host } });
      for (const host of ['monitor.example', 'monitor.example:443', 'lab.example:8080', `127.0.0.1:${named.port}`]) {
        assert.equal((await at(host)).status, 200, host);
      }
      for (const host of ['lab.example', 'lab.example:9090', 'evil.monitor.example']) assert.equal((await at(host)).status, 421, host);
    } finally {
      await named.stop();
    }
    const any = await serverWith({ allowedHosts: ['*'] });
    try {
      assert.equal((await request(any.url, 'GET', '/health', { headers: { Host: 'anything.example' } })).status, 200);
    } finally {
      await any.stop();
    }
  });

  it('listening on every interface, answers each interface address, never the wildcard', () => {
    const names = allowedHostNames({ ...defaultConfig, host: '0.0.0.0' }, 8787);
    assert.ok(names.exact.has('127.0.0.1:8787') && names.exact.has('localhost:8787'));
    assert.ok(!names.exact.has('0.0.0.0:8787'));
    const own = allowedHostNames({ ...defaultConfig, host: 'monitor.lan' }, 80);
    assert.ok(own.exact.has('monitor.lan:80') && own.exact.has('monitor.lan'), 'port 80 may be left out');
  });
});

describe('GET routes that write, from other sites', () => {
  let server: TestServer;
  let own: string;
  before(async () => {
    server = await serverWith({ allowedOrigins: ['https://host.example'] });
    own = new URL(server.url).origin;
    await addPatient(server.url, upload({ room_number: 3, patient_mrn: 33 }));
  });
  after(() => server.stop());

  const ask = (value: number, headers: Record<string, string> = {}) => request(server.url, 'GET', `/new_cpap_pressure/3/${value}`, { headers });
  const pending = async () => (await request(server.url, 'GET', '/CPAP_query/3')).json();

  it('refuses what a cross-site <img>, link or fetch sends, and writes nothing', async () => {
    const hostile: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Dest': 'image', 'Sec-Fetch-Mode': 'no-cors' },
      { 'Sec-Fetch-Site': 'same-site' },
      { Referer: 'https://evil.example/page.html' },
      { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      { Origin: 'null' },
      { Referer: 'not a url' },
    ];
    for (const headers of hostile) {
      const r = await ask(25, headers);
      assert.equal(r.status, 403, JSON.stringify(headers));
      assert.equal(r.json(), 'A GET that writes is refused from another site: use POST /new_cpap_pressure (JSON), or a bearer token');
    }
    assert.equal(await pending(), null);
  });

  it('still serves the old monitoring stations, the address bar, its own pages and allowed origins', async () => {
    const fine: Record<string, string>[] = [
      {},
      { 'Sec-Fetch-Site': 'none', 'Sec-Fetch-Mode': 'navigate' },
      { 'Sec-Fetch-Site': 'same-origin', Referer: `${own}/` },
      { Origin: own, 'Sec-Fetch-Site': 'same-origin' },
      { Origin: 'https://host.example', 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors' },
    ];
    let value = 5;
    for (const headers of fine) {
      const r = await ask(++value, headers);
      assert.equal(r.status, 200, `${JSON.stringify(headers)}: ${r.text}`);
      assert.equal(await pending(), value);
    }
  });

  it('with a token set, the token decides: a request carrying it is served whatever its headers', async () => {
    const guarded = await serverWith({ apiToken: token });
    try {
      const cross = { 'Sec-Fetch-Site': 'cross-site', Referer: 'https://evil.example/' };
      assert.equal((await request(guarded.url, 'GET', '/new_cpap_pressure/4/12', { headers: cross })).status, 401);
      assert.equal((await request(guarded.url, 'GET', '/new_cpap_pressure/4/12', { headers: { ...cross, ...auth } })).status, 200);
    } finally {
      await guarded.stop();
    }
  });

  it('--no-legacy-get-writes refuses the GET route entirely; POST still works', async () => {
    const strict = await serverWith({ legacyGetWrites: false });
    try {
      await addPatient(strict.url, upload({ room_number: 5, patient_mrn: 55 }));
      const r = await request(strict.url, 'GET', '/new_cpap_pressure/5/12');
      assert.equal(r.status, 405);
      assert.equal(r.headers.allow, 'POST');
      const posted = await request(strict.url, 'POST', '/new_cpap_pressure', { json: { room_number: 5, new_value: 12 } });
      assert.equal(posted.status, 200);
      assert.equal((await request(strict.url, 'GET', '/CPAP_query/5')).json(), 12);
    } finally {
      await strict.stop();
    }
  });
});
