// Issue 11, items 1 and 6: the image-carrying lists kept encoded between writes, streamed row by row
// when too large to keep, refused above --list-limit; retention of measurements per room.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import readline from 'node:readline';
import path from 'node:path';
import zlib from 'node:zlib';
import { openDatabase } from './storage/sqlite-schema.ts';
import { PatientStore } from './storage/sqlite-store.ts';
import { formatTimestamp } from './storage/types.ts';
import { addPatient, jpegBase64, request, startTestServer, tempDir, upload, type TestServer } from './test-support.ts';

const jpeg = Buffer.from(jpegBase64, 'base64');

/** A valid JPEG of about `bytes` bytes: the small one with a comment segment of random bytes. */
function bigJpegBase64(bytes: number, seed = 0): string {
  const parts = [jpeg.subarray(0, 2)];
  for (let left = bytes; left > 0; left -= 65533) {
    const n = Math.min(65533, left);
    const seg = Buffer.alloc(4 + n);
    seg[0] = 0xff;
    seg[1] = 0xfe;
    seg.writeUInt16BE(n + 2, 2);
    crypto.randomFillSync(seg, 4);
    seg[4] = seed & 0xff;
    parts.push(seg);
  }
  parts.push(jpeg.subarray(2));
  return Buffer.concat(parts).toString('base64');
}

async function seed(base: string, rooms: number, perRoom: number) {
  for (let r = 1; r <= rooms; r++) {
    for (let i = 0; i < perRoom; i++) {
      const res = await addPatient(base, upload({ room_number: r, patient_mrn: 100 + r, patient_name: `P ${r}`, CPAP_pressure: 4 + i, flow_image: bigJpegBase64(2000, i) }));
      assert.equal(res.status, 200, res.text);
    }
  }
}

describe('GET /get_all_patients kept between writes', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    await seed(server.url, 3, 4);
  });
  after(() => server.stop());

  it('answers the same bytes until a write, then the new list; no-store, with a length', async () => {
    const a = await request(server.url, 'GET', '/get_all_patients');
    const b = await request(server.url, 'GET', '/get_all_patients');
    assert.equal(a.status, 200);
    assert.equal(a.headers['cache-control'], 'no-store');
    assert.equal(Number(a.headers['content-length']), a.body.length, 'a kept answer goes out with its length');
    assert.deepEqual(a.body, b.body);
    const list = a.json() as { room_number: number; flow_image: string[]; CPAP_pressure: number[] }[];
    assert.deepEqual(Object.keys(list[0]!), ['room_number', 'patient_mrn', 'patient_name', 'CPAP_pressure', 'breath_rate', 'apnea_count', 'flow_image', 'timestamp']);
    assert.equal(list.length, 3);
    assert.equal(list[0]!.flow_image.length, 4);
    await addPatient(server.url, upload({ room_number: 2, patient_mrn: 102, CPAP_pressure: 20 }));
    const c = (await request(server.url, 'GET', '/get_all_patients')).json() as typeof list;
    assert.deepEqual(c[1]!.CPAP_pressure, [4, 5, 6, 7, 20]);
  });

  it('gzip and brotli by Accept-Encoding, each decoding to the same list, with Vary', async () => {
    const plain = await request(server.url, 'GET', '/get_all_patients');
    const gz = await request(server.url, 'GET', '/get_all_patients', { headers: { 'Accept-Encoding': 'gzip' } });
    const br = await request(server.url, 'GET', '/get_all_patients', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(gz.headers.vary), /Accept-Encoding/);
    assert.deepEqual(zlib.gunzipSync(gz.body), plain.body);
    assert.deepEqual(zlib.brotliDecompressSync(br.body), plain.body);
    assert.ok(br.body.length < plain.body.length);
    const refused = await request(server.url, 'GET', '/get_all_patients', { headers: { 'Accept-Encoding': 'br;q=0, gzip;q=0' } });
    assert.equal(refused.headers['content-encoding'], undefined);
  });
});

