import './define.ts';
import type { CpapDashboard, DashboardAnalysisDetail, DashboardUploadDetail } from './cpap-dashboard.ts';
import type { DaTextInput } from '../elements/text-input/text-input.ts';
import type { DaMetricCard } from '../elements/metric-card/metric-card.ts';
import type { DaExpander } from '../elements/expander/expander.ts';
import { ok, equal, fixture, settle, cleanup, sleep } from '../../test/browser/assert.ts';
import { expectNoA11yViolations } from '../../test/browser/a11y.ts';

/** Nothing listens here: requests fail at once with "connection refused". */
const UNREACHABLE = 'http://127.0.0.1:9/';
const OUTBOX_DB = 'data-app-elements-outbox';

async function sample(name: string): Promise<File> {
  const res = await fetch(`/__shared/cpap-samples/${name}`);
  ok(res.ok, `sample ${name} not served`);
  return new File([await res.blob()], name, { type: 'text/plain' });
}

/** Deletes the outbox database; an open connection must let go, or this times out. */
function deleteOutboxDb(): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('deleting the outbox database was blocked by an open connection')), 5000);
    const req = indexedDB.deleteDatabase(OUTBOX_DB);
    req.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    req.onerror = () => {
      clearTimeout(timer);
      reject(req.error);
    };
  });
}

async function dashboard(attrs = `api-url="${UNREACHABLE}" persist="none"`): Promise<CpapDashboard> {
  return fixture<CpapDashboard>(`<cpap-dashboard ${attrs}></cpap-dashboard>`);
}

const $ = <T extends Element = Element>(el: CpapDashboard, selector: string): T => {
  const found = el.shadowRoot!.querySelector<T>(selector);
  ok(found, `no ${selector} in the dashboard`);
  return found;
};
const field = (el: CpapDashboard, bind: string) => $<DaTextInput>(el, `da-text-input[bind=${bind}]`);
const card = (el: CpapDashboard, label: string) => $<DaMetricCard>(el, `da-metric-card[label="${label}"]`);
const cardText = (c: DaMetricCard) => c.shadowRoot!.querySelector('[part=value]')!.textContent!.replace(/\s+/g, ' ').trim();
const uploadButton = (el: CpapDashboard) => $<HTMLButtonElement>(el, 'button[type=submit]');
const text = (el: CpapDashboard) => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');

/** Types into the native input inside a da-text-input, as a user would. */
async function type(el: CpapDashboard, bind: string, value: string): Promise<void> {
  const host = field(el, bind);
  const input = host.shadowRoot!.querySelector('input')!;
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
  await settle(el);
  await el.updateComplete;
}

