import { LitElement, html, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { tokens } from '../shared/tokens.styles.ts';
import { emit } from '../../events.ts';
import { BindController } from '../../store/bind.ts';
import { devWarn } from '../shared/dev.ts';
import { tabsStyles } from './tabs.styles.ts';

/**
 * @summary Tabs after the WAI-ARIA tabs pattern: `da-tab` children form the tablist, `da-tab-panel`
 * children the panels; Left/Right move and select (wrapping), Home/End jump, only the selected
 * tab is in the tab order.
 *
 * ```html
 * <da-tabs selected="flow" label="Views">
 *   <da-tab panel="flow">Flow</da-tab> <da-tab panel="table">Table</da-tab>
 *   <da-tab-panel name="flow">…</da-tab-panel> <da-tab-panel name="table">…</da-tab-panel>
 * </da-tabs>
 * ```
 *
 * @slot nav - The `da-tab` elements (assigned automatically).
 * @slot - The `da-tab-panel` elements.
 *
 * @event da-tab-change - After the user selected another tab. Detail `{ name: string }`.
 *
 * @csspart tablist - The `role="tablist"` row.
 * @csspart panels - The panels' wrapper.
 *
 * @cssproperty --da-tabs-indicator-color - Underline of the selected tab.
 * @cssproperty --da-tabs-border-color - Line under the tablist.
 */
export class DaTabs extends LitElement {
  static override styles = [tokens, tabsStyles];

  /** Name of the selected tab/panel; defaults to the first enabled tab. */
  @property({ reflect: true }) selected = '';
  /** Accessible name of the tablist. */
  @property() label = '';

  constructor() {
    super();
    new BindController<DaTabs>(this, {
      read: (el, v) => (el.selected = v == null ? '' : String(v)),
      event: 'da-tab-change',
      write: (el) => el.selected,
    });
    this.addEventListener('click', (e) => this.onClick(e));
    this.addEventListener('keydown', (e) => this.onKeydown(e));
  }

  /** The `da-tab` children, in order. */
  get tabs(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>(':scope > da-tab')];
  }
  /** The `da-tab-panel` children, in order. */
  get panels(): HTMLElement[] {
    return [...this.querySelectorAll<HTMLElement>(':scope > da-tab-panel')];
  }

  /** Selects a tab by name; `focus` moves focus to it. Does not emit (the user's choice does). */
  select(name: string, focus = false): void {
    this.selected = name;
    this.sync();
    if (focus) this.tabs.find((t) => t.getAttribute('panel') === name)?.focus();
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // Resolve the default/disabled fallback before render, so updated() changes no property.
    const name = this.currentTab()?.getAttribute('panel');
    if (name != null) this.selected = name;
  }

  protected override updated(_changed: PropertyValues<this>): void {
    this.sync();
  }

  private currentTab(): HTMLElement | undefined {
    const tabs = this.tabs;
    return (
      tabs.find((t) => t.getAttribute('panel') === this.selected && !t.hasAttribute('disabled')) ??
      tabs.find((t) => !t.hasAttribute('disabled'))
    );
  }

  /** Applies selection and ARIA to the light-DOM children (works before they upgrade). */
  private sync(): void {
    const tabs = this.tabs;
    const current = this.currentTab();
    const name = current?.getAttribute('panel') ?? '';
    if (name !== this.selected && current) this.selected = name;
    const panels = this.panels;
    for (const tab of tabs) {
      const on = tab === current;
      const panel = panels.find((p) => p.getAttribute('name') === tab.getAttribute('panel'));
      tab.setAttribute('role', 'tab'); // also before da-tab is defined
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      if (tab.hasAttribute('disabled')) tab.setAttribute('aria-disabled', 'true');
      else tab.removeAttribute('aria-disabled');
      if (!panel && panels.length) devWarn(this, `no da-tab-panel name="${tab.getAttribute('panel')}" for a da-tab.`);
      if (panel) {
        if (!panel.id) panel.id = `${tab.id || 'da-tab'}-panel`;
        tab.setAttribute('aria-controls', panel.id);
        if (tab.id) panel.setAttribute('aria-labelledby', tab.id);
      }
    }
    for (const panel of panels) {
      panel.setAttribute('role', 'tabpanel');
      const on = panel.getAttribute('name') === name;
      panel.toggleAttribute('active', on);
      panel.hidden = !on;
      if (!panel.hasAttribute('tabindex')) panel.tabIndex = 0;
    }
  }

  private tabFrom(e: Event): HTMLElement | undefined {
    return this.tabs.find((t) => e.composedPath().includes(t));
  }

  private choose(tab: HTMLElement | undefined): void {
    if (!tab || tab.hasAttribute('disabled')) return;
    const name = tab.getAttribute('panel') ?? '';
    const changed = name !== this.selected;
    this.select(name, true);
    if (changed) emit(this, 'da-tab-change', { name });
  }

  private onClick(e: MouseEvent): void {
    const tab = this.tabFrom(e);
    if (tab) this.choose(tab);
  }

  private onKeydown(e: KeyboardEvent): void {
    const tab = this.tabFrom(e);
    if (!tab) return;
    const enabled = this.tabs.filter((t) => !t.hasAttribute('disabled'));
    const i = enabled.indexOf(tab);
    const rtl = getComputedStyle(this).direction === 'rtl';
    let next: HTMLElement | undefined;
    switch (e.key) {
      case 'ArrowRight':
        next = enabled[(i + (rtl ? -1 : 1) + enabled.length) % enabled.length];
        break;
      case 'ArrowLeft':
        next = enabled[(i + (rtl ? 1 : -1) + enabled.length) % enabled.length];
        break;
      case 'Home':
        next = enabled[0];
        break;
      case 'End':
        next = enabled[enabled.length - 1];
        break;
      case 'Enter':
      case ' ':
        next = tab;
        break;
      default:
        return;
    }
    e.preventDefault();
    this.choose(next);
  }

  protected override render() {
    return html`
      <div class="tablist" part="tablist" role="tablist" aria-label=${this.label || 'Tabs'}>
        <slot name="nav" @slotchange=${() => this.sync()}></slot>
      </div>
      <div class="panels" part="panels"><slot @slotchange=${() => this.sync()}></slot></div>
    `;
  }
}
