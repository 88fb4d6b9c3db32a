import { UploadController, uploadFromForm, FORM_PROBLEM } from './upload.ts';
import { AnalysisController } from './analysis.ts';
import { flowImageBase64 } from '../flow-image.ts';
import { DASHBOARD_DEFAULTS, type DashboardState } from '../dashboard-state.ts';
import { PatientApi } from '../../patient-api/client.ts';
import { checkUpload, isRejection, PRESSURE_RANGE, type PatientRecord } from '../../patient-api/contract.ts';
import type { AnalysisResult } from '../../worker/client.ts';
import { ok, equal, cleanup } from '../../../test/browser/assert.ts';
import { connectedHost, patientServers, sampleFile, until } from '../../../test/browser/controller-host.ts';

const OUTBOX_DB = 'data-app-elements-outbox';
let result: AnalysisResult;
const form = (changes: Partial<DashboardState>): DashboardState => ({ ...DASHBOARD_DEFAULTS, ...changes });
/** Room numbers unique to this run: the servers live for the whole test run. */
const room = () => 10_000 + Math.floor(Math.random() * 80_000);

describe('UploadController', () => {
  before(async () => {
    const analysis = new AnalysisController(connectedHost());
    await analysis.analyse(await sampleFile('patient_02.txt'));
    result = analysis.result!;
    cleanup();
  });
  afterEach(async () => {
    cleanup();
    await new Promise((r) => (indexedDB.deleteDatabase(OUTBOX_DB).onsuccess = r));
  });

  it('builds the upload from the form and the analysis, by the contract rules', () => {
    const image = () => flowImageBase64(result);
    const upload = uploadFromForm(form({ mrn: ' 42 ', room: '7', pressure: '12', patientName: ' Ada ' }), result.metrics, image);
    ok(!('problem' in upload));
    equal(upload.patient_mrn, 42);
    equal(upload.room_number, 7);
    equal(upload.patient_name, 'Ada');
    equal(upload.CPAP_pressure, 12);
    equal(upload.apnea_count, 2);
    equal(upload.breath_rate, result.metrics.breath_rate_bpm);
    ok(upload.flow_image.startsWith('/9j/'), 'a JPEG drawn from the analysis');
    ok(!isRejection(checkUpload(upload)), 'the server rules accept it');
    for (const bad of [{ mrn: '' }, { room: '0' }, { pressure: String(PRESSURE_RANGE.min - 1) }, { pressure: String(PRESSURE_RANGE.max + 1) }, { pressure: '4.5' }]) {
      const built = uploadFromForm(form({ mrn: '42', room: '7', ...bad }), result.metrics, image);
      ok('problem' in built && built.problem === FORM_PROBLEM, JSON.stringify(bad));
    }
    const noPressure = uploadFromForm(form({ mrn: '42', room: '7' }), result.metrics, image);
    ok(!('problem' in noPressure) && noPressure.CPAP_pressure === '', 'pressure may be left empty');
  });

  it('stores an upload on the real server, and refuses an MRN that another room holds', async () => {
    const { push } = await patientServers();
    const host = connectedHost();
    const uploads = new UploadController(host, () => 'upload-test', () => undefined);
    const api = new PatientApi(push);
    uploads.connect(api);
    const r = room();
    const mrn = r * 3;
    const stored = await uploads.upload(form({ mrn: String(mrn), room: String(r), pressure: '10', patientName: 'Upload test' }), result);
    equal(stored.status, 'stored', stored.message);
    equal(uploads.notice?.kind, 'success');
    const records = (await (await fetch(new URL('get_all_patients', push))).json()) as PatientRecord[];
    const record = records.find((x) => x.room_number === r)!;
    ok(record, 'the record is in the server');
    equal(record.patient_mrn, mrn);
    equal(record.apnea_count[0], 2);
    const elsewhere = await uploads.upload(form({ mrn: String(mrn), room: String(r + 1), pressure: '10' }), result);
    equal(elsewhere.status, 'refused');
    ok(new RegExp(`MRN ${mrn} is already assigned to room ${r}`).test(uploads.notice!.text), uploads.notice!.text);
    equal(uploads.entries.length, 0, 'nothing left in the outbox');
  });

  it('does not send an analysis without a CPAP pressure until the nurse confirms the patient details alone', async () => {
    const { poll } = await patientServers();
    const sent: string[] = [];
    const uploads = new UploadController(connectedHost(), () => 'no-pressure', (o) => sent.push(o.status));
    uploads.connect(new PatientApi(poll));
    const r = room();
    const asked = await uploads.upload(form({ mrn: String(r), room: String(r), patientName: 'No pressure' }), result);
    equal(asked.status, 'needs-pressure');
    equal(sent.length, 0, 'nothing sent');
    ok(/No CPAP pressure entered/.test(uploads.notice!.text) && /dropped/.test(uploads.notice!.text), uploads.notice!.text);
    const action = uploads.notice!.action!;
    ok(/without the measurement/.test(action.label), action.label);
    action.run();
    await until(() => sent.length === 1, 'the confirmed upload');
    await until(() => uploads.notice?.kind === 'success', 'the success notice');
    ok(/without a measurement/.test(uploads.notice!.text), uploads.notice!.text);
    const record = ((await (await fetch(new URL('get_all_patients', poll))).json()) as PatientRecord[]).find((x) => x.room_number === r)!;
    equal(record.patient_name, 'No pressure');
    equal(record.timestamp.length, 0, 'no measurement stored, as the user was told');
  });

  it('keeps an upload in the outbox when the server is down, and an invalid form queues nothing', async () => {
    const uploads = new UploadController(connectedHost(), () => 'outbox-test', () => undefined);
    uploads.connect(new PatientApi('http://127.0.0.1:9/'));
    equal((await uploads.upload(form({ mrn: '', room: '3' }), result)).status, 'invalid');
    equal(uploads.notice?.text, FORM_PROBLEM);
    const queued = await uploads.upload(form({ mrn: '5', room: '3', pressure: '8' }), result);
    equal(queued.status, 'queued', queued.message);
    ok(/could not be reached/.test(uploads.notice!.text), uploads.notice!.text);
    await until(() => uploads.entries.length === 1, 'the outbox entry');
    equal(uploads.entries[0]!.upload.room_number, 3);
  });
});
