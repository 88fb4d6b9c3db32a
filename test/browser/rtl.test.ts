// Right to left: under `dir="rtl"` the layout mirrors, the metric card's alert stripe and the
// dashboard's notices, lists and tables included (logical properties, and a `:dir(rtl)` variant for
// the stripe's inset shadow). Each check renders the same markup under `ltr` and `rtl` and compares
// geometry and computed styles.
import '../../src/elements/metric-card/define.ts';
import '../../src/elements/expander/define.ts';
import '../../src/dashboard/define.ts';
import type { CpapDashboard } from '../../src/dashboard/cpap-dashboard.ts';
import { CpapPatientsView } from '../../src/dashboard/patients-view.ts';
import { ok, equal, fixture, settle, cleanup } from './assert.ts';

/** Nothing listens here: the dashboard's requests fail at once. */
const UNREACHABLE = 'http://127.0.0.1:9/';
type Dir = 'ltr' | 'rtl';

/** `html` rendered inside `<div dir=...>`; returns its first element. */
async function inDir<T extends Element>(dir: Dir, html: string): Promise<T> {
  const wrap = await fixture<HTMLDivElement>(`<div dir="${dir}">${html}</div>`);
  await settle(wrap);
  return wrap.firstElementChild as T;
}

/** The horizontal offset of an inset box shadow (`rgb(...) 4px 0px 0px 0px inset`). */
function insetShadowX(el: Element): number {
  const shadow = getComputedStyle(el).boxShadow;
  ok(/inset/.test(shadow), `no inset shadow: ${shadow}`);
  const lengths = shadow.replace(/rgba?\([^)]*\)/, '').match(/-?[\d.]+px/g) ?? [];
  return parseFloat(lengths[0] ?? 'NaN');
}

/** Markup added to a shadow root so its stylesheet applies to it: what some states render. */
function probe(root: ShadowRoot, html: string): HTMLElement {
  const tpl = document.createElement('template');
  tpl.innerHTML = html; // test markup, never data
  const el = tpl.content.firstElementChild as HTMLElement;
  root.append(el);
  return el;
}

/** Where a cell's text sits: its start gap and end gap inside the cell, in pixels. */
function textGaps(cell: HTMLElement): { left: number; right: number } {
  const range = document.createRange();
  range.selectNodeContents(cell);
  const text = range.getBoundingClientRect();
  const box = cell.getBoundingClientRect();
  return { left: text.left - box.left, right: box.right - text.right };
}

/** A table's cells are aligned to the inline start: left in ltr, right in rtl. */
function assertCellsAtStart(root: ShadowRoot, dir: Dir, where: string): void {
  const table = probe(root, '<table><tr><th>H</th><td>d</td></tr></table>');
  for (const cell of table.querySelectorAll<HTMLElement>('th, td')) {
    const gaps = textGaps(cell);
    const [start, end] = dir === 'ltr' ? [gaps.left, gaps.right] : [gaps.right, gaps.left];
    ok(start < end, `${where} ${dir}: ${cell.localName} text is not at the inline start (start gap ${start}, end gap ${end})`);
  }
  table.remove();
}

