// <cpap-clinical-view> on its own: the AHI card and its band, the legend, the events list (paged,
// keyboard, da-event-focus), the trends and the a11y of it all. The dashboard's end-to-end test
// (test/node/e2e-clinical.test.ts) runs the real worker on a scripted recording.
import '../elements/metric-card/define.ts';
import { defineElement } from '../elements/shared/define.ts';
import { CpapClinicalView, EVENTS_PAGE } from './clinical-view.ts';
import type { ClinicalEvent, ClinicalResult, ScoringMethod } from '../core/scoring/types.ts';
import type { DaMetricCard } from '../elements/metric-card/metric-card.ts';
import { ok, equal, fixture, cleanup, nextEvent, key } from '../../test/browser/assert.ts';
import { expectNoA11yViolations } from '../../test/browser/a11y.ts';

defineElement('cpap-clinical-view', CpapClinicalView);

const method = (preset: ScoringMethod['preset']): ScoringMethod => ({
  name: 'cpap-flow-score', version: 1, preset, apneaDrop: 0.9, hypopneaDrop: 0.3, strictApnea: false, minEventS: 10, baselineS: 120,
  minBreaths: 5, smoothingS: 0.2, minPifLpm: 3, minCycleS: 1, silenceFrac: 0.1, silenceMinS: 2, spanGapS: 2, noFlowS: 60,
  apneaFraction: 0.5, leak: null, hypopnea: 'unconfirmed',
});

/** A night's worth of input for the view: `n` events alternating apnea and hypopnea, breaths every 4 s. */
function night(n: number, over: Partial<ClinicalResult> = {}): ClinicalResult {
  const events: ClinicalEvent[] = Array.from({ length: n }, (_, i) => ({
    type: i % 2 ? 'hypopnea' : 'apnea', start: 60 + i * 30, end: 75 + i * 30, durationS: 15, nadirPct: i % 2 ? 40 : 3,
    noFlowS: 0, baselineLpm: 30, confirmed: i % 2 === 0, counted: true,
  }));
  const breaths = 2000;
  const col = (f: (i: number) => number) => Float64Array.from({ length: breaths }, (_, i) => f(i));
  const spread = { median: 10, p95: 20 };
  return {
    method: method('aasm'), events, unscored: [], ahi: 32.5, ai: 16.2, hi: 16.3, analysedS: 8 * 3600, severity: 'severe', reason: null,
    breaths: { count: breaths, complete: breaths, rr: spread, vt: spread, mv: spread, ti: spread, te: spread, pif: spread },
    breathTable: { start: col((i) => i * 4), end: col((i) => i * 4 + 4), rr: col((i) => 15 + Math.sin(i / 50)), vt: col(() => 500), mv: col(() => 7.5), ti: col(() => 1.6), te: col(() => 2.4), pif: col(() => 30) },
    leak: { total: spread, unintentional: { median: 3, p95: 30, overRedlineS: 600 }, redlineLpm: 24, epochs: { time: col((i) => i * 10), total: col(() => 20), unintentional: col((i) => (i % 100 < 5 ? 30 : 2)) } },
    rollingAhi: { time: new Float64Array(0), ahi: new Float64Array(0) }, warnings: [], ...over,
  };
}

async function view(c: ClinicalResult): Promise<CpapClinicalView> {
  const el = await fixture<CpapClinicalView>('<cpap-clinical-view></cpap-clinical-view>');
  el.clinical = c;
  el.fileName = 'night.txt';
  await el.updateComplete;
  const cards = [...el.shadowRoot!.querySelectorAll<DaMetricCard>('da-metric-card')];
  await Promise.all(cards.map((c) => c.updateComplete));
  return el;
}

const $$ = (el: Element, s: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(s)];

