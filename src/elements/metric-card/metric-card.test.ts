import './define.ts';
import type { DaMetricCard } from './metric-card.ts';
import { equal, ok, fixture, cleanup, settle } from '../../../test/browser/assert.ts';
import { expectNoA11yViolations } from '../../../test/browser/a11y.ts';

const part = (el: DaMetricCard, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`);
const text = (el: DaMetricCard, name: string) => part(el, name)?.textContent!.replace(/\s+/g, ' ').trim() ?? null;

describe('da-metric-card', () => {
  afterEach(cleanup);

  describe('accessibility', () => {
    it('has no axe violations: empty, filled, delta, alert, dark', async () => {
      const root = await fixture<HTMLDivElement>(`<div>
        <da-metric-card label="Breath rate" unit="breaths/min"></da-metric-card>
        <da-metric-card label="Breath rate" unit="breaths/min" value="9.3412" precision="2" delta="-0.4"></da-metric-card>
        <da-metric-card label="Apnea events" value="3" alert-threshold="2" inverse delta="1"></da-metric-card>
        <div style="color-scheme: dark; background: #202124">
          <da-metric-card label="Apnea events" value="3" alert-threshold="2" delta="1"></da-metric-card>
        </div>
      </div>`);
      await expectNoA11yViolations(root);
    });
    it('is a group labelled by its label; the alert sits in a status live region', async () => {
      const el = await fixture<DaMetricCard>(`<da-metric-card label="Apnea" value="1" alert-threshold="2"></da-metric-card>`);
      const base = part(el, 'base')!;
      equal(base.getAttribute('role'), 'group');
      equal(el.shadowRoot!.getElementById(base.getAttribute('aria-labelledby')!)!.textContent, 'Apnea');
      const status = part(el, 'alert')!;
      equal(status.getAttribute('role'), 'status');
      equal(status.textContent, '');
      el.value = 2;
      await el.updateComplete;
      equal(status.textContent, 'Alert');
    });
  });

  describe('properties and attributes', () => {
    it('shows the placeholder without a value', async () => {
      const el = await fixture<DaMetricCard>(`<da-metric-card label="Breath rate" unit="breaths/min"></da-metric-card>`);
      equal(text(el, 'value'), 'Not measured');
      el.placeholder = '—';
      el.value = Number.NaN;
      await el.updateComplete;
      equal(text(el, 'value'), '—');
    });
    it('formats numbers with precision and unit', async () => {
      const el = await fixture<DaMetricCard>(
        `<da-metric-card label="Breath rate" value="9.3412" precision="2" unit="breaths/min"></da-metric-card>`,
      );
      equal(el.value, 9.3412);
      equal(el.formattedValue, '9.34');
      equal(text(el, 'value'), '9.34 breaths/min');
      equal(text(el, 'unit'), 'breaths/min');
      el.value = 'n/a';
      await el.updateComplete;
      equal(text(el, 'value'), 'n/a breaths/min');
    });
    it('colours delta by direction and inverse', async () => {
      const el = await fixture<DaMetricCard>(`<da-metric-card label="x" value="1" delta="0.5" precision="1"></da-metric-card>`);
      ok(part(el, 'delta')!.classList.contains('good'));
      ok(text(el, 'delta')!.includes('+0.5'));
      ok(text(el, 'delta')!.includes('up'));
      el.inverse = true;
      await el.updateComplete;
      ok(part(el, 'delta')!.classList.contains('bad'));
      el.delta = -2;
      await el.updateComplete;
      ok(part(el, 'delta')!.classList.contains('good'));
      el.setAttribute('delta-direction', 'none');
      await el.updateComplete;
      ok(part(el, 'delta')!.classList.contains('neutral'));
      el.delta = null;
      await el.updateComplete;
      equal(part(el, 'delta'), null);
    });
    it('alert by threshold, by attribute, and below', async () => {
      const el = await fixture<DaMetricCard>(`<da-metric-card label="Apnea" value="1" alert-threshold="2"></da-metric-card>`);
      ok(!el.alerting);
      ok(!el.matches(':state(alert)'));
      el.value = 2;
      await el.updateComplete;
      ok(el.alerting);
      ok(el.matches(':state(alert)'));
      el.value = null;
      el.alert = true;
      await el.updateComplete;
      ok(el.matches(':state(alert)'));
      const low = await fixture<DaMetricCard>(`<da-metric-card label="SpO2" value="85" alert-threshold="90" alert-below alert-text="Low"></da-metric-card>`);
      ok(low.alerting);
      equal(text(low, 'alert'), 'Low');
    });
  });

  describe('binding', () => {
    it('reads its value from the default store via bind', async () => {
      const { getDefaultStore } = await import('../../store/bind.ts');
      getDefaultStore().set('rate-test', 12.5);
      const el = await fixture<DaMetricCard>(`<da-metric-card label="Rate" bind="rate-test"></da-metric-card>`);
      equal(el.value, 12.5);
      getDefaultStore().set('rate-test', 14);
      await Promise.resolve();
      await settle(el);
      equal(el.value, 14);
    });
  });
});
