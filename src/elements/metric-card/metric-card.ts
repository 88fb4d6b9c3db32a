import { LitElement, html, isServer, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { tokens } from '../shared/tokens.styles.ts';
import { BindController } from '../../store/bind.ts';
import { metricCardStyles } from './metric-card.styles.ts';
import { LocaleController } from '../shared/locale.ts';

export type MetricValue = number | string | null | undefined;
export type DeltaDirection = 'up' | 'down' | 'none';

let nextId = 0;

/** A numeric-looking attribute becomes a number; anything else stays a string. */
const numberOrString = {
  fromAttribute: (v: string | null): MetricValue =>
    v === null ? null : v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v,
};

/**
 * @summary One figure with label, unit, optional delta and an alert state (e.g. an apnea count at or above its threshold).
 *
 * @slot label - Overrides the `label` attribute.
 * @slot footer - Extra content under the value (a note, a link).
 *
 * @csspart base - The card (a `role="group"` labelled by the label).
 * @csspart label - The label.
 * @csspart value - The formatted value with its unit (or the placeholder).
 * @csspart unit - The unit.
 * @csspart delta - The delta line.
 * @csspart alert - The live region announcing the alert text.
 *
 * @cssproperty --da-metric-background - Card background.
 * @cssproperty --da-metric-border-color - Card border.
 * @cssproperty --da-metric-alert-color - Border, stripe and text colour while alerting.
 * @cssproperty --da-metric-value-size - Font size of the value.
 *
 * Custom state `:state(alert)` matches while alerting (style from outside with
 * `da-metric-card:state(alert)`).
 */
export class DaMetricCard extends LitElement {
  static override styles = [tokens, metricCardStyles];

  /** What the figure is (the `label` slot overrides it); also the card's accessible name. */
  @property() label = '';
  /** The figure: a number (formatted with `precision`), a string shown as is, or null for none. */
  @property({ converter: numberOrString }) value: MetricValue = null;
  /** Unit shown after the value, e.g. `cmH2O`. */
  @property() unit = '';
  /** Fraction digits for a numeric value (and delta); unset: as is, up to 3 digits. */
  @property({ type: Number }) precision?: number;
  /** Shown when value is null, undefined, '' or NaN. */
  /** Defaults to the locale's "Not measured". */
  @property() placeholder = '';
  /** Change since a reference (signed). Null: no delta line. */
  @property({ type: Number }) delta: number | null = null;
  /** Direction of the arrow; by default from the sign of `delta`. */
  @property({ attribute: 'delta-direction' }) deltaDirection?: DeltaDirection;
  /** Up is bad (red) and down is good (green), e.g. for apnea counts. */
  @property({ type: Boolean, reflect: true }) inverse = false;
  /** Forces the alert state. */
  @property({ type: Boolean, reflect: true }) alert = false;
  /** Alert when the numeric value is >= this (or <= with `alert-below`). */
  @property({ type: Number, attribute: 'alert-threshold' }) alertThreshold?: number;
  /** Compare with `value <= alert-threshold` instead of `>=`. */
  @property({ type: Boolean, attribute: 'alert-below' }) alertBelow = false;
  /** Text shown and announced while alerting. */
  /** Defaults to the locale's "Alert". */
  @property({ attribute: 'alert-text' }) alertText = '';

  private readonly internals = this.attachInternals();
  private readonly t = new LocaleController(this);
  private readonly labelId = `da-metric-label-${++nextId}`;

  constructor() {
    super();
    new BindController<DaMetricCard>(this, { read: (el, v) => (el.value = v as MetricValue) });
  }

  /** True while the card is in its alert state (`alert`, or the threshold is reached). */
  get alerting(): boolean {
    if (this.alert) return true;
    const v = typeof this.value === 'string' ? Number(this.value) : this.value;
    if (this.alertThreshold == null || v == null || !Number.isFinite(v)) return false;
    return this.alertBelow ? v <= this.alertThreshold : v >= this.alertThreshold;
  }

  /** The value as displayed (without unit), or '' when there is none. */
  get formattedValue(): string {
    const v = this.value;
    if (v == null || v === '' || (typeof v === 'number' && Number.isNaN(v))) return '';
    return typeof v === 'number' ? this.format(v) : String(v);
  }

  private format(n: number, signed = false): string {
    const digits = this.precision;
    const pageLang = isServer ? '' : document.documentElement.lang; // no document on the server (SSR)
    return new Intl.NumberFormat(this.t.lang || pageLang, {
      minimumFractionDigits: digits ?? 0,
      maximumFractionDigits: digits ?? 3,
      signDisplay: signed ? 'exceptZero' : 'auto',
    }).format(n);
  }

  protected override updated(_changed: PropertyValues<this>): void {
    if (this.alerting) this.internals.states.add('alert');
    else this.internals.states.delete('alert');
  }

  private renderDelta() {
    if (this.delta == null || Number.isNaN(this.delta)) return nothing;
    const dir: DeltaDirection = this.deltaDirection ?? (this.delta > 0 ? 'up' : this.delta < 0 ? 'down' : 'none');
    const good = dir === 'none' ? 'neutral' : (dir === 'up') !== this.inverse ? 'good' : 'bad';
    const arrow = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '●';
    const words = dir === 'up' ? this.t.s.up : dir === 'down' ? this.t.s.down : this.t.s.unchanged;
    return html`<div class="delta ${good}" part="delta">
      <span aria-hidden="true">${arrow}</span>
      <span class="visually-hidden">${words}</span>
      ${this.format(this.delta, true)}${this.unit ? ` ${this.unit}` : ''}
    </div>`;
  }

  protected override render() {
    const text = this.formattedValue;
    const alerting = this.alerting;
    return html`
      <div class="card" part="base" role="group" aria-labelledby=${this.labelId}>
        <div class="label" part="label" id=${this.labelId}><slot name="label">${this.label}</slot></div>
        <div class="value" part="value">
          ${text
            ? html`${text}${this.unit ? html` <span class="unit" part="unit">${this.unit}</span>` : nothing}`
            : html`<span class="placeholder">${this.placeholder || this.t.s.notMeasured}</span>`}
        </div>
        ${this.renderDelta()}
        <div class="badge" part="alert" role="status" aria-live="polite">${alerting ? this.alertText || this.t.s.alert : ''}</div>
        <slot name="footer"></slot>
      </div>
    `;
  }
}