async function until(check: () => boolean, what: string, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

async function analysed(el: CpapDashboard, file: File): Promise<void> {
  await el.analyse(file);
  await settle(el);
  await el.updateComplete;
}

describe('cpap-dashboard', () => {
  before(async () => {
    await deleteOutboxDb();
  });
  afterEach(async () => {
    cleanup(); // disconnects the dashboards: outbox closed, worker released
    sessionStorage.clear();
    localStorage.clear();
    await deleteOutboxDb();
  });

  describe('structure', () => {
    it('renders tabs, settings, the form, empty metric cards and a disabled upload button', async () => {
      const el = await dashboard();
      const tabs = [...el.shadowRoot!.querySelectorAll('da-tab')].map((t) => t.textContent!.trim());
      equal(tabs.join('|'), 'Patient data entry|All patients');
      equal($(el, 'da-tab[panel=entry]').getAttribute('aria-selected'), 'true');
      equal($<DaExpander>(el, 'da-expander').summary, 'Settings');
      for (const bind of ['patientName', 'mrn', 'room', 'pressure']) {
        equal(field(el, bind).localName, 'da-text-input');
      }
      const cards = [...el.shadowRoot!.querySelectorAll<DaMetricCard>('da-metric-card')];
      ok(cards.length >= 2, 'metric cards');
      for (const c of cards) equal(cardText(c), 'Not measured', `${c.label}`);
      ok(uploadButton(el).disabled, 'upload is disabled before an analysis');
      ok(text(el).includes('Analyse a file first.'));
      ok($(el, 'header code').textContent!.startsWith('http://127.0.0.1:9/'));
      // The selected tab's underline overlaps the row's border; that must not make the row scroll.
      const tablist = $(el, 'da-tabs').shadowRoot!.querySelector<HTMLElement>('[role=tablist]')!;
      ok(tablist.scrollHeight <= tablist.clientHeight, `tab row scrolls: ${tablist.scrollHeight} > ${tablist.clientHeight}`);
    });
  });

  describe('accessibility', () => {
    for (const theme of ['light', 'dark'] as const) {
      it(`has no axe violations initially and after an analysis (${theme})`, async () => {
        const el = await dashboard(`api-url="${UNREACHABLE}" persist="none" theme="${theme}"`);
        await expectNoA11yViolations(el);
        await analysed(el, await sample('patient_02.txt'));
        ok(el.result, 'analysed');
        // Open the details expander too, so its table and export button are checked.
        const details = el.shadowRoot!.querySelectorAll<DaExpander>('da-expander')[1];
        ok(details, 'details expander');
        details.show();
        await settle(el);
        await expectNoA11yViolations(el);
      });
    }
  });

  describe('analysis', () => {
    it('analyses patient_02.txt in the worker: metrics, apnea alert and a da-analysis event', async () => {
      const el = await dashboard();
      const events: DashboardAnalysisDetail[] = [];
      el.addEventListener('da-analysis', (e) => events.push(e.detail));
      const file = await sample('patient_02.txt');
      await analysed(el, file);

      const rate = cardText(card(el, 'Breathing rate'));
      ok(rate.includes('9.34') && rate.includes('breaths/min'), rate);
      const apnea = card(el, 'Apnea events');
      equal(cardText(apnea), '2');
      ok(apnea.alerting, 'apnea card alerts at 2');
      ok(apnea.matches(':state(alert)'), ':state(alert)');
      equal(events.length, 1);
      equal(events[0].fileName, 'patient_02.txt');
      equal(events[0].metrics.apnea_count, 2);
      ok(Math.abs(events[0].metrics.breath_rate_bpm! - 9.33634171010659) < 0.01);
      ok(!uploadButton(el).disabled, 'upload enabled after analysis');
      ok(text(el).includes('patient_02.txt'), 'results name the file');

      // The same File again: not re-run.
      await analysed(el, file);
      equal(events.length, 1, 'no second analysis');
      const notice = $(el, '.notice[role=status]');
      ok(/already analysed/.test(notice.textContent!), notice.textContent!);
    });

    it('shows an alert for a bad file and keeps the previous results', async () => {
      const el = await dashboard();
      await analysed(el, await sample('patient_02.txt'));
      const before = el.result;

      await analysed(el, new File([], 'empty.txt', { type: 'text/plain' }));
      let alert = $(el, '[role=alert]');
      ok(alert.textContent!.includes('empty.txt'), alert.textContent!);
      equal(el.result, before, 'previous result kept');
      ok(cardText(card(el, 'Breathing rate')).includes('9.34'));

      const bytes = new Uint8Array(4096);
      let seed = 7;
      for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 16807) % 2147483647) & 0xff;
      await analysed(el, new File([bytes], 'noise.bin'));
      alert = $(el, '[role=alert]');
      ok(alert.textContent!.includes('noise.bin'), alert.textContent!);
      equal(el.result, before, 'previous result kept');
      ok(!uploadButton(el).disabled, 'still uploadable');
    });
  });

  describe('upload', () => {
    it('keeps the upload in the outbox when the server is unreachable, then reset() unlocks', async () => {
      const el = await dashboard();
      await analysed(el, await sample('patient_02.txt'));
      await type(el, 'patientName', 'Ada Test');
      await type(el, 'mrn', '1234');
      await type(el, 'room', '7');
      await type(el, 'pressure', '10');
      const uploads: DashboardUploadDetail[] = [];
      el.addEventListener('da-upload', (e) => uploads.push(e.detail));

      uploadButton(el).click();
      await until(() => uploads.length === 1, 'da-upload');
      equal(uploads[0].delivered, false);
      equal(uploads[0].upload.patient_mrn, 1234);
      equal(uploads[0].upload.room_number, 7);
      equal(uploads[0].upload.CPAP_pressure, 10);
      equal(uploads[0].upload.apnea_count, 2);
      await until(() => !!el.shadowRoot!.querySelector('.outbox'), 'the outbox region');
      const outbox = $(el, '[role=region][aria-label="Uploads waiting to be sent"]');
      ok(/Room 7, MRN 1234/.test(outbox.textContent!), outbox.textContent!);
      await el.updateComplete;
      const notice = $(el, '.notice');
      ok(/could not be reached/.test(notice.textContent!), notice.textContent!);
      ok(field(el, 'mrn').readonly, 'MRN locked after a queued upload');
      ok(field(el, 'room').readonly, 'room locked');
      $<DaExpander>(el, 'da-expander[summary=Settings]').show();
      await settle(el);
      await expectNoA11yViolations(el); // outbox, notices, locked fields and open settings

      el.reset();
      await settle(el);
      await el.updateComplete;
      for (const bind of ['patientName', 'mrn', 'room', 'pressure']) equal(field(el, bind).value, '', bind);
      ok(!field(el, 'mrn').readonly, 'MRN unlocked');
      equal(el.store.get('locked'), false);
      equal(el.result, null);
      equal(cardText(card(el, 'Breathing rate')), 'Not measured');
      ok(uploadButton(el).disabled, 'nothing to upload after reset');
      // A reset forgets the analysis: the same file is analysed again.
      const events: unknown[] = [];
      el.addEventListener('da-analysis', (e) => events.push(e));
      await analysed(el, await sample('patient_02.txt'));
      equal(events.length, 1);
    });

    it('does not send with an empty MRN and shows the validation error', async () => {
      const el = await dashboard();
      await analysed(el, await sample('patient_02.txt'));
      await type(el, 'room', '7');
      let sent = false;
      el.addEventListener('da-upload', () => (sent = true));
      const fetched: string[] = [];
      const realFetch = window.fetch;
      window.fetch = (input, init) => {
        fetched.push(String(input instanceof Request ? input.url : input));
        return realFetch(input, init);
      };
      try {
        uploadButton(el).click();
        await sleep(200);
        await settle(el);
      } finally {
        window.fetch = realFetch;
      }
      ok(!sent, 'no da-upload');
      equal(fetched.filter((u) => u.startsWith(UNREACHABLE)).length, 0, `no request: ${fetched.join(', ')}`);
      const mrn = field(el, 'mrn');
      ok(!mrn.checkValidity(), 'MRN invalid');
      const error = mrn.shadowRoot!.querySelector<HTMLElement>('[part=error]')!;
      ok(!error.hidden, 'error shown');
      ok(/required/.test(error.textContent!), error.textContent!);
      equal(mrn.shadowRoot!.querySelector('input')!.getAttribute('aria-invalid'), 'true');
      ok(/MRN and room are required/.test($(el, '.notice.error[role=alert]').textContent!));
      equal(el.shadowRoot!.querySelector('.outbox'), null, 'nothing queued');
    });
  });

  describe('all patients', () => {
    it('says clearly that an unreachable server could not be reached, and passes axe', async () => {
      const el = await dashboard();
      $<HTMLElement>(el, 'da-tab[panel=patients]').click();
      await until(() => !!el.shadowRoot!.querySelector('cpap-patients-view')?.shadowRoot?.querySelector('[role=alert]'), 'the patients error');
      const view = $(el, 'cpap-patients-view');
      await settle(el);
      equal(el.store.get('selectedTab'), 'patients');
      const alert = view.shadowRoot!.querySelector('[role=alert]')!;
      ok(/could not be reached/.test(alert.textContent!), alert.textContent!);
      ok(alert.textContent!.includes(UNREACHABLE), 'names the server');
      await expectNoA11yViolations(el);
    });
  });

  describe('state', () => {
    it('two dashboards on one page keep separate state', async () => {
      const root = await fixture<HTMLDivElement>(`<div>
        <cpap-dashboard api-url="${UNREACHABLE}"></cpap-dashboard>
        <cpap-dashboard api-url="${UNREACHABLE}"></cpap-dashboard>
      </div>`);
      const [a, b] = root.querySelectorAll('cpap-dashboard');
      ok(a.stateKey !== b.stateKey, `${a.stateKey} vs ${b.stateKey}`);
      await type(a, 'mrn', '42');
      await sleep(50); // a BroadcastChannel message, if any, would arrive by now
      await settle(root);
      equal(a.store.get('mrn'), '42');
      equal(b.store.get('mrn'), '');
      equal(field(b, 'mrn').value, '');
    });

    it('theme="dark" sets a dark color-scheme', async () => {
      const el = await dashboard(`api-url="${UNREACHABLE}" persist="none" theme="dark"`);
      equal(getComputedStyle(el).colorScheme, 'dark');
      // The chart draws on a canvas with its own theme: it must follow the dashboard's.
      const chartBackground = () =>
        getComputedStyle($(el, 'da-flow-chart').shadowRoot!.querySelector('[part=base]')!).backgroundColor;
      equal(chartBackground(), 'rgb(17, 24, 39)');
      el.theme = 'light';
      await settle(el);
      equal(getComputedStyle(el).colorScheme, 'light');
      equal(chartBackground(), 'rgb(255, 255, 255)');
    });

    it('settings: auto-refresh can be turned off; the refresh interval must be 10 to 60', async () => {
      const el = await dashboard();
      const settings = $<DaExpander>(el, 'da-expander[summary=Settings]');
      settings.shadowRoot!.querySelector<HTMLButtonElement>('button')!.click();
      await settle(el);
      ok(settings.open, 'settings open');
      const checkbox = $<HTMLInputElement>(el, '.settings input[type=checkbox]');
      ok(checkbox.checked, 'auto-refresh on by default');
      checkbox.click();
      await settle(el);
      await el.updateComplete;
      equal(el.store.get('autoRefresh'), false);
      ok(/Live pressure updates off/.test($(el, '.feed').textContent!));
      ok(field(el, 'refreshInterval').hasAttribute('disabled'), 'interval disabled while off');
      checkbox.click();
      await settle(el);

      const interval = field(el, 'refreshInterval');
      equal(interval.kind, 'integer');
      await type(el, 'refreshInterval', '5');
      ok(!interval.checkValidity(), '5 is invalid');
      ok(interval.validity.rangeUnderflow, 'rangeUnderflow');
      const error = interval.shadowRoot!.querySelector<HTMLElement>('[part=error]')!;
      ok(!error.hidden && /10 to 60/.test(error.textContent!), error.textContent!);
      await type(el, 'refreshInterval', '20');
      ok(interval.checkValidity(), '20 is valid');
      equal(el.store.get('refreshInterval'), '20');
    });
  });
});
