// The page's client against a server with a token: it sends the token on reads as well as writes,
// so the dashboard keeps working when reads are guarded (issue 11, item 2).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PatientApi, PatientApiError } from '../src/patient-api/client.ts';
import { startTestServer, upload, type TestServer } from './test-support.ts';

const token = 'client-token-for-tests';
let server: TestServer;

before(async () => {
  // PatientApi resolves its address against the page; an absolute one needs only a base.
  (globalThis as { document?: unknown }).document ??= { baseURI: 'http://127.0.0.1/' };
  server = await startTestServer({ apiToken: token });
});
after(() => server.stop());

describe('PatientApi with a token', () => {
  it('sends it on reads: list, MRN check and pressure query work against guarded reads', async () => {
    const api = new PatientApi(server.url, { token });
    assert.equal(await api.addPatient({ ...upload({ room_number: 7, patient_mrn: 70 }), flow_image: '' } as never), 'New patient created');
    const records = await api.listPatients();
    assert.deepEqual(records.map((r) => [r.room_number, r.patient_name]), [[7, 'Ann Example']]);
    assert.deepEqual(await api.roomsWithMrn(70), [7]);
    assert.equal(await api.requestedPressure(7), null);
  });

  it('without it, reads are refused with the server message; the MRN check leaves the refusal to the upload', async () => {
    const api = new PatientApi(server.url);
    await assert.rejects(api.listPatients(), (e: unknown) => e instanceof PatientApiError && e.status === 401 && e.message === 'Missing bearer token');
    assert.deepEqual(await api.roomsWithMrn(70), []);
    await assert.rejects(api.addPatient(upload({ room_number: 8, patient_mrn: 80 }) as never), (e: unknown) => e instanceof PatientApiError && e.status === 401);
  });
});
