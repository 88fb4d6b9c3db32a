// Localization: every string from the locale's table, chosen by the nearest `lang`; numbers through Intl;
// registerLocale falls back to English per key; a change of `lang` re-renders.
import '../../src/index.ts';
import { en, loadLocale, registerLocale, stringsFor, type Strings } from '../../src/elements/shared/locale.ts';
import type { CpapDashboard } from '../../src/dashboard/cpap-dashboard.ts';
import type { DaExpander } from '../../src/elements/expander/expander.ts';
import { ok, equal, fixture, settle, cleanup, sleep } from './assert.ts';

const UNREACHABLE = 'http://127.0.0.1:9/';
/** Units and proper nouns that are the same in every language. */
const SAME_EVERYWHERE = new Set(['cmH2O', 'MRN', 'JSON', 'CPAP']);

/** Every text node under `root`, shadow roots included (no style or script). */
function allText(root: Node, out: string[] = []): string[] {
  if (root instanceof Element && (root.localName === 'style' || root.localName === 'script')) return out;
  if (root.nodeType === Node.TEXT_NODE) {
    const t = root.textContent!.trim();
    if (t) out.push(t);
  }
  if (root instanceof Element && root.shadowRoot) allText(root.shadowRoot, out);
  for (const c of root.childNodes) allText(c, out);
  return out;
}

/** The fixed pieces of every English string: plain values, and message functions split at their arguments. */
function englishPieces(): string[] {
  const es = stringsFor('es');
  const pieces: string[] = [];
  for (const [key, value] of Object.entries(en) as Array<[keyof Strings, unknown]>) {
    if (typeof value === 'string') pieces.push(value);
    else if (typeof value === 'function') {
      const text = String((value as (...a: unknown[]) => string)('\u0001', '\u0001', '\u0001'));
      pieces.push(...text.split('\u0001'));
    }
    void key;
  }
  const esText = JSON.stringify(es) + Object.values(es).filter((v) => typeof v === 'function').map((f) => String(f)).join(' ');
  return [...new Set(pieces.map((p) => p.trim()))].filter(
    (p) => /[a-z]{3}/i.test(p) && p.length >= 4 && !SAME_EVERYWHERE.has(p) && !esText.includes(p),
  );
}

async function sample(name: string): Promise<File> {
  const res = await fetch(`/__shared/cpap-samples/${name}`);
  ok(res.ok, `sample ${name} not served`);
  return new File([await res.blob()], name, { type: 'text/plain' });
}

function deep(root: Element, selector: string): Element[] {
  const found: Element[] = [];
  const walk = (n: Element | ShadowRoot) => {
    for (const el of n.querySelectorAll('*')) {
      if (el.matches(selector)) found.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(root);
  return found;
}

describe('localization', () => {
  before(() => loadLocale('es'));
  afterEach(() => {
    cleanup();
    document.documentElement.lang = 'en';
  });

  it('renders the whole dashboard in Spanish: no English string left', async () => {
    const host = await fixture<HTMLDivElement>(`<div lang="es"><cpap-dashboard api-url="${UNREACHABLE}" persist="none"></cpap-dashboard></div>`);
    const el = host.querySelector('cpap-dashboard') as CpapDashboard;
    await settle(el);
    await el.analyse(await sample('patient_02.txt'));
    await settle(el);
    el.store.set({ mrn: '12', room: '3', pressure: '' });
    await el.upload(); // no pressure: the notice and its action
    await settle(el);
    for (const x of deep(el, 'da-expander') as DaExpander[]) x.open = true; // Settings, Details
    el.store.set('selectedTab', 'patients');
    await sleep(300);
    await settle(el);
    for (const x of deep(el, 'da-expander') as DaExpander[]) x.open = true;
    await settle(el);
    const text = allText(el).join('\n');
    ok(text.includes(stringsFor('es').noPressure), 'the no-pressure notice is shown in Spanish');
    ok(text.includes(stringsFor('es').warnings) || text.includes(stringsFor('es').noWarnings), 'details are open');
    const left = englishPieces().filter((p) => text.includes(p));
    ok(left.length === 0, `English strings left on screen: ${left.join(' | ')}`);
  });

  it('renders each element in Spanish', async () => {
    const es = stringsFor('es');
    const host = await fixture<HTMLDivElement>(`<div lang="es">
      <da-text-input label="Nombre" required></da-text-input>
      <da-file-uploader accept=".txt" max-size="2048"></da-file-uploader>
      <da-metric-card label="Fuga"></da-metric-card>
      <da-tabs><da-tab panel="a">A</da-tab><da-tab-panel name="a">a</da-tab-panel></da-tabs>
      <da-flow-chart></da-flow-chart>
    </div>`);
    const input = host.querySelector('da-text-input')!;
    input.dispatchEvent(new Event('invalid'));
    await settle(host);
    const sr = (tag: string) => host.querySelector(tag)!.shadowRoot!;
    equal(sr('da-text-input').querySelector('[part=error]')!.textContent!.trim(), es.required('Nombre'));
    const prompt = sr('da-file-uploader').querySelector('[part=prompt]')!.textContent!.replace(/\s+/g, ' ').trim();
    equal(prompt, `${es.dropOne} ${es.browseOne}`);
    ok(sr('da-file-uploader').querySelector('[part=hint]')!.textContent!.includes('2,0 KB'), 'file size through Intl');
    equal(sr('da-metric-card').querySelector('[part=value]')!.textContent!.trim(), es.notMeasured);
    equal(sr('da-tabs').querySelector('[part=tablist]')!.getAttribute('aria-label'), es.tabs);
    equal(sr('da-flow-chart').querySelector('[part=empty]')!.textContent!.trim(), es.noData);
  });

  it('formats numbers through Intl in the locale', async () => {
    const host = await fixture<HTMLDivElement>(`<div lang="es"><da-metric-card label="x" value="1234.5" precision="1"></da-metric-card></div>`);
    const card = host.querySelector('da-metric-card')!;
    await settle(card);
    const value = card.shadowRoot!.querySelector('[part=value]')!.textContent!.trim();
    equal(value, new Intl.NumberFormat('es', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(1234.5));
    ok(/^1\.?234,5$/.test(value), value);
  });

  it('takes a host locale, English for the keys it leaves out', async () => {
    registerLocale('de', { notMeasured: 'Nicht gemessen' });
    equal(stringsFor('de').notMeasured, 'Nicht gemessen');
    equal(stringsFor('de-AT').alert, en.alert);
    const host = await fixture<HTMLDivElement>(`<div lang="de"><da-metric-card label="x"></da-metric-card><da-tabs></da-tabs></div>`);
    await settle(host);
    equal(host.querySelector('da-metric-card')!.shadowRoot!.querySelector('[part=value]')!.textContent!.trim(), 'Nicht gemessen');
    equal(host.querySelector('da-tabs')!.shadowRoot!.querySelector('[part=tablist]')!.getAttribute('aria-label'), en.tabs);
  });

  it('re-renders when lang changes', async () => {
    const host = await fixture<HTMLDivElement>(`<div><da-metric-card label="x"></da-metric-card></div>`);
    const card = host.querySelector('da-metric-card')!;
    const shown = async () => (await settle(card), card.shadowRoot!.querySelector('[part=value]')!.textContent!.trim());
    equal(await shown(), en.notMeasured);
    document.documentElement.lang = 'es';
    await sleep(0);
    equal(await shown(), stringsFor('es').notMeasured);
    host.setAttribute('lang', 'en');
    await sleep(0);
    equal(await shown(), en.notMeasured);
    document.documentElement.lang = 'en';
  });
});