describe('right to left', () => {
  afterEach(cleanup);

  it('the metric card alert stripe is on the inline-start side', async () => {
    for (const dir of ['ltr', 'rtl'] as const) {
      const card = await inDir(dir, '<da-metric-card label="AHI" value="12" alert-threshold="5"></da-metric-card>');
      const base = card.shadowRoot!.querySelector<HTMLElement>('[part=base]')!;
      ok(base, 'the card has its base part');
      const x = insetShadowX(base);
      // An inset shadow offset to the right shows on the left edge, and the other way round.
      if (dir === 'ltr') equal(x, 4, `ltr stripe offset ${x}`);
      else equal(x, -4, `rtl stripe offset ${x}`);
      cleanup();
    }
  });

  it("the expander's chevron sits at the inline start and points to it", async () => {
    for (const dir of ['ltr', 'rtl'] as const) {
      const expander = await inDir(dir, '<da-expander summary="More" style="--da-expander-duration: 0s"></da-expander>');
      const icon = expander.shadowRoot!.querySelector<HTMLElement>('[part=icon]')!;
      const summary = expander.shadowRoot!.querySelector<HTMLElement>('[part=summary]')!;
      const [i, s] = [icon.getBoundingClientRect(), summary.getBoundingClientRect()];
      ok(dir === 'ltr' ? i.right <= s.left : i.left >= s.right, `${dir}: the chevron is not before the summary`);
      equal(getComputedStyle(icon).scale, dir === 'ltr' ? 'none' : '-1 1', `${dir}: chevron direction`);
      expander.setAttribute('open', '');
      await settle(expander);
      equal(getComputedStyle(icon).rotate, dir === 'ltr' ? '90deg' : '-90deg', `${dir}: open chevron points down`);
      cleanup();
    }
  });

  it('the dashboard mirrors: notices, lists and tables on the inline-start side', async () => {
    for (const dir of ['ltr', 'rtl'] as const) {
      const el = await inDir<CpapDashboard>(dir, `<cpap-dashboard api-url="${UNREACHABLE}" persist="none"></cpap-dashboard>`);
      const root = el.shadowRoot!;
      const [start, end] = dir === 'ltr' ? ['Left', 'Right'] : ['Right', 'Left'];

      const notice = probe(root, '<p class="notice">Queued</p>');
      const style = getComputedStyle(notice);
      equal(style[`border${start}Width` as 'borderLeftWidth'], '4px', `${dir}: notice border on the inline start`);
      equal(style[`border${end}Width` as 'borderLeftWidth'], '0px', `${dir}: no notice border on the inline end`);

      const list = probe(root, '<div class="outbox"><ul><li>one</li></ul></div>').querySelector('ul')!;
      const ul = getComputedStyle(list);
      ok(parseFloat(ul[`padding${start}` as 'paddingLeft']) > 10, `${dir}: list indent on the inline start (${ul[`padding${start}` as 'paddingLeft']})`);
      equal(ul[`padding${end}` as 'paddingLeft'], '0px', `${dir}: no list indent on the inline end`);

      assertCellsAtStart(root, dir, 'dashboard');

      // The whole-page layout mirrors too: the header's title is on the inline-start side.
      const header = root.querySelector('header');
      if (header && header.children.length > 1) {
        const [first, last] = [header.firstElementChild!.getBoundingClientRect(), header.lastElementChild!.getBoundingClientRect()];
        if (first.top === last.top) ok(dir === 'ltr' ? first.left < last.left : first.left > last.left, `${dir}: header order`);
      }

      // All patients (defined lazily by the dashboard, shown in a tab) aligns its table the same way.
      if (!customElements.get('cpap-patients-view')) customElements.define('cpap-patients-view', CpapPatientsView);
      const view = await inDir(dir, '<cpap-patients-view></cpap-patients-view>');
      ok(view.shadowRoot, 'the patients view rendered');
      assertCellsAtStart(view.shadowRoot, dir, 'patients view');
      cleanup();
    }
  });
});

describe('right to left, every element', () => {
  afterEach(() => cleanup());

  /** The first piece of text the element renders (its label, tab, prompt...), in its shadow root or light DOM. */
  function firstTextBox(host: Element): DOMRect {
    const roots: Node[] = [host.shadowRoot ?? host];
    const walker = (root: Node) => document.createTreeWalker(root, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.textContent!.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
    for (const root of roots) {
      const w = walker(root);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(n);
        const box = range.getBoundingClientRect();
        if (box.width > 0) return box;
      }
    }
    // Slotted text (tabs): the host's light DOM.
    const w = walker(host);
    const n = w.nextNode();
    ok(n, `${host.localName} renders no text`);
    const range = document.createRange();
    range.selectNodeContents(n);
    return range.getBoundingClientRect();
  }

  const cases: [string, string][] = [
    ['da-text-input', '<da-text-input label="Room" style="display:block;width:400px"></da-text-input>'],
    ['da-file-uploader', '<da-file-uploader label="CPAP file" style="display:block;width:400px"></da-file-uploader>'],
    ['da-tabs', '<da-tabs label="Views" style="display:block;width:400px"><da-tab panel="a">One</da-tab><da-tab panel="b">Two</da-tab><da-tab-panel name="a">A</da-tab-panel><da-tab-panel name="b">B</da-tab-panel></da-tabs>'],
    ['da-expander', '<da-expander summary="More" style="display:block;width:400px">x</da-expander>'],
    ['da-metric-card', '<da-metric-card label="Rate" value="3" style="display:block;width:400px"></da-metric-card>'],
  ];
  for (const [tag, markup] of cases) {
    it(`${tag}: its first text starts at the inline start (left in ltr, right in rtl)`, async () => {
      await import(`../../src/elements/${tag.slice(3)}/define.ts`);
      for (const dir of ['ltr', 'rtl'] as const) {
        const el = await inDir<HTMLElement>(dir, markup);
        const host = el.getBoundingClientRect();
        const text = firstTextBox(el);
        const [start, end] = dir === 'ltr' ? [text.left - host.left, host.right - text.right] : [host.right - text.right, text.left - host.left];
        ok(start < end, `${tag} ${dir}: the first text is not at the inline start (start gap ${start}, end gap ${end})`);
        cleanup();
      }
    });
  }
  // da-flow-chart is left out on purpose: a time axis runs left to right in every script.
});
