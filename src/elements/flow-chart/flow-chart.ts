import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type uPlot from 'uplot';
import { loadUplot, uplotRuntime } from './uplot-loader.ts';
import { flowChartStyles } from './flow-chart.styles.ts';
import { tokens } from '../shared/tokens.styles.ts';
import { emit, type DaZoomDetail } from '../../events.ts';
import type { FlowEnvelope } from '../../core/envelope.ts';
import { ChartColorReader, type ChartColors } from './chart-colors.ts';
import { chartOptions } from './chart-options.ts';
import { drawApneas, drawBreaths } from './chart-overlays.ts';
import type { ChartEvent, EventIndex } from './chart-events.ts';
import { base64Payload, chartImageURL } from './chart-image.ts';
import { VisibleData } from './visible-data.ts';
import { ZoomGestures, clampRange } from './zoom.ts';
import { LocaleController } from '../shared/locale.ts';

/** Sorted time column (s) and the flow column (m³/s) of the same length. */
export interface FlowData {
  time: Float64Array;
  flow: Float64Array;
}

/** Min/max of the flow per bucket over the whole record, as the analysis worker returns it. */
export type { FlowEnvelope } from '../../core/envelope.ts';

export type ChartImageType = 'image/png' | 'image/jpeg';
export type { ChartEvent } from './chart-events.ts';

/**
 * @summary A respiratory flow chart: uPlot in the shadow root, decimated to the pixel width so a
 * whole night (millions of samples) stays smooth, with breaths, apnea spans, zoom, pan and export.
 *
 * Drag across the plot to zoom into a time range, double-click (or press 0 / Home) to reset,
 * + and − to zoom, arrow keys (or Shift+drag, Shift+wheel) to pan, Ctrl+wheel to zoom.
 *
 * @event da-zoom - The visible time range changed (user or API). `detail: {min, max}` in seconds.
 * @event da-draw - The chart finished drawing. `detail: {ms}`, time since the change that caused it.
 *
 * @csspart base - The chart's box (background).
 * @csspart plot - The focusable region that holds uPlot (role="img").
 * @csspart canvas - uPlot's canvas (series, axes, grid, marks).
 * @csspart empty - The "No data" message.
 * @csspart loading - The loading overlay.
 *
 * @cssproperty --da-chart-line - Flow line colour.
 * @cssproperty --da-chart-fill - Fill under the flow line.
 * @cssproperty --da-chart-grid - Grid and tick colour.
 * @cssproperty --da-chart-axis - Axis values and labels colour.
 * @cssproperty --da-chart-apnea - Shading of apnea spans and of `events` of kind `apnea`.
 * @cssproperty --da-chart-hypopnea - Hatching of `events` of kind `hypopnea`.
 * @cssproperty --da-chart-event-edge - Edges of `events` (solid: apnea, dashed: hypopnea, dotted: flag).
 * @cssproperty --da-chart-breath - Breath ticks on the time axis.
 * @cssproperty --da-chart-background - Background (also of exported images).
 * @cssproperty --da-chart-font - Font of axis values and labels (a CSS `font` shorthand in px).
 * @cssproperty --da-chart-height - Height of the element (default 300px).
 * @cssproperty --da-chart-focus-ring - Focus ring colour.
 * @cssproperty --da-chart-radius - Corner radius of the base.
 */
export class DaFlowChart extends LitElement {
  static override styles = [tokens, flowChartStyles]; // uPlot's CSS comes with uPlot (uplot-loader.ts)
  static override shadowRootOptions: ShadowRootInit = { ...LitElement.shadowRootOptions, delegatesFocus: true };

