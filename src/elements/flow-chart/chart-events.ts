// The chart's scored-event bands (the `events` property): indexed once, drawn in one pass per frame.
// Loaded with uPlot (uplot-runtime.ts re-exports it), since it only runs when a chart draws.
import type uPlot from 'uplot';
import { lowerBound, upperBound } from './decimate.ts';

/** A scored event drawn as a band: `apnea` solid with solid edges, `hypopnea` hatched with dashed edges, `flag` edges only. */
export interface ChartEvent {
  start: number;
  end: number;
  kind: 'apnea' | 'hypopnea' | 'flag';
}

const KIND_CODES = { apnea: 0, hypopnea: 1, flag: 2 } as const;

/** Events as sorted columns, with a running maximum of ends so the first visible one is a binary search. */
export interface EventIndex {
  start: Float64Array;
  end: Float64Array;
  maxEnd: Float64Array;
  kind: Uint8Array;
}

/** Sorts `events` by start once (when they are set), for {@link drawEvents}. */
export function indexEvents(events: ReadonlyArray<ChartEvent> | undefined): EventIndex {
  const sorted = [...(events ?? [])].filter((e) => Number.isFinite(e.start) && Number.isFinite(e.end)).sort((a, b) => a.start - b.start);
  const n = sorted.length;
  const index = { start: new Float64Array(n), end: new Float64Array(n), maxEnd: new Float64Array(n), kind: new Uint8Array(n) };
  let maxEnd = -Infinity;
  sorted.forEach((e, i) => {
    index.start[i] = e.start;
    index.end[i] = Math.max(e.start, e.end);
    index.maxEnd[i] = maxEnd = Math.max(maxEnd, index.end[i]!);
    index.kind[i] = KIND_CODES[e.kind] ?? 2;
  });
  return index;
}

const patterns = new WeakMap<CanvasRenderingContext2D, Map<string, CanvasPattern | null>>();

/** A pattern made once per canvas and key: `paint` draws one tile of `width` × `height` device px. */
function pattern(ctx: CanvasRenderingContext2D, key: string, width: number, height: number, paint: (t: CanvasRenderingContext2D) => void): CanvasPattern | null {
  let cache = patterns.get(ctx);
  if (!cache) patterns.set(ctx, (cache = new Map()));
  if (!cache.has(key)) {
    const tile = document.createElement('canvas');
    [tile.width, tile.height] = [width, height];
    paint(tile.getContext('2d')!);
    cache.set(key, ctx.createPattern(tile, 'repeat'));
  }
  return cache.get(key)!;
}

/** A diagonal hatch in `color`. */
function hatch(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  const size = Math.round(8 * devicePixelRatio);
  const p = pattern(ctx, `hatch ${color} ${size}`, size, size, (t) => {
    t.strokeStyle = color;
    t.lineWidth = Math.max(1, devicePixelRatio * 1.5);
    t.beginPath();
    for (const [x0, y0, x1, y1] of [[-1, size + 1, size + 1, -1], [-1, 1, 1, -1], [size - 1, size + 1, size + 1, size - 1]] as const) {
      t.moveTo(x0, y0);
      t.lineTo(x1, y1);
    }
    t.stroke();
  });
  return p ?? color;
}

/** A vertical line pattern `on` px drawn, `off` px blank (device px), for dashed and dotted edges. */
function dashes(ctx: CanvasRenderingContext2D, color: string, width: number, on: number, off: number): CanvasPattern | string {
  const p = pattern(ctx, `dash ${color} ${width} ${on} ${off}`, width, on + off, (t) => {
    t.fillStyle = color;
    t.fillRect(0, 0, width, on);
  });
  return p ?? color;
}

/**
 * Draws the visible events in one pass per frame: only events that meet the x range (binary search),
 * bands of one kind that touch (within a pixel, as thousands do zoomed out) merged into one, each
 * band and edge one `fillRect` (a canvas fast path: a path of thousands of rectangles or dashed
 * lines costs seconds of rasterizing). Returns how many bands were drawn.
 */
export function drawEvents(u: uPlot, index: EventIndex, colors: { apnea: string; hypopnea: string; edge: string }): number {
  const n = index.start.length;
  const { min, max } = u.scales.x;
  if (!n || min == null || max == null) return 0;
  const { left, top, width, height } = u.bbox;
  const ctx = u.ctx;
  const dpr = devicePixelRatio;
  const line = Math.max(1, Math.round(dpr));
  const fills = [colors.apnea, hatch(ctx, colors.hypopnea), null];
  const edges = [colors.edge, dashes(ctx, colors.edge, line, Math.round(4 * dpr), Math.round(3 * dpr)), dashes(ctx, colors.edge, line, line, Math.round(3 * dpr))];
  const runs = [[NaN, NaN], [NaN, NaN], [NaN, NaN]] as Array<[number, number]>;
  let drawn = 0;
  const flush = (k: number) => {
    const [x0, x1] = runs[k]!;
    if (Number.isNaN(x0)) return;
    drawn++;
    const fill = fills[k];
    if (fill) {
      ctx.fillStyle = fill;
      ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
    }
    ctx.fillStyle = edges[k]!;
    ctx.fillRect(Math.round(x0), top, line, height);
    ctx.fillRect(Math.max(Math.round(x0), Math.round(x1) - line), top, line, height);
  };
  ctx.save();
  for (let i = lowerBound(index.maxEnd, min), last = upperBound(index.start, max); i < last; i++) {
    const end = index.end[i]!;
    if (end < min) continue;
    const k = index.kind[i]!;
    const x0 = Math.max(left, u.valToPos(Math.max(index.start[i]!, min), 'x', true));
    const x1 = Math.min(left + width, u.valToPos(Math.min(end, max), 'x', true));
    const run = runs[k]!;
    if (x0 <= run[1] + 1) run[1] = Math.max(run[1], x1); // touches the band before: one band
    else {
      flush(k);
      runs[k] = [x0, x1];
    }
  }
  for (let k = 0; k < 3; k++) flush(k);
  ctx.restore();
  return drawn;
}
