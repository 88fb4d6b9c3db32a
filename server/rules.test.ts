// The page and the server hold uploads and pressure requests to the same rules: every upload the
// dashboard's form can build is stored, every value it refuses is refused by the server too, and a
// bad body gets the same message on the page (before queueing) as from the server (over HTTP).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkUpload, isRejection, MESSAGES, PRESSURE_RANGE } from '../src/patient-api/contract.ts';
import { uploadFromForm } from '../src/dashboard/controllers/upload.ts';
import { DASHBOARD_DEFAULTS } from '../src/dashboard/dashboard-state.ts';
import type { CpapMetrics } from '../src/core/analyze.ts';
import { addPatient, jpegBase64, request, startTestServer, upload, type TestServer } from './test-support.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.stop());

const metrics = { breath_rate_bpm: 14.2, apnea_count: 1 } as CpapMetrics;
const typed = ['', '0', '3', '4', '12', '25', '26', '100', ' 7 ', '+5', '-4', '4.0', '4.5', '1e1', 'x', '007'];

describe('the page and the server apply the same rules', () => {
  it('a CPAP pressure the form accepts is stored; one it refuses is refused by both server routes', async () => {
    let room = 500;
    const refused: string[] = [];
    for (const pressure of typed) {
      room++;
      const built = uploadFromForm({ ...DASHBOARD_DEFAULTS, mrn: String(room), room: String(room), pressure }, metrics, () => jpegBase64);
      const stored = 'problem' in built ? null : await addPatient(server.url, built);
      // The wire value: what the form sends when it accepts, the text itself when it refuses.
      const wireValue = 'problem' in built ? pressure.trim() : String(built.CPAP_pressure);
      const asked = await request(server.url, 'GET', `/new_cpap_pressure/${room}/${encodeURIComponent(wireValue)}`);
      if ('problem' in built) {
        refused.push(pressure);
        assert.equal(asked.status, 400, `server took pressure ${JSON.stringify(pressure)} that the form refuses`);
        const wire = await addPatient(server.url, upload({ room_number: room, patient_mrn: room, CPAP_pressure: pressure.trim() }));
        assert.equal(wire.status, 400, `add_patient took pressure ${JSON.stringify(pressure)}`);
      } else {
        assert.equal(stored!.status, 200, `form built ${JSON.stringify(built.CPAP_pressure)} but the server said ${stored!.text}`);
        if (built.CPAP_pressure !== '') assert.equal(asked.status, 200, `pressure ${pressure}: ${asked.text}`);
      }
    }
    // Whole numbers from PRESSURE_RANGE.min to .max (or nothing) pass; everything else is refused.
    assert.deepEqual(refused, ['0', '3', String(PRESSURE_RANGE.max + 1), '100', '-4', '4.0', '4.5', '1e1', 'x']);
  });

  it('a bad body gets the same refusal from checkUpload on the page as from the server', async () => {
    const bodies: unknown[] = [
      [1, 2],
      'text',
      (({ flow_image: _, ...rest }) => rest)(upload()),
      upload({ patient_mrn: -1 }),
      upload({ patient_mrn: 3.5 }),
      upload({ room_number: 'abc' }),
      upload({ patient_name: 7 as never }),
      upload({ CPAP_pressure: 3 }),
      upload({ CPAP_pressure: 26 }),
      upload({ CPAP_pressure: true as never }),
      upload({ breath_rate: 'fast' }),
      upload({ breath_rate: -1 }),
      upload({ apnea_count: 1.5 }),
      upload({ flow_image: 12 as never }),
      upload({ patient_mrn: 10 ** 12 }),
      upload({ room_number: 10 ** 6 }),
      upload({ patient_name: 'x'.repeat(201) }),
      upload({ patient_name: 'Ann\u0000' }),
      upload({ patient_name: 'Ann \ud800' }),
      upload({ breath_rate: 121 }),
      upload({ breath_rate: '1e308' }),
      upload({ apnea_count: 10_001 }),
    ];
    for (const body of bodies) {
      const page = checkUpload(body);
      assert.ok(isRejection(page), `the page accepted ${JSON.stringify(body)}`);
      const r = await addPatient(server.url, body);
      assert.equal(r.status, page.status, JSON.stringify(body));
      assert.equal(r.json(), page.message, JSON.stringify(body));
    }
    assert.deepEqual(checkUpload(upload({ CPAP_pressure: 30 })), { status: 400, message: MESSAGES.pressureRange });
  });
});
