import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { tokens } from '../shared/tokens.styles.ts';
import { emit } from '../../events.ts';
import { stampTemplates } from '../shared/lazy-template.ts';
import { BindController } from '../../store/bind.ts';
import { expanderStyles } from './expander.styles.ts';

/**
 * @summary A collapsible section: a real button with `aria-expanded` toggles the content, which
 * is rendered only once first opened (unless `eager`).
 *
 * @slot - The content. A `<template>` child is stamped into the light DOM on first open, so plain
 *   HTML can defer expensive markup.
 * @slot summary - Overrides the `summary` attribute with rich content.
 *
 * @event da-toggle - After the user opened or closed it. Detail `{ open: boolean }`.
 *
 * @csspart base - The wrapper.
 * @csspart header - The toggle `<button>`.
 * @csspart summary - The summary text inside the button.
 * @csspart icon - The chevron.
 * @csspart content - The content region.
 *
 * @cssproperty --da-expander-border-color - Border colour.
 * @cssproperty --da-expander-background - Background.
 * @cssproperty --da-expander-duration - Chevron rotation time.
 */
export class DaExpander extends LitElement {
  static override styles = [tokens, expanderStyles];
  static override shadowRootOptions = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** Header text. */
  @property() summary = '';
  /** Whether the content is shown. */
  @property({ type: Boolean, reflect: true }) open = false;
  /** Render (and stamp templates) immediately rather than on first open. */
  @property({ type: Boolean }) eager = false;
  /** Disables the toggle button: the section stays as it is. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Becomes true on first open (or immediately with `eager`) and stays true. */
  @state() private rendered = false;

  constructor() {
    super();
    new BindController<DaExpander>(this, {
      read: (el, v) => (el.open = !!v),
      event: 'da-toggle',
      write: (el) => el.open,
    });
  }

  /** Opens or closes (or flips) it; emits `da-toggle` when the state changes. */
  toggle(open = !this.open): void {
    if (open === this.open) return;
    this.open = open;
    emit(this, 'da-toggle', { open });
  }
  show(): void {
    this.toggle(true);
  }
  hide(): void {
    this.toggle(false);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('open') || changed.has('eager')) && (this.open || this.eager) && !this.rendered) {
      this.rendered = true;
      stampTemplates(this);
    }
  }

  private onClick(): void {
    if (!this.disabled) this.toggle();
  }

  protected override render() {
    return html`
      <div class="base" part="base">
        <button
          class="header"
          part="header"
          id="header"
          type="button"
          aria-expanded=${this.open ? 'true' : 'false'}
          aria-controls="content"
          ?disabled=${this.disabled}
          @click=${this.onClick}
        >
          <span class="icon" part="icon" aria-hidden="true">▸</span>
          <span class="summary" part="summary"><slot name="summary">${this.summary}</slot></span>
        </button>
        <div class="content" part="content" id="content" role="region" aria-labelledby="header" ?hidden=${!this.open}>
          ${this.rendered ? html`<slot></slot>` : nothing}
        </div>
      </div>
    `;
  }
}
