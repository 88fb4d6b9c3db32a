import { PatientApi, PatientApiError } from './client.ts';
import { equal, ok } from '../../test/browser/assert.ts';

describe('PatientApi server address', () => {
  let base: HTMLBaseElement;
  beforeEach(() => {
    // The page as a host app serves it: from a folder of its own (a Flask app's static/ under /monitor/).
    base = document.createElement('base');
    base.href = '/monitor/static/';
    document.head.prepend(base);
  });
  afterEach(() => base.remove());

  it("defaults to the page's origin, not the page's folder", () => {
    equal(new PatientApi('').baseUrl, `${location.origin}/`);
    equal(new PatientApi('').url('add_patient'), `${location.origin}/add_patient`);
  });

  it("resolves a relative address against the page's URL; an absolute one is kept", () => {
    equal(new PatientApi('api').baseUrl, `${location.origin}/monitor/static/api/`);
    equal(new PatientApi('/monitor/').url('CPAP_query/3'), `${location.origin}/monitor/CPAP_query/3`);
    equal(new PatientApi('https://lab.example/api').url('get_all_patients'), 'https://lab.example/api/get_all_patients');
  });
});

describe('PatientApi without an answer', () => {
  it('tells a server that blocks this origin (CORS) from one that is down, and names the fix', async () => {
    const servers = (await (await fetch('/__patient-servers')).json()) as { nocors: string };
    const blocked = await new PatientApi(servers.nocors).listPatients().catch((e: PatientApiError) => e);
    ok(blocked instanceof PatientApiError);
    equal(blocked.unreachable, 'cors');
    ok(/CORS/.test(blocked.message) && blocked.message.includes(location.origin) && /allowed origins/.test(blocked.message), blocked.message);
    ok(blocked.retryable, 'kept and retried: the fix is on the server');
    const down = await new PatientApi('http://127.0.0.1:9/').listPatients().catch((e: PatientApiError) => e);
    ok(down instanceof PatientApiError);
    equal(down.unreachable, 'down');
    ok(/could not be reached/.test(down.message) && !/CORS/.test(down.message), down.message);
  });

  it("never shows a host's HTML error page as the message", async () => {
    // The test runner's own server answers this path with its HTML 404 page.
    const err = await new PatientApi('/no-such-api/').listPatients().catch((e: PatientApiError) => e);
    ok(err instanceof PatientApiError);
    ok(!/<html|<!doctype/i.test(err.message), err.message);
    ok(/answered 404/.test(err.message) && err.message.includes('/no-such-api/'), err.message);
  });
});
