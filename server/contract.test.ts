// The patient API contract (../shared/spec/patient-api.md), request by request, against the real
// server on each storage backend: a real SQLite file, a real PostgreSQL database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PatientRecord } from './storage/index.ts';
import { addPatient, BACKENDS, jpegBase64, makePng, request, startTestServer, upload, type TestServer } from './test-support.ts';

type Record7 = PatientRecord;

for (const backend of BACKENDS) describe(`the contract on ${backend}`, () => {
  let server: TestServer;
  let base: string;
  before(async () => {
    server = await startTestServer({}, undefined, backend);
    base = server.url;
  });
  after(() => server.stop());

  async function allPatients(): Promise<Record7[]> {
    const r = await request(base, 'GET', '/get_all_patients');
    assert.equal(r.status, 200);
    return r.json() as Record7[];
  }
  const room = async (n: number) => (await allPatients()).find((p) => p.room_number === n);

  describe('GET /health', () => {
    it('answers the old body', async () => {
      const r = await request(base, 'GET', '/health');
      assert.equal(r.status, 200);
      assert.deepEqual(r.json(), { status: 'healthy', service: 'sleep-lab-api' });
    });
  });

  describe('POST /add_patient', () => {
    it('creates, then updates, with JSON string bodies', async () => {
      let r = await addPatient(base, upload({ room_number: 1, patient_mrn: 11 }));
      assert.equal(r.status, 200);
      assert.equal(r.text, '"New patient created"');
      assert.match(String(r.headers['content-type']), /^application\/json/);
      r = await addPatient(base, upload({ room_number: 1, patient_mrn: 11, breath_rate: '15.25' }));
      assert.equal(r.text, '"Patient successfully updated"');
      const p = (await room(1))!;
      assert.deepEqual(p.CPAP_pressure, [10, 10]);
      assert.deepEqual(p.breath_rate, [14.5, 15.25]);
      assert.deepEqual(p.apnea_count, [2, 2]);
      assert.deepEqual(p.flow_image, [jpegBase64, jpegBase64]);
      assert.equal(p.timestamp.length, 2);
      for (const t of p.timestamp) assert.match(t, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    });

    it('accepts digit strings for the integer keys and stores numbers', async () => {
      await addPatient(base, upload({ room_number: '2', patient_mrn: '0022', CPAP_pressure: '12', apnea_count: '0' }));
      const p = (await room(2))!;
      assert.equal(p.patient_mrn, 22);
      assert.deepEqual(p.CPAP_pressure, [12]);
      assert.deepEqual(p.apnea_count, [0]);
    });

    it('replaces the record when a new MRN takes the room', async () => {
      await addPatient(base, upload({ room_number: 3, patient_mrn: 31, patient_name: 'First' }));
      await addPatient(base, upload({ room_number: 3, patient_mrn: 31 }));
      await request(base, 'GET', '/new_cpap_pressure/3/9');
      const r = await addPatient(base, upload({ room_number: 3, patient_mrn: 32, patient_name: 'Second', CPAP_pressure: 7 }));
      assert.equal(r.status, 200);
      assert.equal(r.text, '"Patient successfully updated"');
      const p = (await room(3))!;
      assert.equal(p.patient_mrn, 32);
      assert.equal(p.patient_name, 'Second');
      assert.deepEqual(p.CPAP_pressure, [7]);
      // A pressure asked for the previous patient is not applied to the new one.
      assert.equal((await request(base, 'GET', '/CPAP_query/3')).text, 'null');
    });

    it('appends on the same MRN and treats "" as not given', async () => {
      await addPatient(base, upload({ room_number: 4, patient_mrn: 41, patient_name: '' }));
      assert.equal((await room(4))!.patient_name, 'Not provided');
      await addPatient(base, upload({ room_number: 4, patient_mrn: 41, patient_name: 'Named later' }));
      await addPatient(base, upload({ room_number: 4, patient_mrn: 41, patient_name: '' }));
      let p = (await room(4))!;
      assert.equal(p.patient_name, 'Named later', 'an empty name keeps the stored one');
      assert.equal(p.CPAP_pressure.length, 3);
      // No measurement unless both pressure and breath rate are given.
      await addPatient(base, upload({ room_number: 4, patient_mrn: 41, CPAP_pressure: '' }));
      await addPatient(base, upload({ room_number: 4, patient_mrn: 41, breath_rate: '' }));
      p = (await room(4))!;
      assert.equal(p.CPAP_pressure.length, 3);
      // Apnea count and image may be missing from a measurement.
      await addPatient(base, upload({ room_number: 4, patient_mrn: 41, apnea_count: '', flow_image: '' }));
      p = (await room(4))!;
      assert.equal(p.apnea_count.at(-1), null);
      assert.equal(p.flow_image.at(-1), '');
      assert.equal(p.timestamp.length, 4);
    });

    it('answers every old validation message', async () => {
      const cases: [unknown, string][] = [
        [[1, 2], 'Input is not a dictionary'],
        ['text', 'Input is not a dictionary'],
        [42, 'Input is not a dictionary'],
        [null, 'Input is not a dictionary'],
      ];
      const keys = ['patient_mrn', 'room_number', 'patient_name', 'CPAP_pressure', 'breath_rate', 'apnea_count', 'flow_image'];
      for (const k of keys) {
        const body: Record<string, unknown> = { ...upload() };
        delete body[k];
        cases.push([body, `Key ${k} is missing from input`]);
      }
      // With several keys missing, the first in the contract's order is named.
      cases.push([{ flow_image: '', room_number: 1 }, 'Key patient_mrn is missing from input']);
      for (const k of ['patient_mrn', 'room_number']) {
        for (const bad of ['12a', '', 1.5, -3, true, null, [1], '1e3', ' 12']) {
          cases.push([{ ...upload(), [k]: bad }, `Key ${k} is not an int or numeric string`]);
        }
      }
      for (const k of ['CPAP_pressure', 'apnea_count']) {
        for (const bad of ['x', 2.5, false, null, {}]) cases.push([{ ...upload(), [k]: bad }, `Key ${k} is not an int or numeric string`]);
      }
      for (const bad of ['fast', 'NaN', 'Infinity', -1, true, null, []]) {
        cases.push([{ ...upload(), breath_rate: bad }, 'Key breath_rate is not an int or numeric string']);
      }
      for (const k of ['patient_name', 'flow_image']) {
        for (const bad of [12, null, true, ['a'], { a: 1 }]) cases.push([{ ...upload(), [k]: bad }, `Key ${k} has the incorrect value type`]);
      }
      for (const [body, message] of cases) {
        const r = await addPatient(base, body);
        assert.equal(r.status, 400, `${JSON.stringify(body).slice(0, 80)}`);
        assert.equal(r.json(), message, `${JSON.stringify(body).slice(0, 80)}`);
      }
      for (const p of await allPatients()) assert.ok(p.room_number < 100, 'no rejected upload was stored');
    });

    it('accepts numeric strings for breath_rate and PNG images', async () => {
      const png = makePng(4, 4).toString('base64');
      assert.equal((await addPatient(base, upload({ room_number: 5, patient_mrn: 51, breath_rate: '12', flow_image: png }))).status, 200);
      assert.equal((await addPatient(base, upload({ room_number: 5, patient_mrn: 51, breath_rate: '.5e1' }))).status, 200);
      assert.deepEqual((await room(5))!.breath_rate, [12, 5]);
      assert.equal((await room(5))!.flow_image[0], png);
    });
  });

  describe('GET /get_all_patients', () => {
    it('lists every room with parallel arrays, oldest first', async () => {
      for (let i = 0; i < 3; i++) await addPatient(base, upload({ room_number: 6, patient_mrn: 61, CPAP_pressure: 5 + i }));
      const p = (await room(6))!;
      assert.deepEqual(Object.keys(p).sort(), [
        'CPAP_pressure', 'apnea_count', 'breath_rate', 'flow_image', 'patient_mrn', 'patient_name', 'room_number', 'timestamp',
      ]);
      assert.deepEqual(p.CPAP_pressure, [5, 6, 7]);
      const n = p.CPAP_pressure.length;
      for (const k of ['breath_rate', 'apnea_count', 'flow_image', 'timestamp'] as const) assert.equal(p[k].length, n);
    });
  });

  describe('pressure requests', () => {
    before(async () => {
      await addPatient(base, upload({ room_number: 7, patient_mrn: 71 }));
    });

    it('CPAP_query: 400 for an unknown room, null while nothing is pending', async () => {
      let r = await request(base, 'GET', '/CPAP_query/999');
      assert.equal(r.status, 400);
      assert.equal(r.json(), 'Patient not in database');
      r = await request(base, 'GET', '/CPAP_query/abc');
      assert.equal(r.status, 400);
      r = await request(base, 'GET', '/CPAP_query/7');
      assert.equal(r.status, 200);
      assert.equal(r.text, 'null');
    });

    it('GET /new_cpap_pressure sets what CPAP_query answers', async () => {
      const r = await request(base, 'GET', '/new_cpap_pressure/7/12');
      assert.equal(r.status, 200);
      assert.equal(typeof r.json(), 'string');
      const q = await request(base, 'GET', '/CPAP_query/7');
      assert.equal(q.status, 200);
      assert.equal(q.text, '12');
    });

    it('POST /new_cpap_pressure takes {room_number, new_value}', async () => {
      let r = await request(base, 'POST', '/new_cpap_pressure', { json: { room_number: 7, new_value: '15' } });
      assert.equal(r.status, 200);
      assert.equal((await request(base, 'GET', '/CPAP_query/7')).json(), 15);
      r = await request(base, 'POST', '/new_cpap_pressure', { json: { room_number: '7', CPAP_pressure: 16 } });
      assert.equal(r.status, 200);
      assert.equal((await request(base, 'GET', '/CPAP_query/7')).json(), 16);
    });

    it('rejects non-integers with the old message and out-of-range values with a clear one', async () => {
      for (const p of ['/new_cpap_pressure/7/abc', '/new_cpap_pressure/x/10', '/new_cpap_pressure/7/10.5', '/new_cpap_pressure/7/-5']) {
        const r = await request(base, 'GET', p);
        assert.equal(r.status, 400, p);
        assert.equal(r.json(), 'Bad value for room number or new value', p);
      }
      for (const v of [3, 26, 0, 100]) {
        const r = await request(base, 'GET', `/new_cpap_pressure/7/${v}`);
        assert.equal(r.status, 400);
        assert.equal(r.json(), 'CPAP pressure must be an integer from 4 to 25 cmH2O');
      }
      for (const body of [{ room_number: 7 }, { room_number: 7, new_value: 12.5 }, { new_value: 12 }, { room_number: 7, new_value: true }]) {
        const r = await request(base, 'POST', '/new_cpap_pressure', { json: body });
        assert.equal(r.status, 400);
        assert.equal(r.json(), 'Bad value for room number or new value');
      }
      assert.equal((await request(base, 'POST', '/new_cpap_pressure', { json: [7, 12] })).json(), 'Input is not a dictionary');
      assert.equal((await request(base, 'GET', '/CPAP_query/7')).json(), 16, 'rejected requests change nothing');
    });
  });

  describe('GET /patients', () => {
    before(async () => {
      await addPatient(base, upload({ room_number: 8, patient_mrn: 81, patient_name: 'Eight' }));
      await addPatient(base, upload({ room_number: 8, patient_mrn: 81, patient_name: '', flow_image: makePng(4, 4, 9).toString('base64') }));
    });

    it('leaves images out unless asked, and selects fields', async () => {
      let r = await request(base, 'GET', '/patients');
      const all = r.json() as Record<string, unknown>[];
      assert.ok(all.length > 0);
      assert.ok(all.every((p) => !('flow_image' in p) && 'flow_image_url' in p));
      r = await request(base, 'GET', '/patients?fields=room_number,patient_mrn');
      const slim = r.json() as Record<string, unknown>[];
      assert.deepEqual(Object.keys(slim[0]!), ['room_number', 'patient_mrn']);
      r = await request(base, 'GET', '/patients?mrn=81&fields=room_number,measurement_count');
      assert.deepEqual(r.json(), [{ room_number: 8, measurement_count: 2 }]);
      r = await request(base, 'GET', '/patients?fields=room_number,password');
      assert.equal(r.status, 400);
      assert.equal(r.json(), 'Unknown field password');
    });

    it('GET /patients/:room answers one record or 404', async () => {
      let r = await request(base, 'GET', '/patients/8?fields=patient_name,flow_image');
      assert.equal(r.status, 200);
      const p = r.json() as { patient_name: string; flow_image: string[] };
      assert.equal(p.patient_name, 'Eight');
      assert.equal(p.flow_image[0], jpegBase64);
      r = await request(base, 'GET', '/patients/4040');
      assert.equal(r.status, 404);
      assert.equal(r.json(), 'Patient not in database');
    });

    it('serves flow images with their type, ETag and caching', async () => {
      const rec = (await request(base, 'GET', '/patients/8')).json() as { flow_image_url: string[] };
      const [jpegUrl, pngUrl] = rec.flow_image_url as [string, string];
      let r = await request(base, 'GET', jpegUrl);
      assert.equal(r.status, 200);
      assert.equal(r.headers['content-type'], 'image/jpeg');
      assert.deepEqual(r.body, Buffer.from(jpegBase64, 'base64'));
      assert.match(String(r.headers['cache-control']), /immutable/);
      const etag = String(r.headers.etag);
      r = await request(base, 'GET', '/patients/8/images/1');
      assert.equal(r.headers['content-type'], 'image/png');
      assert.equal(r.headers['cache-control'], 'private, no-cache');
      assert.ok(pngUrl.startsWith('/patients/8/images/1?v='));
      r = await request(base, 'GET', '/patients/8/images/0', { headers: { 'If-None-Match': etag } });
      assert.equal(r.status, 304);
      for (const p of ['/patients/8/images/2', '/patients/8/images/x', '/patients/999/images/0']) {
        assert.equal((await request(base, 'GET', p)).status, 404, p);
      }
    });
  });

  describe('methods', () => {
    it('answers 405 for a known path with the wrong method', async () => {
      for (const [method, p] of [['GET', '/add_patient'], ['POST', '/get_all_patients'], ['DELETE', '/CPAP_query/1'], ['PUT', '/new_cpap_pressure']]) {
        const r = await request(base, method!, p!);
        assert.equal(r.status, 405, `${method} ${p}`);
        assert.equal(r.json(), 'Method not allowed');
      }
      assert.equal((await request(base, 'GET', '/no_such_route')).status, 404);
    });
  });

  describe('headers', () => {
    it('sends the security headers on API responses', async () => {
      const r = await request(base, 'GET', '/get_all_patients');
      assert.match(String(r.headers['content-security-policy']), /default-src 'self'.*frame-ancestors 'self'/);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['referrer-policy'], 'no-referrer');
    });
  });
});