describe('cpap-clinical-view', () => {
  afterEach(() => cleanup());

  it('shows the AHI (flow) with its band and preset, alerting from moderate up, and the unintentional leak', async () => {
    const el = await view(night(10));
    const ahi = el.shadowRoot!.querySelector<DaMetricCard>('da-metric-card.ahi')!;
    equal(ahi.label, 'AHI (flow)');
    ok(ahi.alerting, 'severe: the AHI card alerts');
    ok(/Severity: severe/.test(ahi.textContent!), ahi.textContent!);
    ok(/Preset: AASM/.test(el.shadowRoot!.textContent!));
    const leak = $$(el, 'da-metric-card.leak') as DaMetricCard[];
    equal(leak.map((c) => c.label).join(), 'Total leak,Unintentional leak');
    ok(leak[1]!.alerting, 'a 95th percentile over the redline alerts');
    equal($$(el, '.legend li').length, 2);
    equal($$(el, 'figure.trend svg[role="img"][aria-label]').length, 4);
    ok($$(el, 'svg line.redline').length === 1, 'the redline drawn on the leak trend');
    ok(!el.shadowRoot!.innerHTML.includes('style='), 'no inline styles');
  });

  it('says why there is no band below one analysed hour, and names OSCAR flags as flags', async () => {
    const short = await view(night(2, { ahi: 30, severity: null, analysedS: 1200 }));
    const card = short.shadowRoot!.querySelector<DaMetricCard>('da-metric-card.ahi')!;
    ok(!card.alerting, 'no alert without a band');
    ok(/20 min analysed, less than one hour/.test(card.textContent!), card.textContent!);
    cleanup();
    const flags = await view(night(2, { method: method('oscar-uf'), events: [] }));
    equal(flags.shadowRoot!.querySelector<DaMetricCard>('da-metric-card.ahi')!.label, 'OSCAR flags per hour (not an AHI)');
    equal($$(flags, '.legend li').length, 1, 'OSCAR flags only: the flag legend');
    ok(/No events scored/.test(flags.shadowRoot!.textContent!));
  });

  it('lists thousands of events a page at a time; rows are buttons, arrows move between them', async () => {
    const el = await view(night(3000));
    const rows = () => $$(el, 'table.events tbody tr');
    equal(rows().length, EVENTS_PAGE);
    equal(el.shadowRoot!.querySelector('.pager [role="status"]')!.textContent, 'Events 1 to 50 of 3,000');
    ok(/unconfirmed, flow only/.test(rows()[1]!.textContent!), 'hypopneas are marked unconfirmed');
    const buttons = $$(el, 'table.events tbody th[scope="row"] button');
    buttons[0]!.focus();
    key(buttons[0]!, 'ArrowDown');
    equal(el.shadowRoot!.activeElement, buttons[1]);
    key(buttons[1]!, 'End');
    equal(el.shadowRoot!.activeElement, buttons[EVENTS_PAGE - 1]);
    const focused = nextEvent<CustomEvent>(el, 'da-event-focus');
    buttons[3]!.click();
    const { detail } = await focused;
    equal(JSON.stringify(detail), JSON.stringify({ index: 3, type: 'hypopnea', start: 150, end: 165 }));
    await el.updateComplete;
    equal(rows()[3]!.getAttribute('aria-current'), 'true');
    $$(el, '.pager button')[1]!.click();
    await el.updateComplete;
    equal(el.shadowRoot!.querySelector('.pager [role="status"]')!.textContent, 'Events 51 to 100 of 3,000');
    equal(rows()[0]!.querySelector('td')!.textContent, '0:26:00');
  });

  it("speaks the page's language: Spanish under lang=es", async () => {
    document.documentElement.lang = 'es';
    try {
      const el = await view(night(2));
      equal(el.shadowRoot!.querySelector<DaMetricCard>('da-metric-card.ahi')!.label, 'IAH (flujo)');
      ok(/sin confirmar, solo flujo/.test(el.shadowRoot!.textContent!));
    } finally {
      document.documentElement.lang = '';
    }
  });

  it('has no axe violations', async () => {
    const el = await view(night(120));
    await expectNoA11yViolations(el);
  });
});
