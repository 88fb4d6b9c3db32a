import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { tokens } from '../shared/tokens.styles.ts';
import { stampTemplates } from '../shared/lazy-template.ts';
import { tabPanelStyles } from './tabs.styles.ts';

let nextId = 0;

/**
 * @summary One panel of a `da-tabs`. Hidden (`hidden` attribute) unless selected; its content is
 * rendered only once it is first selected (unless `eager`).
 *
 * @slot - The panel content. A `<template>` child is stamped into the light DOM on first show.
 * @csspart base - The content wrapper.
 */
export class DaTabPanel extends LitElement {
  static override styles = [tokens, tabPanelStyles];

  /** Name matched by a `da-tab`'s `panel` attribute. */
  @property({ reflect: true }) name = '';
  /** Set by `da-tabs` on the selected panel. */
  @property({ type: Boolean, reflect: true }) active = false;
  /** Render at once rather than on first selection. */
  @property({ type: Boolean }) eager = false;

  @state() private rendered = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.id ||= `da-tab-panel-${++nextId}`;
    this.setAttribute('role', 'tabpanel');
    if (!this.active) this.hidden = true;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('active')) this.hidden = !this.active;
    if ((this.active || this.eager) && !this.rendered) {
      this.rendered = true;
      stampTemplates(this);
    }
  }

  protected override render() {
    return this.rendered ? html`<div part="base"><slot></slot></div>` : nothing;
  }
}