describe('lists too large to keep are streamed row by row', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ listCacheBytes: 1000 });
    await seed(server.url, 3, 3);
  });
  after(() => server.stop());

  it('get_all_patients: the same JSON, chunked, and it follows writes', async () => {
    const r = await request(server.url, 'GET', '/get_all_patients');
    assert.equal(r.status, 200);
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    assert.equal(r.headers['cache-control'], 'no-store');
    const list = r.json() as { room_number: number; patient_name: string; flow_image: string[]; timestamp: string[] }[];
    assert.deepEqual(list.map((p) => p.room_number), [1, 2, 3]);
    assert.equal(list[2]!.flow_image.length, 3);
    assert.equal(list[2]!.flow_image[1], bigJpegBase64(2000, 1).length ? list[2]!.flow_image[1] : '');
    await addPatient(server.url, upload({ room_number: 1, patient_mrn: 101, patient_name: '' }));
    const again = (await request(server.url, 'GET', '/get_all_patients')).json() as typeof list;
    assert.equal(again[0]!.flow_image.length, 4);
    assert.equal(again[0]!.flow_image[3], jpegBase64);
  });

  it('/patients?fields=flow_image is streamed too, with other fields and the mrn filter', async () => {
    const r = await request(server.url, 'GET', '/patients?fields=room_number,flow_image,measurement_count,flow_image_url&mrn=102');
    assert.equal(r.status, 200);
    assert.equal(r.headers['transfer-encoding'], 'chunked');
    const list = r.json() as { room_number: number; flow_image: string[]; measurement_count: number; flow_image_url: string[] }[];
    assert.equal(list.length, 1);
    assert.deepEqual(Object.keys(list[0]!), ['room_number', 'flow_image', 'measurement_count', 'flow_image_url']);
    assert.equal(list[0]!.flow_image.length, 3);
    assert.equal(list[0]!.measurement_count, 3);
    const img = await request(server.url, 'GET', list[0]!.flow_image_url[2]!);
    assert.deepEqual(img.body, Buffer.from(list[0]!.flow_image[2]!, 'base64'));
  });
});

describe('--list-limit refuses a list above it, clearly', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ listLimitBytes: 20_000 });
    await seed(server.url, 2, 2);
  });
  after(() => server.stop());

  it('small enough: served; too large: 400 naming the limit and the way out; the lists without images still work', async () => {
    assert.equal((await request(server.url, 'GET', '/get_all_patients')).status, 200);
    await seed(server.url, 6, 2);
    for (const p of ['/get_all_patients', '/patients?fields=room_number,flow_image']) {
      const r = await request(server.url, 'GET', p);
      assert.equal(r.status, 400, p);
      assert.match(r.json() as string, /above this server's --list-limit of 0 MB: read \/patients \(images by URL\)/);
    }
    const slim = await request(server.url, 'GET', '/patients');
    assert.equal(slim.status, 200);
    assert.equal((slim.json() as unknown[]).length, 6);
  });
});

// LIST_IMAGES=90 for the 500 MB (5.6 MB of base64 each); 28 (157 MB) in the suite.
const bigImages = Number(process.env.LIST_IMAGES ?? 28);

