// The marks drawn on uPlot's canvas over (apnea spans) and under (breath ticks) the flow line.
import type uPlot from 'uplot';
import { lowerBound, upperBound } from './decimate.ts';

/** Shades each apnea span `[start, end]` (s) that meets the visible range, over the plot's height. */
export function drawApneas(u: uPlot, spans: ReadonlyArray<readonly [number, number]>, color: string): void {
  const { left, top, width, height } = u.bbox;
  const { min, max } = u.scales.x;
  if (min == null || max == null) return;
  const ctx = u.ctx;
  ctx.save();
  ctx.fillStyle = color;
  for (const [start, end] of spans) {
    if (end < min || start > max) continue;
    const x0 = Math.max(left, u.valToPos(Math.max(start, min), 'x', true));
    const x1 = Math.min(left + width, u.valToPos(Math.min(end, max), 'x', true));
    ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
  }
  ctx.restore();
}

/** Draws a short tick at the bottom of the plot for each breath start (sorted, s) in the visible range. */
export function drawBreaths(u: uPlot, breaths: Float64Array, color: string): void {
  const { top, height } = u.bbox;
  const { min, max } = u.scales.x;
  if (min == null || max == null) return;
  const tick = Math.round(8 * devicePixelRatio);
  const bottom = top + height;
  const ctx = u.ctx;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.lineWidth = Math.max(1, devicePixelRatio);
  ctx.beginPath();
  for (let i = lowerBound(breaths, min), end = upperBound(breaths, max); i < end; i++) {
    const x = Math.round(u.valToPos(breaths[i]!, 'x', true)) + 0.5;
    ctx.moveTo(x, bottom - tick);
    ctx.lineTo(x, bottom);
  }
  ctx.stroke();
  ctx.restore();
}

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

const patterns = new WeakMap<CanvasRenderingContext2D, { color: string; pattern: CanvasPattern | null }>();

/** A diagonal hatch in `color`, made once per canvas and colour. */
function hatch(ctx: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  const cached = patterns.get(ctx);
  if (cached?.color === color && cached.pattern) return cached.pattern;
  const size = Math.round(8 * devicePixelRatio);
  const tile = document.createElement('canvas');
  tile.width = tile.height = size;
  const t = tile.getContext('2d')!;
  t.strokeStyle = color;
  t.lineWidth = Math.max(1, devicePixelRatio * 1.5);
  t.beginPath();
  t.moveTo(-1, size + 1);
  t.lineTo(size + 1, -1);
  t.moveTo(-1, 1);
  t.lineTo(1, -1);
  t.moveTo(size - 1, size + 1);
  t.lineTo(size + 1, size - 1);
  t.stroke();
  const pattern = ctx.createPattern(tile, 'repeat');
  patterns.set(ctx, { color, pattern });
  return pattern ?? color;
}

/**
 * Draws the visible events in one pass per frame: one path per kind for the fills and one for the
 * edges, only events that meet the x range (binary search), and at most one band per pixel column
 * and kind when thousands are zoomed out. Returns how many bands were drawn.
 */
export function drawEvents(u: uPlot, index: EventIndex, colors: { apnea: string; hypopnea: string; edge: string }): number {
  const n = index.start.length;
  const { min, max } = u.scales.x;
  if (!n || min == null || max == null) return 0;
  const { left, top, width, height } = u.bbox;
  const fills = [new Path2D(), new Path2D()];
  const edges = [new Path2D(), new Path2D(), new Path2D()];
  const lastX = [-Infinity, -Infinity, -Infinity];
  let drawn = 0;
  for (let i = lowerBound(index.maxEnd, min), last = upperBound(index.start, max); i < last; i++) {
    const end = index.end[i]!;
    if (end < min) continue;
    const k = index.kind[i]!;
    const x0 = Math.max(left, u.valToPos(Math.max(index.start[i]!, min), 'x', true));
    const x1 = Math.min(left + width, u.valToPos(Math.min(end, max), 'x', true));
    if (x1 < lastX[k]! + 1) continue; // within the previous band's pixel: nothing new to see
    lastX[k] = x1;
    drawn++;
    if (k < 2) fills[k]!.rect(x0, top, Math.max(1, x1 - x0), height);
    edges[k]!.moveTo(Math.round(x0) + 0.5, top);
    edges[k]!.lineTo(Math.round(x0) + 0.5, top + height);
    edges[k]!.moveTo(Math.round(x1) - 0.5, top);
    edges[k]!.lineTo(Math.round(x1) - 0.5, top + height);
  }
  const ctx = u.ctx;
  ctx.save();
  ctx.fillStyle = colors.apnea;
  ctx.fill(fills[0]!);
  ctx.fillStyle = hatch(ctx, colors.hypopnea);
  ctx.fill(fills[1]!);
  ctx.strokeStyle = colors.edge;
  ctx.lineWidth = Math.max(1, devicePixelRatio);
  ctx.stroke(edges[0]!);
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.stroke(edges[1]!);
  ctx.setLineDash([1 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.stroke(edges[2]!);
  ctx.restore();
  return drawn;
}
