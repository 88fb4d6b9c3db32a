import { PressureController } from './pressure.ts';
import { createDashboardStore } from '../dashboard-state.ts';
import { PatientApi } from '../../patient-api/client.ts';
import { ServerEventStream } from '../../patient-api/event-stream.ts';
import { ok, equal, cleanup, sleep } from '../../../test/browser/assert.ts';
import { connectedHost, patientServers, until } from '../../../test/browser/controller-host.ts';

/** Room numbers unique to this run: the servers live for the whole test run. */
const room = () => 100_000 + Math.floor(Math.random() * 800_000);

async function admit(server: string, r: number): Promise<void> {
  const body = { patient_mrn: r, room_number: r, patient_name: 'Pressure test', CPAP_pressure: '', breath_rate: '', apnea_count: '', flow_image: '' };
  const res = await fetch(new URL('add_patient', server), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  ok(res.ok, `admit: ${res.status}`);
}
const ask = async (server: string, r: number, value: number) => ok((await fetch(new URL(`new_cpap_pressure/${r}/${value}`, server))).ok, 'pressure request');

function watch(server: string, r: number) {
  const host = connectedHost();
  const store = createDashboardStore(`pressure-${r}`, 'none');
  store.set({ room: String(r), autoRefresh: true });
  const pressure = new PressureController(host);
  const api = new PatientApi(server);
  const changes: number[] = [];
  host.addEventListener('da-pressure-change', (e) => changes.push(e.detail.value));
  pressure.update(store, { api, stream: new ServerEventStream(api.eventsUrl()) });
  return { host, store, pressure, changes };
}

describe('PressureController', () => {
  afterEach(() => cleanup());

  it('applies a pushed pressure request to the form, says so and emits da-pressure-change', async () => {
    const { push } = await patientServers();
    const r = room();
    await admit(push, r);
    const { store, pressure, changes } = watch(push, r);
    await until(() => pressure.mode === 'push', 'push mode');
    await ask(push, r, 14);
    await until(() => store.get('pressure') === '14', 'the pushed pressure');
    equal(changes.join(), '14');
    ok(/set the CPAP pressure to 14 cmH2O/.test(pressure.notice), pressure.notice);
    equal(String(pressure.describe(true, '30')), 'Live pressure updates: pushed by the server');
  });

  it('polls a server without /events, and stops when auto-refresh is turned off', async () => {
    const { poll } = await patientServers();
    const r = room();
    await admit(poll, r);
    await ask(poll, r, 9); // asked before the screen opened: the first poll finds it
    const { store, pressure, changes } = watch(poll, r);
    await until(() => pressure.mode === 'poll', 'poll mode');
    await until(() => store.get('pressure') === '9', 'the polled pressure');
    equal(changes.join(), '9');
    equal(String(pressure.describe(true, '45')), 'Live pressure updates: every 45 s');
    store.set('autoRefresh', false);
    pressure.update(store, null);
    equal(pressure.mode, 'off');
    equal(String(pressure.describe(false, '45')), 'Live pressure updates off');
  });

  it('applies a request once: a server that never clears it does not overwrite what the nurse typed', async () => {
    const { poll } = await patientServers();
    const r = room();
    await admit(poll, r);
    await ask(poll, r, 9);
    const { store, pressure, changes } = watch(poll, r);
    store.set('refreshInterval', '10');
    pressure.update(store, null);
    pressure.update(store, { api: new PatientApi(poll), stream: new ServerEventStream(new PatientApi(poll).eventsUrl()) });
    await until(() => store.get('pressure') === '9', 'the request');
    store.set('pressure', '11'); // the nurse's own value
    await sleep(11_500); // one more poll of the same, still pending, request
    equal(store.get('pressure'), '11', 'the value the nurse typed stays');
    await ask(poll, r, 13); // a new request is applied
    await until(() => store.get('pressure') === '13', 'the new request', 15_000);
    equal(changes.join(), '9,13');
  });

  it('reports a server that cannot be reached', async () => {
    const { pressure } = watch('http://127.0.0.1:9/', room());
    await until(() => pressure.problem !== '', 'a problem');
    ok(/could not be reached|reconnecting/.test(pressure.problem), pressure.problem);
  });
});