  /** Sample times in seconds, sorted ascending. */
  @property({ attribute: false }) time?: Float64Array;
  /** Flow samples (m³/s), same length as `time`. */
  @property({ attribute: false }) flow?: Float64Array;
  /** Both columns at once; setting it sets `time` and `flow`. */
  @property({ attribute: false }) data?: FlowData;
  /** Optional min/max envelope over the whole record; used for the zoomed-out first draw. */
  @property({ attribute: false }) envelope?: FlowEnvelope;
  /** Breath start times (s), drawn as ticks on the time axis. */
  @property({ attribute: false }) breathTimes: number[] = [];
  /** Apnea spans `[start, end]` (s), shaded. */
  @property({ attribute: false }) apneaSpans: Array<[number, number]> = [];
  /** Scored events as bands: apneas solid, hypopneas hatched, flags as edges; only the visible ones are drawn, in one pass. */
  @property({ attribute: false }) events: ChartEvent[] = [];
  /** Time axis label (defaults to the locale's "Time (s)"). */
  @property({ attribute: 'x-label' }) xLabel = '';
  /** Flow axis label (defaults to the locale's "Flow (m³/s)"). */
  @property({ attribute: 'y-label' }) yLabel = '';
  /** Accessible name of the chart (defaults to the locale's "Flow"). */
  @property() label = '';
  /** Shows a loading overlay and sets `aria-busy`. */
  @property({ type: Boolean, reflect: true }) loading = false;
  /**
   * `light` or `dark` (sets `color-scheme` on the element); unset inherits `color-scheme` from the
   * page like every element (light by default; an ancestor's `color-scheme: light dark` follows the OS).
   */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  @state() private view: DaZoomDetail | null = null;
  @query('.plot') private plotEl!: HTMLDivElement;
  private readonly t = new LocaleController(this);

  private uplot: uPlot | null = null;
  private readonly visible = new VisibleData(this);
  private readonly colorReader = new ChartColorReader(this);
  private readonly zoom = new ZoomGestures(this);
  private sortedBreaths: Float64Array = new Float64Array(0);
  private eventIndex: EventIndex | null = null; // built on the first draw after `events` changes
  private colors: ChartColors | null = null;
  private size = { width: 0, height: 0 };
  private resizeObserver: ResizeObserver | null = null;
  private darkQuery: MediaQueryList | null = null;
  private changeStart = 0;
  private applying = false;
  private resizeFrame = 0;

  /** The uPlot instance (null while there is no data or no size). Wrapped, not hidden. */
  get chart(): uPlot | null {
    return this.uplot;
  }

  /** The visible time range, or null without data. */
  get xRange(): DaZoomDetail | null {
    return this.view ? { ...this.view } : null;
  }

  /** The time range of the whole record, or null without data. */
  get fullRange(): DaZoomDetail | null {
    const { time, envelope } = this;
    if (time && time.length > 0) return { min: time[0]!, max: time[time.length - 1]! };
    if (envelope && envelope.time.length > 0) {
      const n = envelope.time.length;
      const width = n > 1 ? envelope.time[n - 1]! - envelope.time[n - 2]! : 1;
      return { min: envelope.time[0]!, max: envelope.time[n - 1]! + width };
    }
    return null;
  }

  /** Zooms to `[min, max]` (clamped to the record) and emits `da-zoom` if the range changed. */
  zoomTo(min: number, max: number): void {
    const range = clampRange(this.fullRange, this.time?.length ?? this.envelope?.time.length ?? 2, min, max);
    if (!range) return;
    const { min: lo, max: hi } = range;
    if (this.view && this.view.min === lo && this.view.max === hi) return;
    this.changeStart = performance.now();
    this.view = { min: lo, max: hi };
    this.applyView();
    emit(this, 'da-zoom', { min: lo, max: hi });
  }

  /** Zooms by `factor` (< 1 zooms in) around `center` (default: the middle of the view). */
  zoomBy(factor: number, center?: number): void {
    if (!this.view) return;
    const { min, max } = this.view;
    const c = center ?? (min + max) / 2;
    this.zoomTo(c - (c - min) * factor, c + (max - c) * factor);
  }

  /** Pans by a fraction of the visible span (negative: earlier). */
  panBy(fraction: number): void {
    if (!this.view) return;
    const shift = (this.view.max - this.view.min) * fraction;
    this.zoomTo(this.view.min + shift, this.view.max + shift);
  }

  /** Shows the whole record. */
  resetZoom(): void {
    const full = this.fullRange;
    if (full) this.zoomTo(full.min, full.max);
  }

  /**
   * Re-creates the chart, re-reading every token (including the font). Colour tokens are read on
   * each draw anyway; call this after changing `--da-chart-font` or tokens with nothing else to redraw.
   */
  redraw(): void {
    this.rebuild();
  }

