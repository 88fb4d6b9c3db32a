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
