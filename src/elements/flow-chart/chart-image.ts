// Image export of the chart: uPlot's canvas (axes and marks included) on the background colour.
import type { ChartColors } from './chart-colors.ts';

/**
 * `source` drawn on a canvas of its size filled with `colors.background` (so JPEG is not black), as
 * a data URL. Without a source, a `width` × `height` image of the empty chart area ("No data").
 */
export function chartImageURL(
  source: HTMLCanvasElement | null,
  colors: ChartColors,
  size: () => { width: number; height: number },
  type: string,
  quality?: number,
): string {
  const out = document.createElement('canvas');
  out.width = source?.width || Math.max(1, Math.round(size().width));
  out.height = source?.height || Math.max(1, Math.round(size().height));
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

/** The base64 payload of a data URL, without the `data:...;base64,` prefix. */
export function base64Payload(url: string): string {
  return url.slice(url.indexOf(',') + 1);
}
