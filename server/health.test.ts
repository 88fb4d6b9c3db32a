// Issue 11, item 5: liveness and readiness, compression, no-store on patient data, Vary: Origin,
// aborted requests logged as 499, the token compared without a length leak, an image of exactly the limit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { defaultConfig } from './config.ts';
import { tokenProblem } from './security.ts';
import { addPatient, jpegBase64, request, startTestServer, tempDir, upload, type TestServer } from './test-support.ts';

describe('GET /health/live and /health/ready', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(() => server.stop());

  it('live and ready once the database is opened, migrated and checked; /health as the contract has it', async () => {
    assert.deepEqual((await request(server.url, 'GET', '/health/live')).json(), { status: 'live' });
    const ready = await request(server.url, 'GET', '/health/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.json(), { status: 'ready' });
    assert.deepEqual((await request(server.url, 'GET', '/health')).json(), { status: 'healthy', service: 'sleep-lab-api' });
  });

  it('warm before ready: a restarted server answers its first GET /get_all_patients from the list it encoded at start', async () => {
    const first = await startTestServer();
    for (let room = 1; room <= 3; room++) await addPatient(first.url, upload({ room_number: room, patient_mrn: room }));
    const expected = (await request(first.url, 'GET', '/get_all_patients')).json();
    await first.close();
    const again = await startTestServer({}, first.dir);
    try {
      const store = again.patientApp.store;
      const encodeList = store.encodeList.bind(store);
      let encoded = 0;
      store.encodeList = (...args) => {
        encoded++;
        return encodeList(...args);
      };
      const list = await request(again.url, 'GET', '/get_all_patients');
      assert.equal(list.status, 200);
      assert.deepEqual(list.json(), expected);
      assert.equal(encoded, 0, 'the first list request found the list encoded at start');
    } finally {
      await again.stop();
    }
  });

  it('not ready before the check and while shutting down: 503 with Retry-After; live stays 200', async () => {
    for (const state of ['starting', 'closing'] as const) {
      server.patientApp.readiness.state = state;
      const r = await request(server.url, 'GET', '/health/ready');
      assert.equal(r.status, 503);
      assert.deepEqual(r.json(), { status: state });
      assert.equal(r.headers['retry-after'], '1');
      assert.equal((await request(server.url, 'GET', '/health/live')).status, 200);
    }
    server.patientApp.readiness.state = 'ready';
  });

  it('a database that fails its check refuses to start, with the reason', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'patients.db');
    fs.writeFileSync(file, 'this is not a database'.repeat(100));
    await assert.rejects(startTestServer({ dbPath: file }, dir), /file is not a database|failed its check/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('compression, Cache-Control and Vary', () => {
  let server: TestServer;
  const dir = tempDir();
  const script = `console.log(${JSON.stringify('a flow chart '.repeat(400))});\n`;
  before(async () => {
    fs.mkdirSync(path.join(dir, 'dist/cdn'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'dist/demo'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist/cdn/big.js'), script);
    fs.writeFileSync(path.join(dir, 'dist/demo/index.html'), '<!doctype html><title>demo</title>');
    server = await startTestServer({ distDir: path.join(dir, 'dist'), allowedOrigins: ['http://ok.example'] }, dir);
    for (let room = 1; room <= 30; room++) await addPatient(server.url, upload({ room_number: room, patient_mrn: room, patient_name: `Patient number ${room}` }));
  });
  after(() => server.stop());

  it('JSON above 1 KB and static files: gzip or brotli as asked, with Vary: Accept-Encoding; small ones plain', async () => {
    for (const p of ['/patients', '/lib/big.js']) {
      const plain = await request(server.url, 'GET', p);
      assert.equal(plain.headers['content-encoding'], undefined, p);
      assert.match(String(plain.headers.vary), /Accept-Encoding/, p);
      const gz = await request(server.url, 'GET', p, { headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip', p);
      assert.deepEqual(zlib.gunzipSync(gz.body), plain.body, p);
      for (let i = 0; i < 2; i++) {
        const br = await request(server.url, 'GET', p, { headers: { 'Accept-Encoding': 'br, gzip' } });
        assert.equal(br.headers['content-encoding'], 'br', p);
        assert.deepEqual(zlib.brotliDecompressSync(br.body), plain.body, p);
        assert.ok(br.body.length < plain.body.length / 3, p);
      }
    }
    const small = await request(server.url, 'GET', '/health', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(small.headers['content-encoding'], undefined);
    const image = await request(server.url, 'GET', '/patients/1/images/0', { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(image.headers['content-encoding'], undefined, 'images are already compressed');
    assert.deepEqual(image.body, Buffer.from(jpegBase64, 'base64'));
  });

  it('the event stream is never compressed', async () => {
    const u = new URL(server.url);
    const head = await new Promise<string>((resolve, reject) => {
      const s = net.connect(Number(u.port), u.hostname, () =>
        s.write(`GET /events HTTP/1.1\r\nHost: ${u.host}\r\nAccept-Encoding: gzip, br\r\n\r\n`),
      );
      let text = '';
      s.on('data', (d) => {
        text += d.toString();
        if (text.includes('\r\n\r\n')) {
          s.destroy();
          resolve(text);
        }
      });
      s.on('error', reject);
    });
    assert.match(head, /^HTTP\/1\.1 200/);
    assert.match(head, /text\/event-stream/i);
    assert.doesNotMatch(head, /content-encoding/i);
  });

  it('Cache-Control: no-store on patient data; images and static files keep their own caching', async () => {
    const add = await addPatient(server.url, upload({ room_number: 1, patient_mrn: 1 }));
    const reads = ['/get_all_patients', '/patients', '/patients/1', '/patients?fields=flow_image', '/CPAP_query/1'];
    for (const r of [add, ...(await Promise.all(reads.map((p) => request(server.url, 'GET', p))))]) {
      assert.equal(r.status, 200);
      assert.equal(r.headers['cache-control'], 'no-store');
    }
    const url = ((await request(server.url, 'GET', '/patients/1?fields=flow_image_url')).json() as { flow_image_url: string[] }).flow_image_url[0]!;
    assert.equal((await request(server.url, 'GET', url)).headers['cache-control'], 'private, max-age=31536000, immutable');
    assert.equal((await request(server.url, 'GET', '/lib/big.js')).headers['cache-control'], 'no-cache');
  });

  it('Vary: Origin on every answer whose CORS headers depend on Origin: allowed, refused, none', async () => {
    const allowed = await request(server.url, 'GET', '/patients/1', { headers: { Origin: 'http://ok.example' } });
    assert.equal(allowed.headers['access-control-allow-origin'], 'http://ok.example');
    for (const headers of [{ Origin: 'http://evil.example' }, {}] as Record<string, string>[]) {
      const r = await request(server.url, 'GET', '/patients/1', { headers });
      assert.equal(r.headers['access-control-allow-origin'], undefined);
      assert.match(String(r.headers.vary), /Origin/);
    }
    const list = await request(server.url, 'GET', '/get_all_patients', { headers: { Origin: 'http://evil.example' } });
    assert.match(String(list.headers.vary), /Accept-Encoding/);
    assert.match(String(list.headers.vary), /Origin/);
    const pre = await request(server.url, 'OPTIONS', '/add_patient', { headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' } });
    assert.match(String(pre.headers.vary), /Origin/);
  });

  it('without an origin list nothing depends on Origin', async () => {
    const open = await startTestServer();
    try {
      const r = await request(open.url, 'GET', '/health', { headers: { Origin: 'http://evil.example' } });
      assert.doesNotMatch(String(r.headers.vary ?? ''), /Origin/);
    } finally {
      await open.stop();
    }
  });
});

describe('small defects of point 6', () => {
  it('an image of exactly the limit is accepted (padding is not data); one byte over is refused', async () => {
    const bytes = Buffer.concat([Buffer.from(jpegBase64, 'base64'), Buffer.from([0])]);
    assert.ok(bytes.toString('base64').endsWith('='), 'the image needs padding for this test');
    const server = await startTestServer({ imageLimit: bytes.length });
    try {
      assert.equal((await addPatient(server.url, upload({ flow_image: bytes.toString('base64') }))).status, 200);
      const over = Buffer.concat([bytes, Buffer.from([0])]);
      const r = await addPatient(server.url, upload({ flow_image: over.toString('base64') }));
      assert.equal(r.status, 413);
      assert.match(r.json() as string, new RegExp(`larger than ${bytes.length} bytes`));
    } finally {
      await server.stop();
    }
  });

  it('the token check: the right token passes; shorter, longer and other tokens all fail the same way', () => {
    const config = { ...defaultConfig, apiToken: 'correct-horse-battery-staple' };
    assert.equal(tokenProblem(config, 'Bearer correct-horse-battery-staple'), null);
    for (const t of ['c', 'correct-horse-battery-stapl', 'correct-horse-battery-staple!', 'x'.repeat(1000), 'correct-horse-battery-stapLe']) {
      assert.equal(tokenProblem(config, `Bearer ${t}`), 'Invalid bearer token', t);
    }
    assert.equal(tokenProblem(config, undefined), 'Missing bearer token');
  });

  it('an aborted upload is logged as 499 "aborted", not 500 Error: aborted; the server goes on', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'main.ts'), '--port', '0', '--db', path.join(dir, 'p.db')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: Record<string, unknown>[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: proc.stdout! }).on('line', (l) => {
        const entry = JSON.parse(l) as Record<string, unknown>;
        lines.push(entry);
        if (entry.msg === 'listening') resolve(entry.url as string);
      });
      proc.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    try {
      const u = new URL(url);
      await new Promise<void>((resolve) => {
        const s = net.connect(Number(u.port), u.hostname, () => {
          s.write(`POST /add_patient HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"patient_mrn": 1,`);
          setTimeout(() => {
            s.destroy();
            resolve();
          }, 200);
        });
      });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await addPatient(url, upload())).status, 200, 'the server goes on');
      await new Promise((r) => setTimeout(r, 100));
      const requests = lines.filter((l) => l.msg === 'request' && l.path === '/add_patient');
      assert.deepEqual(requests.map((l) => l.status), [499, 200], JSON.stringify(lines));
      assert.equal(lines.filter((l) => l.level === 'error').length, 0, JSON.stringify(lines));
    } finally {
      proc.kill('SIGTERM');
      if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
