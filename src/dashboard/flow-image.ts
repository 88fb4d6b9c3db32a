/**
 * The flow chart picture an upload carries, drawn from the analysis itself (its min/max envelope,
 * breaths and apnea spans), never copied from what is on screen: the same analysis always gives
 * the same picture, whatever the screen's zoom, size or theme.
 */
import type { AnalysisResult } from '../worker/client.ts';

const WIDTH = 1200;
const HEIGHT = 360;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };
const COLORS = { background: '#ffffff', axis: '#6b7280', flow: '#2563eb', breath: '#059669', apnea: 'rgba(220, 38, 38, 0.18)', text: '#374151' };

/** A JPEG of the whole recording, base64 without the `data:` prefix (the API's `flow_image`). */
export function flowImageBase64(result: AnalysisResult, quality = 0.85): string {
  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas to draw the flow image.');
  const { envelope, metrics } = result;
  const n = envelope.time.length;
  const t0 = result.time[0] ?? 0;
  const t1 = Math.max(t0 + 1e-9, result.time[result.time.length - 1] ?? 1);
  let lo = metrics.flow_min;
  let hi = metrics.flow_max;
  if (!(hi > lo)) [lo, hi] = [lo - 1, lo + 1];
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * plotW;
  const y = (v: number) => PAD.top + (1 - (v - lo) / (hi - lo)) * plotH;

  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  ctx.fillStyle = COLORS.apnea;
  for (const [start, end] of metrics.apnea_spans) ctx.fillRect(x(start), PAD.top, Math.max(1, x(end) - x(start)), plotH);

  ctx.strokeStyle = COLORS.flow;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let i = 0; i < n; i++) {
    const px = x(envelope.time[i]!);
    ctx.moveTo(px, y(envelope.max[i]!));
    ctx.lineTo(px, y(envelope.min[i]!) + 0.5);
  }
  ctx.stroke();

  ctx.strokeStyle = COLORS.breath;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (const t of metrics.breath_times) {
    ctx.moveTo(x(t), PAD.top + plotH);
    ctx.lineTo(x(t), PAD.top + plotH - 6);
  }
  ctx.stroke();

  ctx.strokeStyle = COLORS.axis;
  ctx.strokeRect(PAD.left, PAD.top, plotW, plotH);
  ctx.fillStyle = COLORS.text;
  ctx.font = '12px sans-serif';
  ctx.textBaseline = 'top';
  ctx.fillText(`${t0.toFixed(0)} s`, PAD.left, HEIGHT - PAD.bottom + 8);
  ctx.textAlign = 'right';
  ctx.fillText(`${t1.toFixed(0)} s`, WIDTH - PAD.right, HEIGHT - PAD.bottom + 8);
  ctx.fillText(hi.toFixed(2), PAD.left - 6, PAD.top);
  ctx.textBaseline = 'bottom';
  ctx.fillText(lo.toFixed(2), PAD.left - 6, PAD.top + plotH);
  ctx.textAlign = 'center';
  ctx.fillText('Flow versus time', PAD.left + plotW / 2, HEIGHT - 4);

  const url = canvas.toDataURL('image/jpeg', quality);
  return url.slice(url.indexOf(',') + 1);
}
