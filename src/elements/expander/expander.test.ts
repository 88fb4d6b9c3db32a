import './define.ts';
import type { DaExpander } from './expander.ts';
import { sendKeys } from '@web/test-runner-commands';
import { equal, ok, deepEqual, fixture, cleanup } from '../../../test/browser/assert.ts';
import { expectNoA11yViolations } from '../../../test/browser/a11y.ts';

const button = (el: DaExpander) => el.shadowRoot!.querySelector('button')!;
const content = (el: DaExpander) => el.shadowRoot!.querySelector<HTMLElement>('[part=content]')!;
const hasSlot = (el: DaExpander) => !!content(el).querySelector('slot');

describe('da-expander', () => {
  afterEach(cleanup);

  describe('accessibility', () => {
    it('has no axe violations closed, open and dark', async () => {
      const root = await fixture<HTMLDivElement>(`<div>
        <da-expander summary="Details"><p>Hidden text</p></da-expander>
        <da-expander summary="Open one" open><p>Shown text</p></da-expander>
        <div style="color-scheme: dark; background: #202124"><da-expander summary="Dark" open><p>x</p></da-expander></div>
      </div>`);
      await expectNoA11yViolations(root);
    });
    it('uses a button with aria-expanded and aria-controls', async () => {
      const el = await fixture<DaExpander>(`<da-expander summary="Details"><p>x</p></da-expander>`);
      equal(button(el).getAttribute('aria-expanded'), 'false');
      equal(button(el).getAttribute('aria-controls'), content(el).id);
      equal(button(el).textContent!.trim().replace(/\s+/g, ' '), '▸ Details');
    });
  });

  describe('properties and lazy rendering', () => {
    it('renders content only once first opened, then keeps it', async () => {
      const el = await fixture<DaExpander>(`<da-expander summary="D"><p>x</p></da-expander>`);
      ok(content(el).hidden);
      ok(!hasSlot(el));
      el.open = true;
      await el.updateComplete;
      ok(!content(el).hidden);
      ok(hasSlot(el));
      equal(el.getAttribute('open'), '');
      el.open = false;
      await el.updateComplete;
      ok(content(el).hidden);
      ok(hasSlot(el), 'stays rendered');
    });
    it('eager renders at once; templates are stamped on first open', async () => {
      const eager = await fixture<DaExpander>(`<da-expander summary="D" eager><p>x</p></da-expander>`);
      ok(hasSlot(eager));
      const el = await fixture<DaExpander>(`<da-expander summary="D"><template><p class="late">late</p></template></da-expander>`);
      equal(el.querySelector('.late'), null);
      el.setAttribute('open', '');
      await el.updateComplete;
      ok(el.querySelector('.late'));
    });
  });

  describe('events and keyboard', () => {
    it('click toggles and emits da-toggle', async () => {
      const el = await fixture<DaExpander>(`<da-expander summary="D"><p>x</p></da-expander>`);
      const seen: boolean[] = [];
      el.addEventListener('da-toggle', (e) => seen.push(e.detail.open));
      button(el).click();
      await el.updateComplete;
      ok(el.open);
      equal(button(el).getAttribute('aria-expanded'), 'true');
      button(el).click();
      await el.updateComplete;
      deepEqual(seen, [true, false]);
    });
    it('Enter and Space toggle (real keys)', async () => {
      const el = await fixture<DaExpander>(`<da-expander summary="D"><p>x</p></da-expander>`);
      el.focus();
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      ok(el.open, 'Enter opens');
      await sendKeys({ press: 'Space' });
      await el.updateComplete;
      ok(!el.open, 'Space closes');
    });
    it('disabled ignores clicks', async () => {
      const el = await fixture<DaExpander>(`<da-expander summary="D" disabled><p>x</p></da-expander>`);
      button(el).click();
      await el.updateComplete;
      ok(!el.open);
    });
  });
});