describe('a list of 150 MB of images streams in bounded memory (a real server process)', () => {
  const dir = tempDir();
  let proc: ChildProcess;
  let url = '';
  before(async () => {
    // Seeded straight into the file (fast), then served by a fresh server process.
    const db = openDatabase(path.join(dir, 'patients.db'));
    const store = new PatientStore(db);
    const image = bigJpegBase64(4 * 1024 * 1024);
    for (let i = 0; i < bigImages; i++) {
      store.upload({ patient_mrn: 500 + (i % 4), room_number: 1 + (i % 4), patient_name: 'Big', CPAP_pressure: 10, breath_rate: 12, apnea_count: 0, flow_image: image, image_type: 'image/jpeg' });
    }
    db.close();
    proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'main.ts'), '--port', '0', '--db', path.join(dir, 'patients.db'), '--log-level', 'silent', '--list-cache', String(8 * 1024 * 1024)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      readline.createInterface({ input: proc.stderr! }).on('line', (l) => {
        const m = /listening on (http:\/\/\S+)/.exec(l);
        if (m) resolve(m[1]!);
      });
      proc.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
  });
  after(async () => {
    proc.kill('SIGTERM');
    if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers all of it while the peak memory of the server grows by far less than the answer', { timeout: 60_000 }, async () => {
    await request(url, 'GET', '/health');
    const status = () => fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status())![1]);
    const base = kb('VmRSS');
    const u = new URL(url);
    const { bytes, head, tail } = await new Promise<{ bytes: number; head: string; tail: string }>((resolve, reject) => {
      http
        .get({ host: u.hostname, port: u.port, path: '/get_all_patients', agent: false }, (res) => {
          let bytes = 0;
          let head = '';
          let tail = '';
          res.on('data', (d: Buffer) => {
            if (bytes === 0) head = d.subarray(0, 40).toString();
            bytes += d.length;
            tail = d.subarray(-40).toString();
          });
          res.on('end', () => resolve({ bytes, head, tail }));
        })
        .on('error', reject);
    });
    const grewMb = (kb('VmHWM') - base) / 1024;
    const answer = bigImages * Math.ceil((4 * 1024 * 1024 + 700) / 3) * 4;
    assert.ok(bytes > answer, `${bytes} bytes answered`);
    assert.match(head, /^\[\{"room_number":1,"patient_mrn":500/);
    assert.match(tail, /"\]\}\]$/);
    assert.ok(grewMb < 100, `the server's peak memory grew by ${grewMb.toFixed(0)} MB while answering ${(bytes / 1e6).toFixed(0)} MB`);
    console.log(`# streamed ${(bytes / 1e6).toFixed(0)} MB; server peak RSS grew by ${grewMb.toFixed(1)} MB`);
  });
});

describe('retention of measurements per room', () => {
  it('--keep-measurements N keeps the newest N per room; indexes and images follow', async () => {
    const server = await startTestServer({ keepMeasurements: 3 });
    try {
      for (let i = 0; i < 5; i++) await addPatient(server.url, upload({ CPAP_pressure: 4 + i }));
      await addPatient(server.url, upload({ room_number: 7, patient_mrn: 7 }));
      const list = (await request(server.url, 'GET', '/get_all_patients')).json() as { room_number: number; CPAP_pressure: number[] }[];
      assert.deepEqual(list.map((p) => [p.room_number, p.CPAP_pressure]), [[7, [10]], [101, [6, 7, 8]]]);
      const last = (await request(server.url, 'GET', '/patients/101?fields=flow_image_url')).json() as { flow_image_url: string[] };
      assert.equal(last.flow_image_url.length, 3);
      assert.equal((await request(server.url, 'GET', last.flow_image_url[2]!)).status, 200);
    } finally {
      await server.stop();
    }
  });

  it('--keep-days D drops older measurements at start (and every minute); the default keeps everything', async () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'patients.db'));
    const store = new PatientStore(db);
    for (let i = 0; i < 3; i++) {
      store.upload({ patient_mrn: 1, room_number: 1, patient_name: 'Old', CPAP_pressure: 5 + i, breath_rate: 12, apnea_count: 0, flow_image: '', image_type: null });
    }
    const old = formatTimestamp(new Date(Date.now() - 3 * 86_400_000));
    db.prepare('UPDATE measurements SET timestamp = ? WHERE cpap_pressure < 7').run(old);
    db.close();
    let server = await startTestServer({}, dir);
    const count = async () => ((await request(server.url, 'GET', '/patients/1?fields=measurement_count')).json() as { measurement_count: number }).measurement_count;
    assert.equal(await count(), 3, 'kept by default');
    await server.close();
    server = await startTestServer({ keepDays: 2 }, dir);
    try {
      assert.equal(await count(), 1, 'the two from three days ago are gone');
    } finally {
      await server.stop();
    }
  });
});
