// Hostile input: each gets a 4xx with a clear JSON message, nothing is stored, and the server stays up.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addPatient, BACKENDS, jpegBase64, makePng, request, startTestServer, tempDir, upload, type TestServer } from './test-support.ts';

const token = 's3cret-token-for-tests';

for (const backend of BACKENDS) describe(`on ${backend}`, () => {
  describe('hostile input', () => {
    let server: TestServer;
    let base: string;

    before(async () => {
      // A dist folder of our own, with a file beside it that must never be served.
      const dir = tempDir();
      fs.mkdirSync(path.join(dir, 'dist/demo'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'dist/cdn'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'dist/demo/index.html'), '<!doctype html><title>demo</title>');
      fs.writeFileSync(path.join(dir, 'dist/cdn/index.js'), 'export const x = 1;');
      fs.writeFileSync(path.join(dir, 'dist/secret.txt'), 'TOP SECRET');
      fs.writeFileSync(path.join(dir, 'dist/demo/.env'), 'TOKEN=1');
      server = await startTestServer(
        {
          distDir: path.join(dir, 'dist'),
          bodyLimit: 64 * 1024,
          imageLimit: 16 * 1024,
          apiToken: token,
          allowedOrigins: ['https://host.example'],
        },
        dir,
        backend,
      );
      base = server.url;
    });
    after(() => server.stop());

    const auth = { Authorization: `Bearer ${token}` };
    const post = (body: unknown) => addPatient(base, body, auth);

    async function expectRejected(r: { status: number; json(): unknown }, status: number, message: string | RegExp) {
      assert.equal(r.status, status);
      const body = r.json();
      assert.equal(typeof body, 'string');
      if (typeof message === 'string') assert.equal(body, message);
      else assert.match(body as string, message);
    }

    it('requires the bearer token on write routes', async () => {
      await expectRejected(await addPatient(base, upload()), 401, 'Missing bearer token');
      await expectRejected(await addPatient(base, upload(), { Authorization: 'Bearer wrong' }), 401, 'Invalid bearer token');
      await expectRejected(await addPatient(base, upload(), { Authorization: `Basic ${token}` }), 401, 'Missing bearer token');
      await expectRejected(await request(base, 'GET', '/new_cpap_pressure/1/10'), 401, 'Missing bearer token');
      await expectRejected(await request(base, 'POST', '/new_cpap_pressure', { json: { room_number: 1, new_value: 10 } }), 401, 'Missing bearer token');
      const r = await addPatient(base, upload());
      assert.match(String(r.headers['www-authenticate']), /^Bearer/);
      assert.equal((await request(base, 'GET', '/get_all_patients', { headers: auth })).text, '[]', 'nothing stored without the token');
      assert.equal((await post(upload())).status, 200);
      assert.equal((await request(base, 'GET', '/new_cpap_pressure/101/10', { headers: auth })).status, 200);
    });

    it('rejects malformed JSON, other content types and huge bodies', async () => {
      await expectRejected(await request(base, 'POST', '/add_patient', { body: '{"patient_mrn": 1,', headers: { ...auth, 'Content-Type': 'application/json' } }), 400, 'Malformed JSON body');
      await expectRejected(await request(base, 'POST', '/add_patient', { body: '', headers: { ...auth, 'Content-Type': 'application/json' } }), 400, 'Malformed JSON body');
      await expectRejected(await request(base, 'POST', '/add_patient', { body: 'patient_mrn=1', headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'Content-Type must be application/json');
      const huge = JSON.stringify({ ...upload(), patient_name: 'x'.repeat(200 * 1024) });
      await expectRejected(await request(base, 'POST', '/add_patient', { body: huge, headers: { ...auth, 'Content-Type': 'application/json' } }), 413, /^Request body is larger than 65536 bytes$/);
      // Chunked, with no Content-Length to check up front.
      const u = new URL(base);
      const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(
          { host: u.hostname, port: u.port, method: 'POST', path: '/add_patient', headers: { ...auth, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } },
          (res) => {
            let body = '';
            res.on('data', (d: Buffer) => (body += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        for (let i = 0; i < 100; i++) req.write('x'.repeat(1024));
        req.end();
      });
      assert.equal(chunked.status, 413);
    });

    it('rejects huge, fake and broken images', async () => {
      const big = Buffer.concat([makePng(4, 4), Buffer.alloc(20 * 1024)]).toString('base64');
      await expectRejected(await post(upload({ flow_image: big })), 413, 'Key flow_image is larger than 16384 bytes');
      await expectRejected(await post(upload({ flow_image: Buffer.from('GIF89a not allowed here at all').toString('base64') })), 400, 'Key flow_image is not a JPEG or PNG image');
      await expectRejected(await post(upload({ flow_image: Buffer.from('<svg onload=alert(1)>').toString('base64') })), 400, 'Key flow_image is not a JPEG or PNG image');
      await expectRejected(await post(upload({ flow_image: 'not base64 at all!' })), 400, 'Key flow_image is not valid base64');
      await expectRejected(await post(upload({ flow_image: jpegBase64.slice(1) })), 400, /^Key flow_image is not/);
      // A PNG signature without its IHDR chunk is not a PNG.
      const fakePng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]).toString('base64');
      await expectRejected(await post(upload({ flow_image: fakePng })), 400, 'Key flow_image is not a JPEG or PNG image');
      // A data: URL prefix is tolerated and stripped.
      assert.equal((await post(upload({ flow_image: `data:image/jpeg;base64,${jpegBase64}` }))).status, 200);
    });

    it('stores SQL-looking strings as text and rejects them as numbers', async () => {
      const evil = "Robert'); DROP TABLE patients;--";
      assert.equal((await post(upload({ room_number: 55, patient_mrn: 5, patient_name: evil }))).status, 200);
      await expectRejected(await post(upload({ room_number: '1; DROP TABLE patients' })), 400, 'Key room_number is not an int or numeric string');
      await expectRejected(await request(base, 'GET', "/CPAP_query/1%20OR%201=1", { headers: auth }), 400, 'Patient not in database');
      const all = (await request(base, 'GET', '/get_all_patients', { headers: auth })).json() as { room_number: number; patient_name: string }[];
      assert.equal(all.find((p) => p.room_number === 55)?.patient_name, evil);
      assert.ok(all.length >= 2);
    });

    it('never serves files outside the static folders', async () => {
      assert.equal((await request(base, 'GET', '/')).status, 200);
      assert.equal((await request(base, 'GET', '/lib/index.js')).headers['content-type'], 'text/javascript; charset=utf-8');
      for (const p of [
        '/../secret.txt',
        '/%2e%2e/secret.txt',
        '/%2e%2e%2fsecret.txt',
        '/lib/../secret.txt',
        '/lib/%2e%2e/secret.txt',
        '/lib/..%2f..%2fpatients.db',
        '/..%5csecret.txt',
        '/%00',
        '/index.html%00.js',
        '/.env',
        '/%E0%A4%A',
        '//etc/passwd',
        '/lib//etc/passwd',
      ]) {
        const r = await request(base, 'GET', p);
        assert.ok(r.status === 400 || r.status === 404, `${p}: ${r.status}`);
        assert.ok(!r.text.includes('TOP SECRET') && !r.text.includes('TOKEN') && !r.text.includes('root:'), p);
        assert.equal(typeof r.json(), 'string', p);
      }
    });

    it('grants CORS to configured origins only', async () => {
      let r = await request(base, 'GET', '/health', { headers: { Origin: 'https://host.example' } });
      assert.equal(r.headers['access-control-allow-origin'], 'https://host.example');
      r = await request(base, 'GET', '/health', { headers: { Origin: 'https://evil.example' } });
      assert.equal(r.headers['access-control-allow-origin'], undefined);
      r = await request(base, 'OPTIONS', '/add_patient', {
        headers: { Origin: 'https://host.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
      });
      assert.equal(r.status, 204);
      assert.match(String(r.headers['access-control-allow-headers']), /Authorization/);
    });

    it('is still up', async () => {
      assert.equal((await request(base, 'GET', '/health')).status, 200);
    });
  });

  describe('rate limiting', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ rateLimitRps: 1, rateLimitBurst: 3 }, undefined, backend);
    });
    after(() => server.stop());

    it('answers 429 with Retry-After once the bucket is empty', async () => {
      const statuses: number[] = [];
      let retry: string | undefined;
      for (let i = 0; i < 5; i++) {
        const r = await request(server.url, 'GET', '/health');
        statuses.push(r.status);
        if (r.status === 429) {
          retry = String(r.headers['retry-after']);
          assert.equal(r.json(), 'Too many requests, retry later');
        }
      }
      assert.deepEqual(statuses.slice(0, 3), [200, 200, 200]);
      assert.equal(statuses[4], 429);
      assert.ok(Number(retry) >= 1);
    });
  });
});
