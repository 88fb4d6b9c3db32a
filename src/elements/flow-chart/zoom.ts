// Zoom and pan: the range arithmetic, and the gestures (drag selection, keys, wheel, Shift+drag)
// that drive the chart's public zoom API. uPlot reports the selection and the double-click
// (bound in chart-options.ts).
import type uPlot from 'uplot';
import type { DaZoomDetail } from '../../events.ts';

const ZOOM_STEP = 0.5;
const PAN_STEP = 0.1;

/**
 * `[min, max]` (either order) clamped into `full`: at least ~4 sample intervals of a record of
 * `count` samples wide (never wider than the record), shifted inside it. Null when it cannot be.
 */
export function clampRange(full: DaZoomDetail | null, count: number, min: number, max: number): DaZoomDetail | null {
  if (!full || !Number.isFinite(min) || !Number.isFinite(max)) return null;
  if (min > max) [min, max] = [max, min];
  const fullSpan = full.max - full.min;
  const minSpan = Math.min(fullSpan, Math.max((fullSpan / Math.max(1, count - 1)) * 4, fullSpan * 1e-9));
  let span = Math.min(fullSpan, Math.max(max - min, minSpan));
  if (span <= 0) span = fullSpan;
  const center = (min + max) / 2;
  let lo = center - span / 2;
  let hi = center + span / 2;
  if (lo < full.min) [lo, hi] = [full.min, full.min + span];
  if (hi > full.max) [lo, hi] = [full.max - span, full.max];
  return { min: lo, max: hi };
}

/** The element's zoom API, which the gestures drive. */
export interface Zoomable {
  readonly chart: uPlot | null;
  readonly xRange: DaZoomDetail | null;
  readonly fullRange: DaZoomDetail | null;
  zoomTo(min: number, max: number): void;
  zoomBy(factor: number, center?: number): void;
  panBy(fraction: number): void;
  resetZoom(): void;
}

/**
 * The chart's zoom gestures: a drag selection zooms to it; + and − zoom, arrows pan (Shift: 5×),
 * 0 / Home reset, End shows the end of the record; Ctrl+wheel zooms around the pointer, Shift+wheel
 * and Shift+drag pan.
 */
export class ZoomGestures {
  private panStart: { x: number; view: DaZoomDetail } | null = null;

  constructor(private readonly host: Zoomable) {}

  /** uPlot's `setSelect` hook: zooms to the dragged range and clears the selection. */
  readonly onSelect = (u: uPlot): void => {
    const { left, width } = u.select;
    if (width < 2) return;
    const min = u.posToVal(left, 'x');
    const max = u.posToVal(left + width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    this.host.zoomTo(min, max);
  };

  readonly onKeyDown = (e: KeyboardEvent): void => {
    const host = this.host;
    const view = host.xRange;
    if (!view || e.altKey || e.ctrlKey || e.metaKey) return;
    const big = e.shiftKey ? 5 : 1;
    switch (e.key) {
      case '+':
      case '=':
        host.zoomBy(ZOOM_STEP);
        break;
      case '-':
      case '_':
        host.zoomBy(1 / ZOOM_STEP);
        break;
      case 'ArrowLeft':
        host.panBy(-PAN_STEP * big);
        break;
      case 'ArrowRight':
        host.panBy(PAN_STEP * big);
        break;
      case '0':
      case 'Home':
        host.resetZoom();
        break;
      case 'End': {
        const full = host.fullRange!;
        const span = view.max - view.min;
        host.zoomTo(full.max - span, full.max);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  readonly onWheel = (e: WheelEvent): void => {
    const host = this.host;
    const u = host.chart;
    if (!u || !host.xRange) return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      const rect = u.over.getBoundingClientRect();
      const center = u.posToVal(e.clientX - rect.left, 'x');
      host.zoomBy(Math.exp(Math.max(-1, Math.min(1, e.deltaY / 300))), center);
    } else if (e.shiftKey) {
      e.preventDefault();
      const delta = e.deltaX || e.deltaY;
      host.panBy(Math.max(-1, Math.min(1, delta / 1000)));
    }
  };

  /** Listen in the capture phase, so Shift+drag pans before uPlot starts a selection. */
  readonly onPanStart = (e: MouseEvent): void => {
    const host = this.host;
    const view = host.xRange;
    if (!host.chart || !view || !e.shiftKey || e.button !== 0) return;
    // Keep uPlot from starting a drag-to-zoom selection.
    e.stopPropagation();
    e.preventDefault();
    this.panStart = { x: e.clientX, view };
    const move = (ev: MouseEvent) => {
      const chart = host.chart;
      if (!this.panStart || !chart) return;
      const plotWidth = chart.bbox.width / devicePixelRatio || 1;
      const { view } = this.panStart;
      const shift = ((this.panStart.x - ev.clientX) / plotWidth) * (view.max - view.min);
      host.zoomTo(view.min + shift, view.max + shift);
    };
    const up = () => {
      this.panStart = null;
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
  };
}
