import { LitElement, html, isServer, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { tokens } from '../shared/tokens.styles.ts';
import { emit } from '../../events.ts';
import { BindController } from '../../store/bind.ts';
import { devWarn } from '../shared/dev.ts';
import { tabsStyles } from './tabs.styles.ts';
import type { DaTab } from './tab.ts';
import type { DaTabPanel } from './tab-panel.ts';
import { LocaleController } from '../shared/locale.ts';

// A child's own properties, else its attributes: a property set on a `da-tab` before it was defined
// or before its first update (which reflects it) counts as much as its attribute.
const panelOf = (tab: Element): string => (tab as Partial<DaTab>).panel ?? tab.getAttribute('panel') ?? '';
const isDisabled = (tab: Element): boolean => (tab as Partial<DaTab>).disabled ?? tab.hasAttribute('disabled');
const nameOf = (panel: Element): string => (panel as Partial<DaTabPanel>).name ?? panel.getAttribute('name') ?? '';

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
  private readonly t = new LocaleController(this);

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

  /** The `da-tab` children, in order (none on the server: SSR does not see the light DOM; the client syncs them). */
  get tabs(): HTMLElement[] {
    if (isServer) return [];
    return [...this.querySelectorAll<HTMLElement>(':scope > da-tab')];
  }
  /** The `da-tab-panel` children, in order. */
  get panels(): HTMLElement[] {
    if (isServer) return [];
    return [...this.querySelectorAll<HTMLElement>(':scope > da-tab-panel')];
  }

  /** Selects a tab by name; `focus` moves focus to it. Does not emit (the user's choice does). */
  select(name: string, focus = false): void {
    this.selected = name;
    this.sync();
    if (focus) this.tabs.find((t) => panelOf(t) === name)?.focus();
  }

  protected override async scheduleUpdate(): Promise<void> {
    // The first time, let the tabs and panels apply their properties first: connected together,
    // this element upgrades before its children, and a property set on a `da-tab` before it was
    // defined is applied only in its first update. Resolving earlier would lose `selected`.
    if (!this.hasUpdated) await Promise.allSettled([...this.children].map((c) => (c as Partial<LitElement>).updateComplete));
    super.scheduleUpdate();
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    // Resolve the default/disabled fallback before render, so updated() changes no property.
    const current = this.currentTab();
    if (current) this.selected = panelOf(current);
  }

  protected override updated(_changed: PropertyValues<this>): void {
    this.sync();
  }

  private currentTab(): HTMLElement | undefined {
    const tabs = this.tabs;
    return (
      tabs.find((t) => panelOf(t) === this.selected && !isDisabled(t)) ??
      tabs.find((t) => !isDisabled(t))
    );
  }

  /** Applies selection and ARIA to the light-DOM children (works before they upgrade). */
  private sync(): void {
    const tabs = this.tabs;
    const current = this.currentTab();
    const name = current ? panelOf(current) : '';
    if (name !== this.selected && current) this.selected = name;
    const panels = this.panels;
    for (const tab of tabs) {
      const on = tab === current;
      const panel = panels.find((p) => nameOf(p) === panelOf(tab));
      tab.setAttribute('role', 'tab'); // also before da-tab is defined
      tab.setAttribute('aria-selected', String(on));
      tab.tabIndex = on ? 0 : -1;
      if (isDisabled(tab)) tab.setAttribute('aria-disabled', 'true');
      else tab.removeAttribute('aria-disabled');
      if (!panel && panels.length) devWarn(this, `no da-tab-panel name="${panelOf(tab)}" for a da-tab.`);
      if (panel) {
        if (!panel.id) panel.id = `${tab.id || 'da-tab'}-panel`;
        tab.setAttribute('aria-controls', panel.id);
        if (tab.id) panel.setAttribute('aria-labelledby', tab.id);
      }
    }
    for (const panel of panels) {
      panel.setAttribute('role', 'tabpanel');
      const on = nameOf(panel) === name;
      panel.toggleAttribute('active', on);
      panel.hidden = !on;
      if (!panel.hasAttribute('tabindex')) panel.tabIndex = 0;
    }
  }

  private tabFrom(e: Event): HTMLElement | undefined {
    return this.tabs.find((t) => e.composedPath().includes(t));
  }

  private choose(tab: HTMLElement | undefined): void {
    if (!tab || isDisabled(tab)) return;
    const name = panelOf(tab);
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
    const enabled = this.tabs.filter((t) => !isDisabled(t));
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
      <div class="tablist" part="tablist" role="tablist" aria-label=${this.label || this.t.s.tabs}>
        <slot name="nav" @slotchange=${() => this.sync()}></slot>
      </div>
      <div class="panels" part="panels"><slot @slotchange=${() => this.sync()}></slot></div>
    `;
  }
}
