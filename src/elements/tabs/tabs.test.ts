import './define.ts';
import type { DaTabs } from './tabs.ts';
import { sendKeys } from '@web/test-runner-commands';
import { equal, ok, deepEqual, fixture, cleanup, settle } from '../../../test/browser/assert.ts';
import { expectNoA11yViolations } from '../../../test/browser/a11y.ts';

const markup = (attrs = '') => `<da-tabs label="Views" ${attrs}>
  <da-tab panel="flow">Flow</da-tab>
  <da-tab panel="breaths">Breaths</da-tab>
  <da-tab panel="off" disabled>Off</da-tab>
  <da-tab panel="notes">Notes</da-tab>
  <da-tab-panel name="flow"><p>flow content</p></da-tab-panel>
  <da-tab-panel name="breaths"><p>breath content</p></da-tab-panel>
  <da-tab-panel name="off"><p>off</p></da-tab-panel>
  <da-tab-panel name="notes"><template><p class="late">notes</p></template></da-tab-panel>
</da-tabs>`;
const tab = (el: DaTabs, name: string) => el.querySelector<HTMLElement>(`da-tab[panel=${name}]`)!;
const panel = (el: DaTabs, name: string) => el.querySelector<HTMLElement>(`da-tab-panel[name=${name}]`)!;
const rendered = (p: HTMLElement) => !!p.shadowRoot!.querySelector('slot');

describe('da-tabs', () => {
  afterEach(cleanup);

  describe('accessibility', () => {
    it('has no axe violations (light and dark)', async () => {
      const root = await fixture<HTMLDivElement>(`<div>${markup()}<div style="color-scheme: dark; background:#202124">${markup('selected="breaths"')}</div></div>`);
      await expectNoA11yViolations(root);
    });
    it('sets roles, aria-selected, aria-controls/labelledby and roving tabindex', async () => {
      const el = await fixture<DaTabs>(markup());
      equal(el.shadowRoot!.querySelector('[role=tablist]')!.getAttribute('aria-label'), 'Views');
      const t = tab(el, 'flow');
      const p = panel(el, 'flow');
      equal(t.getAttribute('role'), 'tab');
      equal(p.getAttribute('role'), 'tabpanel');
      equal(t.getAttribute('aria-selected'), 'true');
      equal(tab(el, 'breaths').getAttribute('aria-selected'), 'false');
      equal(t.getAttribute('aria-controls'), p.id);
      equal(p.getAttribute('aria-labelledby'), t.id);
      deepEqual(el.tabs.map((x) => x.tabIndex), [0, -1, -1, -1]);
      equal(tab(el, 'off').getAttribute('aria-disabled'), 'true');
    });
  });

  describe('selection and lazy panels', () => {
    it('selects the first tab by default and renders panels lazily', async () => {
      const el = await fixture<DaTabs>(markup());
      equal(el.selected, 'flow');
      ok(!panel(el, 'flow').hidden);
      ok(panel(el, 'breaths').hidden);
      ok(rendered(panel(el, 'flow')));
      ok(!rendered(panel(el, 'breaths')), 'not rendered before first selection');
      equal(el.querySelector('.late'), null);
      el.selected = 'notes';
      await settle(el);
      ok(panel(el, 'flow').hidden);
      ok(!panel(el, 'notes').hidden);
      ok(el.querySelector('.late'), 'template stamped on first selection');
      ok(!rendered(panel(el, 'breaths')));
    });
    it('selects by attribute; ignores a disabled tab', async () => {
      const el = await fixture<DaTabs>(markup('selected="breaths"'));
      equal(tab(el, 'breaths').getAttribute('aria-selected'), 'true');
      el.setAttribute('selected', 'off');
      await settle(el);
      equal(el.selected, 'flow', 'disabled falls back to the first enabled');
    });
  });

  describe('events and keyboard', () => {
    it('click selects and emits da-tab-change once', async () => {
      const el = await fixture<DaTabs>(markup());
      const names: string[] = [];
      el.addEventListener('da-tab-change', (e) => names.push(e.detail.name));
      tab(el, 'breaths').click();
      tab(el, 'breaths').click();
      tab(el, 'off').click();
      await settle(el);
      deepEqual(names, ['breaths']);
      equal(el.selected, 'breaths');
      equal(document.activeElement, tab(el, 'breaths'));
    });
    it('arrow keys wrap and skip disabled; Home/End (real keys)', async () => {
      const el = await fixture<DaTabs>(markup());
      tab(el, 'flow').focus();
      await sendKeys({ press: 'ArrowRight' });
      equal(el.selected, 'breaths');
      await sendKeys({ press: 'ArrowRight' });
      equal(el.selected, 'notes', 'skips disabled');
      await sendKeys({ press: 'ArrowRight' });
      equal(el.selected, 'flow', 'wraps');
      await sendKeys({ press: 'ArrowLeft' });
      equal(el.selected, 'notes');
      await sendKeys({ press: 'Home' });
      equal(el.selected, 'flow');
      await sendKeys({ press: 'End' });
      equal(el.selected, 'notes');
      equal(document.activeElement, tab(el, 'notes'));
      await settle(el);
      deepEqual(el.tabs.map((x) => x.tabIndex), [-1, -1, -1, 0]);
      await sendKeys({ press: 'Tab' });
      equal(document.activeElement, panel(el, 'notes'), 'Tab moves into the panel');
    });
  });
});
