import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import { tokens } from '../shared/tokens.styles.ts';
import { tabStyles } from './tabs.styles.ts';

let nextId = 0;

/**
 * @summary One tab of a `da-tabs`; `da-tabs` manages its role, `aria-selected`, `aria-controls`
 * and roving `tabindex`.
 *
 * @slot - The tab's label.
 * @csspart base - The label wrapper.
 */
export class DaTab extends LitElement {
  static override styles = [tokens, tabStyles];

  /** Name of the `da-tab-panel` this tab shows (also the name `da-tabs.selected` uses). */
  @property({ reflect: true }) panel = '';
  /** Disables the tab: it cannot be selected and is skipped by the arrow keys. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.id ||= `da-tab-${++nextId}`;
    this.setAttribute('role', 'tab');
    if (!this.slot) this.slot = 'nav';
  }

  protected override render() {
    return html`<span part="base"><slot></slot></span>`;
  }
}