  /**
   * The chart with axes and marks as a data URL, on the background colour (so JPEG is not black).
   * Without data, an image of the empty chart area.
   */
  toDataURL(type: ChartImageType = 'image/png', quality?: number): string {
    const size = () => ({ width: this.size.width || this.clientWidth || 300, height: this.size.height || this.clientHeight || 150 });
    return chartImageURL(this.uplot?.ctx.canvas ?? null, this.colorReader.read(), size, type, quality);
  }

  /** Like {@link toDataURL} but only the base64 payload, without the `data:...;base64,` prefix. */
  toBase64(type: ChartImageType = 'image/png', quality?: number): string {
    return base64Payload(this.toDataURL(type, quality));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // The canvas colours are resolved when it draws, so an OS switch must redraw: it flips the
    // scheme where an ancestor sets `color-scheme: light dark` (without `theme`).
    this.darkQuery = window.matchMedia('(prefers-color-scheme: dark)');
    this.darkQuery.addEventListener('change', this.onSchemeChange);
    if (this.hasUpdated) this.observeSize();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.darkQuery?.removeEventListener('change', this.onSchemeChange);
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    cancelAnimationFrame(this.resizeFrame);
    this.visible.cancel();
    this.destroyChart();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('data')) {
      this.time = this.data?.time;
      this.flow = this.data?.flow;
    }
    if (changed.has('time') || changed.has('flow') || changed.has('envelope')) {
      if (this.time && this.flow && this.time.length !== this.flow.length) {
        console.warn(`da-flow-chart: time (${this.time.length}) and flow (${this.flow.length}) differ in length`);
      }
      this.changeStart = performance.now();
      this.visible.reset();
      this.view = this.fullRange;
    }
    if (changed.has('breathTimes')) {
      this.sortedBreaths = Float64Array.from(this.breathTimes ?? []).sort();
    }
    if (changed.has('events')) this.eventIndex = null;
  }

  protected override firstUpdated(): void {
    this.observeSize();
  }

  protected override updated(changed: PropertyValues<this>): void {
    const dataChanged = changed.has('time') || changed.has('flow') || changed.has('envelope');
    if (changed.has('xLabel') || changed.has('yLabel') || (dataChanged && !this.uplot)) {
      this.rebuild();
    } else if (dataChanged) {
      this.applyView();
    } else if (changed.has('breathTimes') || changed.has('apneaSpans') || changed.has('events') || changed.has('theme')) {
      this.changeStart = performance.now();
      this.uplot?.redraw(false);
    }
  }

  protected override render() {
    const empty = !this.fullRange;
    return html`
      <div part="base" class="base">
        <div
          part="plot"
          class="plot"
          role="img"
          tabindex="0"
          aria-label=${this.describe()}
          aria-describedby="help"
          aria-busy=${this.loading ? 'true' : 'false'}
          @keydown=${this.zoom.onKeyDown}
          @wheel=${this.zoom.onWheel}
          @mousedown=${{ handleEvent: (e: MouseEvent) => this.zoom.onPanStart(e), capture: true }}
        ></div>
        <div id="help" hidden>Drag to zoom into a time range; plus and minus zoom, arrow keys pan, 0 or Home resets.</div>
        ${empty && !this.loading ? html`<div part="empty" class="empty">${this.t.s.noData}</div>` : nothing}
        ${this.loading ? html`<div part="loading" class="loading" role="status">${this.t.s.loading}</div>` : nothing}
      </div>
    `;
  }

  private describe(): string {
    const full = this.fullRange;
    const label = this.label || this.t.s.flow;
    if (!full) return `${label}: no data`;
    const count = this.time?.length ?? 0;
    const parts = [`${label}: ${count ? `${count.toLocaleString('en')} samples, ` : ''}${fmt(full.min)} to ${fmt(full.max)} s`];
    if (this.view && (this.view.min !== full.min || this.view.max !== full.max)) {
      parts.push(`showing ${fmt(this.view.min)} to ${fmt(this.view.max)} s`);
    }
    if (this.breathTimes?.length) parts.push(`${this.breathTimes.length} breaths`);
    if (this.apneaSpans?.length) parts.push(`${this.apneaSpans.length} apnea spans`);
    if (this.events?.length) parts.push(`${this.events.length} scored events`);
    return parts.join('; ');
  }

  private observeSize(): void {
    if (this.resizeObserver) return;
    this.resizeObserver = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]!.contentRect;
      // Drawn in the next frame: redrawing (and the da-draw listeners) inside the observer
      // callback could change layout again and trip the "ResizeObserver loop" error.
      cancelAnimationFrame(this.resizeFrame);
      this.resizeFrame = requestAnimationFrame(() => this.onResize(Math.floor(box.width), Math.floor(box.height)));
    });
    this.resizeObserver.observe(this.plotEl);
  }

  private onResize(width: number, height: number): void {
    if (!this.isConnected) return;
    if (width === this.size.width && height === this.size.height && this.uplot) return;
    this.size = { width, height };
    if (!this.uplot) {
      this.rebuild();
      return;
    }
    this.changeStart = performance.now();
    this.quietly(() => this.uplot!.setSize({ width, height }));
    this.applyView();
  }

  private readonly onSchemeChange = (): void => {
    if (!this.theme) this.uplot?.redraw(false);
  };

  private destroyChart(): void {
    this.uplot?.destroy();
    this.uplot = null;
  }

  /** Creates uPlot anew (options such as colours, fonts and labels are fixed at creation). */
  private rebuild(): void {
    this.destroyChart();
    const { width, height } = this.size;
    if (!this.isConnected || !this.view || width < 2 || height < 2) return;
    const UPlot = loadUplot(this, this.renderRoot as ShadowRoot, () => this.rebuild()); // loaded on first draw
    if (!UPlot) return;
    if (!this.changeStart) this.changeStart = performance.now();
    const colors = (this.colors = this.colorReader.read());
    const opts = chartOptions({
      width,
      height,
      view: this.view,
      xLabel: this.xLabel || this.t.s.timeAxis,
      yLabel: this.yLabel || this.t.s.flowAxis,
      label: this.label || this.t.s.flow,
      colors,
      currentColors: () => this.colors ?? colors,
      on: {
        drawClear: (u) => {
          this.colors = this.colorReader.read();
          if (this.apneaSpans?.length && this.colors) drawApneas(u, this.apneaSpans, this.colors.apnea);
          const rt = uplotRuntime(); // loaded: uPlot is drawing
          if (this.events?.length && this.colors && rt) rt.drawEvents(u, (this.eventIndex ??= rt.indexEvents(this.events)), { ...this.colors, edge: this.colors.eventEdge });
        },
        draw: (u) => this.onDraw(u),
        select: this.zoom.onSelect,
        scale: (u, key) => this.onExternalScale(u, key),
        reset: () => this.resetZoom(),
      },
    });
    const uplot = (this.uplot = this.quietly(() => new UPlot(opts, this.visibleData(), this.plotEl)));
    uplot.ctx.canvas.setAttribute('part', 'canvas');
  }

  /** Replaces uPlot's data with the decimated visible range and draws synchronously. */
  private applyView(): void {
    const u = this.uplot;
    const view = this.view;
    if (!view) {
      this.destroyChart();
      return;
    }
    if (!u) {
      this.rebuild();
      return;
    }
    const data = this.visibleData();
    this.quietly(() => u.batch(() => {
      u.setData(data, false);
      u.setScale('x', { min: view.min, max: view.max });
    }));
  }

  /** Runs `fn` with scale changes marked as the element's own (not an external `setScale`). */
  private quietly<T>(fn: () => T): T {
    this.applying = true;
    try {
      return fn();
    } finally {
      this.applying = false;
    }
  }

  private visibleData(): uPlot.AlignedData {
    return this.visible.get(this.view!, Math.max(1, this.size.width));
  }

  private onDraw(u: uPlot): void {
    if (this.sortedBreaths.length && this.colors) drawBreaths(u, this.sortedBreaths, this.colors.breath);
    const ms = performance.now() - (this.changeStart || performance.now());
    this.changeStart = 0;
    emit(this, 'da-draw', { ms });
  }

  /** Someone called `chart.setScale('x', ...)` directly: re-decimate for the new range. */
  private onExternalScale(u: uPlot, key: string): void {
    if (key !== 'x' || this.applying) return;
    const { min, max } = u.scales.x;
    if (min == null || max == null) return;
    queueMicrotask(() => this.zoomTo(min, max));
  }
}

const fmt = (seconds: number) => (Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(Math.abs(seconds) < 10 ? 2 : 1));
