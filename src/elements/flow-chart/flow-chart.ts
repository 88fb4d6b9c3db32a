import { LitElement, html, nothing, unsafeCSS, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { flowChartStyles } from './flow-chart.styles.ts';
import { tokens } from '../shared/tokens.styles.ts';
import { emit, type DaZoomDetail } from '../../events.ts';
import { MinMaxPyramid, envelopeByTime, envelopeToLine, lowerBound, upperBound } from './decimate.ts';
import type { FlowEnvelope } from '../../core/envelope.ts';

/** Sorted time column (s) and the flow column (m³/s) of the same length. */
export interface FlowData {
  time: Float64Array;
  flow: Float64Array;
}

/** Min/max of the flow per bucket over the whole record, as the analysis worker returns it. */
export type { FlowEnvelope } from '../../core/envelope.ts';

export type ChartImageType = 'image/png' | 'image/jpeg';

interface ChartColors {
  line: string;
  fill: string;
  grid: string;
  axis: string;
  apnea: string;
  breath: string;
  background: string;
  font: string;
}

/** Raw samples are drawn when at most this many fall in each pixel column. */
const RAW_POINTS_PER_PIXEL = 2;
const ZOOM_STEP = 0.5;
const PAN_STEP = 0.1;

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
 * @cssproperty --da-chart-apnea - Shading of apnea spans.
 * @cssproperty --da-chart-breath - Breath ticks on the time axis.
 * @cssproperty --da-chart-background - Background (also of exported images).
 * @cssproperty --da-chart-font - Font of axis values and labels (a CSS `font` shorthand in px).
 * @cssproperty --da-chart-height - Height of the element (default 300px).
 * @cssproperty --da-chart-focus-ring - Focus ring colour.
 * @cssproperty --da-chart-radius - Corner radius of the base.
 */
export class DaFlowChart extends LitElement {
  static override styles = [tokens, unsafeCSS(uplotCss), flowChartStyles];
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
  /** Time axis label. */
  @property({ attribute: 'x-label' }) xLabel = 'Time (s)';
  /** Flow axis label. */
  @property({ attribute: 'y-label' }) yLabel = 'Flow (m³/s)';
  /** Accessible name of the chart. */
  @property() label = 'Flow';
  /** Shows a loading overlay and sets `aria-busy`. */
  @property({ type: Boolean, reflect: true }) loading = false;
  /**
   * `light` or `dark` (sets `color-scheme` on the element); unset inherits `color-scheme` from the
   * page like every element (light by default; an ancestor's `color-scheme: light dark` follows the OS).
   */
  @property({ reflect: true }) theme?: 'light' | 'dark';

  @state() private view: DaZoomDetail | null = null;
  @query('.plot') private plotEl!: HTMLDivElement;

  private uplot: uPlot | null = null;
  private pyramid: MinMaxPyramid | null = null;
  private sortedBreaths: Float64Array = new Float64Array(0);
  private colors: ChartColors | null = null;
  private size = { width: 0, height: 0 };
  private resizeObserver: ResizeObserver | null = null;
  private darkQuery: MediaQueryList | null = null;
  private changeStart = 0;
  private applying = false;
  private useEnvelopeOnce = false;
  private pyramidTimer = 0;
  private resizeFrame = 0;
  private panStart: { x: number; view: DaZoomDetail } | null = null;

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
    const full = this.fullRange;
    if (!full || !Number.isFinite(min) || !Number.isFinite(max)) return;
    if (min > max) [min, max] = [max, min];
    const fullSpan = full.max - full.min;
    const n = this.time?.length ?? this.envelope?.time.length ?? 2;
    const minSpan = Math.min(fullSpan, Math.max((fullSpan / Math.max(1, n - 1)) * 4, fullSpan * 1e-9));
    let span = Math.min(fullSpan, Math.max(max - min, minSpan));
    if (span <= 0) span = fullSpan;
    const center = (min + max) / 2;
    let lo = center - span / 2;
    let hi = center + span / 2;
    if (lo < full.min) [lo, hi] = [full.min, full.min + span];
    if (hi > full.max) [lo, hi] = [full.max - span, full.max];
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
    const colors = this.readColors();
    const source = this.uplot?.ctx.canvas ?? null;
    const out = document.createElement('canvas');
    out.width = source?.width || Math.max(1, Math.round(this.size.width || this.clientWidth || 300));
    out.height = source?.height || Math.max(1, Math.round(this.size.height || this.clientHeight || 150));
    const ctx = out.getContext('2d');
    if (!ctx) throw new Error('da-flow-chart: no 2D canvas context for export');
    ctx.fillStyle = colors.background;
    ctx.fillRect(0, 0, out.width, out.height);
    if (source) {
      ctx.drawImage(source, 0, 0);
    } else {
      ctx.fillStyle = colors.axis;
      ctx.font = colors.font;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('No data', out.width / 2, out.height / 2);
    }
    return out.toDataURL(type, quality);
  }

  /** Like {@link toDataURL} but only the base64 payload, without the `data:...;base64,` prefix. */
  toBase64(type: ChartImageType = 'image/png', quality?: number): string {
    const url = this.toDataURL(type, quality);
    return url.slice(url.indexOf(',') + 1);
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
    clearTimeout(this.pyramidTimer);
    this.pyramidTimer = 0;
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
      this.pyramid = null;
      clearTimeout(this.pyramidTimer);
      this.pyramidTimer = 0;
      this.useEnvelopeOnce = !!this.envelope && this.hasRaw();
      this.view = this.fullRange;
    }
    if (changed.has('breathTimes')) {
      this.sortedBreaths = Float64Array.from(this.breathTimes ?? []).sort();
    }
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
    } else if (changed.has('breathTimes') || changed.has('apneaSpans') || changed.has('theme')) {
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
          @keydown=${this.onKeyDown}
          @wheel=${this.onWheel}
          @mousedown=${{ handleEvent: (e: MouseEvent) => this.onPanStart(e), capture: true }}
        ></div>
        <div id="help" hidden>
          Drag to zoom into a time range; plus and minus zoom, arrow keys pan, 0 or Home resets.
        </div>
        ${empty && !this.loading ? html`<div part="empty" class="empty">No data</div>` : nothing}
        ${this.loading ? html`<div part="loading" class="loading" role="status">Loading…</div>` : nothing}
      </div>
    `;
  }

  private describe(): string {
    const full = this.fullRange;
    if (!full) return `${this.label}: no data`;
    const count = this.time?.length ?? 0;
    const parts = [`${this.label}: ${count ? `${count.toLocaleString('en')} samples, ` : ''}${fmt(full.min)} to ${fmt(full.max)} s`];
    if (this.view && (this.view.min !== full.min || this.view.max !== full.max)) {
      parts.push(`showing ${fmt(this.view.min)} to ${fmt(this.view.max)} s`);
    }
    if (this.breathTimes?.length) parts.push(`${this.breathTimes.length} breaths`);
    if (this.apneaSpans?.length) parts.push(`${this.apneaSpans.length} apnea spans`);
    return parts.join('; ');
  }

  private hasRaw(): boolean {
    return !!this.time && !!this.flow && this.time.length > 0;
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
    this.applying = true;
    try {
      this.uplot.setSize({ width, height });
    } finally {
      this.applying = false;
    }
    this.applyView();
  }

  private readonly onSchemeChange = (): void => {
    if (!this.theme) this.uplot?.redraw(false);
  };

  /**
   * A custom property holds `light-dark(...)` unresolved; the canvas needs a colour. A hidden probe in
   * the shadow root resolves it against the inherited `color-scheme` (cached per scheme and value).
   */
  private resolveColor(raw: string, scheme: string): string {
    const key = `${scheme}|${raw}`;
    let color = this.resolvedColors.get(key);
    if (color === undefined) {
      if (!this.colorProbe) {
        this.colorProbe = document.createElement('span');
        this.colorProbe.style.display = 'none';
        this.renderRoot.appendChild(this.colorProbe);
      }
      this.colorProbe.style.color = '';
      this.colorProbe.style.color = raw;
      color = this.colorProbe.style.color ? getComputedStyle(this.colorProbe).color : raw;
      this.resolvedColors.set(key, color);
    }
    return color;
  }
  private colorProbe: HTMLSpanElement | null = null;
  private readonly resolvedColors = new Map<string, string>();

  private readColors(): ChartColors {
    const style = getComputedStyle(this);
    const scheme = style.colorScheme;
    const raw = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const get = (name: string, fallback: string) => this.resolveColor(raw(name, fallback), scheme);
    return {
      line: get('--_line', '#1d4ed8'),
      fill: get('--_fill', 'transparent'),
      grid: get('--_grid', 'rgba(0,0,0,0.1)'),
      axis: get('--_axis', '#374151'),
      apnea: get('--_apnea', 'rgba(220,38,38,0.18)'),
      breath: get('--_breath', '#047857'),
      background: get('--_background', '#ffffff'),
      font: raw('--_font', '12px sans-serif'),
    };
  }

  private destroyChart(): void {
    this.uplot?.destroy();
    this.uplot = null;
  }

  /** Creates uPlot anew (options such as colours, fonts and labels are fixed at creation). */
  private rebuild(): void {
    this.destroyChart();
    const { width, height } = this.size;
    if (!this.isConnected || !this.view || width < 2 || height < 2) return;
    if (!this.changeStart) this.changeStart = performance.now();
    const colors = (this.colors = this.readColors());
    const fontPx = parseFloat(/(\d+(?:\.\d+)?)px/.exec(colors.font)?.[1] ?? '12');
    // Colours are functions: uPlot evaluates them on every draw, after drawClear re-read the tokens.
    const color = (key: keyof ChartColors) => () => (this.colors ?? colors)[key];
    const axisBase = {
      stroke: color('axis'),
      font: colors.font,
      labelFont: colors.font,
      labelSize: Math.round(fontPx * 1.6),
      grid: { stroke: color('grid'), width: 1 },
      ticks: { stroke: color('grid'), width: 1, size: 5 },
    };
    const opts: uPlot.Options = {
      width,
      height,
      legend: { show: false },
      cursor: {
        drag: { x: true, y: false, setScale: false },
        points: { show: false },
        bind: {
          dblclick: () => () => {
            this.resetZoom();
            return null;
          },
        },
      },
      scales: {
        x: { time: false, auto: false, min: this.view.min, max: this.view.max, range: (_u, lo, hi) => [lo, hi] },
      },
      axes: [
        { ...axisBase, label: this.xLabel },
        {
          ...axisBase,
          label: this.yLabel,
          // Flows are ~1e-4 m³/s: uPlot's default labels would round every tick to 0.
          values: (_u, splits, _axis, _space, incr) => formatTicks(splits, incr),
          size: (_u, values) => Math.ceil(Math.max(3, ...(values ?? []).map((v) => String(v).length)) * fontPx * 0.62 + 14),
        },
      ],
      series: [{}, { label: this.label, stroke: color('line'), fill: color('fill'), width: 1, points: { show: false } }],
      hooks: {
        drawClear: [
          (u) => {
            this.colors = this.readColors();
            this.drawApneas(u);
          },
        ],
        draw: [(u) => this.onDraw(u)],
        setSelect: [(u) => this.onSelect(u)],
        setScale: [(u, key) => this.onExternalScale(u, key)],
      },
    };
    this.applying = true;
    try {
      this.uplot = new uPlot(opts, this.visibleData(), this.plotEl);
    } finally {
      this.applying = false;
    }
    this.uplot.ctx.canvas.setAttribute('part', 'canvas');
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
    this.applying = true;
    try {
      u.batch(() => {
        u.setData(data, false);
        u.setScale('x', { min: view.min, max: view.max });
      });
    } finally {
      this.applying = false;
    }
  }

  private visibleData(): uPlot.AlignedData {
    const view = this.view!;
    const columns = Math.max(1, this.size.width);
    const { time, flow, envelope } = this;
    if (!time || !flow || time.length === 0) {
      if (envelope) return envelopeToLine(envelope);
      return [[], []];
    }
    const n = Math.min(time.length, flow.length);
    const i0 = lowerBound(time, view.min, 0, n);
    const i1 = upperBound(time, view.max, i0, n);
    if (i1 - i0 <= columns * RAW_POINTS_PER_PIXEL) {
      // One sample beyond each edge so the line runs to the plot's border.
      const a = Math.max(0, i0 - 1);
      const b = Math.min(n, i1 + 1);
      return [time.subarray(a, b), flow.subarray(a, b)];
    }
    if (this.useEnvelopeOnce && envelope) {
      this.useEnvelopeOnce = false;
      this.schedulePyramid();
      return envelopeToLine(envelope);
    }
    // Without the pyramid yet, one linear scan of the visible range is cheaper than building it
    // (which costs a scan of the whole record); it is built after this draw instead.
    if (!this.pyramid) this.schedulePyramid();
    const env = envelopeByTime(time.subarray(0, n), flow, view.min, view.max, columns, this.pyramid ?? undefined);
    return envelopeToLine(env, (view.max - view.min) / columns);
  }

  private schedulePyramid(): void {
    if (this.pyramidTimer) return;
    const flow = this.flow;
    this.pyramidTimer = window.setTimeout(() => {
      this.pyramidTimer = 0;
      if (flow && flow === this.flow && !this.pyramid) this.pyramid = new MinMaxPyramid(flow);
    }, 0);
  }

  private drawApneas(u: uPlot): void {
    if (!this.apneaSpans?.length || !this.colors) return;
    const { left, top, width, height } = u.bbox;
    const { min, max } = u.scales.x;
    if (min == null || max == null) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.fillStyle = this.colors.apnea;
    for (const [start, end] of this.apneaSpans) {
      if (end < min || start > max) continue;
      const x0 = Math.max(left, u.valToPos(Math.max(start, min), 'x', true));
      const x1 = Math.min(left + width, u.valToPos(Math.min(end, max), 'x', true));
      ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
    }
    ctx.restore();
  }

  private drawBreaths(u: uPlot): void {
    const breaths = this.sortedBreaths;
    const { min, max } = u.scales.x;
    if (!breaths.length || !this.colors || min == null || max == null) return;
    const { top, height } = u.bbox;
    const tick = Math.round(8 * uPlot.pxRatio);
    const bottom = top + height;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = this.colors.breath;
    ctx.lineWidth = Math.max(1, uPlot.pxRatio);
    ctx.beginPath();
    for (let i = lowerBound(breaths, min), end = upperBound(breaths, max); i < end; i++) {
      const x = Math.round(u.valToPos(breaths[i]!, 'x', true)) + 0.5;
      ctx.moveTo(x, bottom - tick);
      ctx.lineTo(x, bottom);
    }
    ctx.stroke();
    ctx.restore();
  }

  private onDraw(u: uPlot): void {
    this.drawBreaths(u);
    const ms = performance.now() - (this.changeStart || performance.now());
    this.changeStart = 0;
    emit(this, 'da-draw', { ms });
  }

  private onSelect(u: uPlot): void {
    const { left, width } = u.select;
    if (width < 2) return;
    const min = u.posToVal(left, 'x');
    const max = u.posToVal(left + width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    this.zoomTo(min, max);
  }

  /** Someone called `chart.setScale('x', ...)` directly: re-decimate for the new range. */
  private onExternalScale(u: uPlot, key: string): void {
    if (key !== 'x' || this.applying) return;
    const { min, max } = u.scales.x;
    if (min == null || max == null) return;
    queueMicrotask(() => this.zoomTo(min, max));
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (!this.view || e.altKey || e.ctrlKey || e.metaKey) return;
    const big = e.shiftKey ? 5 : 1;
    switch (e.key) {
      case '+':
      case '=':
        this.zoomBy(ZOOM_STEP);
        break;
      case '-':
      case '_':
        this.zoomBy(1 / ZOOM_STEP);
        break;
      case 'ArrowLeft':
        this.panBy(-PAN_STEP * big);
        break;
      case 'ArrowRight':
        this.panBy(PAN_STEP * big);
        break;
      case '0':
      case 'Home':
        this.resetZoom();
        break;
      case 'End': {
        const full = this.fullRange!;
        const span = this.view.max - this.view.min;
        this.zoomTo(full.max - span, full.max);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  }

  private onWheel(e: WheelEvent): void {
    const u = this.uplot;
    if (!u || !this.view) return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      const rect = u.over.getBoundingClientRect();
      const center = u.posToVal(e.clientX - rect.left, 'x');
      this.zoomBy(Math.exp(Math.max(-1, Math.min(1, e.deltaY / 300))), center);
    } else if (e.shiftKey) {
      e.preventDefault();
      const delta = e.deltaX || e.deltaY;
      this.panBy(Math.max(-1, Math.min(1, delta / 1000)));
    }
  }

  private onPanStart(e: MouseEvent): void {
    const u = this.uplot;
    if (!u || !this.view || !e.shiftKey || e.button !== 0) return;
    // Keep uPlot from starting a drag-to-zoom selection.
    e.stopPropagation();
    e.preventDefault();
    this.panStart = { x: e.clientX, view: { ...this.view } };
    const move = (ev: MouseEvent) => {
      if (!this.panStart || !this.uplot) return;
      const plotWidth = this.uplot.bbox.width / uPlot.pxRatio || 1;
      const { view } = this.panStart;
      const shift = ((this.panStart.x - ev.clientX) / plotWidth) * (view.max - view.min);
      this.zoomTo(view.min + shift, view.max + shift);
    };
    const up = () => {
      this.panStart = null;
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  }
}

function fmt(seconds: number): string {
  return Number.isInteger(seconds) ? String(seconds) : seconds.toFixed(Math.abs(seconds) < 10 ? 2 : 1);
}

/** Tick labels with as many decimals as the tick spacing needs (at most 12). */
function formatTicks(splits: number[], incr: number): string[] {
  const decimals = Math.min(12, Math.max(0, -Math.floor(Math.log10(Math.abs(incr) || 1))));
  return splits.map((v) => (v === 0 ? '0' : v.toFixed(decimals)));
}
