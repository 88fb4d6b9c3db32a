/**
 * Small trends of the clinical result as SVG (no inline styles: classes from the view's stylesheet,
 * geometry as attributes, so it draws under a strict CSP): a column over time averaged into at most
 * {@link BUCKETS} points, one polyline per contiguous run, and an optional horizontal redline.
 */
import { html, svg, nothing } from 'lit';

const W = 320, H = 64, PAD = 3;
/** Points per trend: about the drawing's width, whatever the night's length. */
export const BUCKETS = 160;

/** Means of `values` (NaN skipped) over `BUCKETS` equal time buckets between the first and last `time`. */
export function bucketMeans(time: ArrayLike<number>, values: ArrayLike<number>, buckets = BUCKETS): { t: Float64Array; v: Float64Array } {
  const n = Math.min(time.length, values.length);
  const t = new Float64Array(buckets).fill(NaN);
  const v = new Float64Array(buckets).fill(NaN);
  if (n === 0) return { t, v };
  const t0 = time[0]!, span = time[n - 1]! - t0 || 1;
  const sum = new Float64Array(buckets), count = new Uint32Array(buckets);
  for (let i = 0; i < n; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    const b = Math.min(buckets - 1, Math.floor(((time[i]! - t0) / span) * buckets));
    sum[b]! += x;
    count[b]!++;
  }
  for (let b = 0; b < buckets; b++) {
    t[b] = t0 + ((b + 0.5) * span) / buckets;
    if (count[b]) v[b] = sum[b]! / count[b]!;
  }
  return { t, v };
}

/**
 * A trend figure: `label` names it (role="img"), `summary` is its caption (the figures in words).
 * `redline` draws a dashed line at that value, and the scale always includes it.
 */
export function trendFigure(label: string, summary: string, time: ArrayLike<number>, values: ArrayLike<number>, redline?: number) {
  const { v } = bucketMeans(time, values);
  const finite = [...v].filter(Number.isFinite);
  if (finite.length === 0) return nothing;
  let lo = Math.min(...finite), hi = Math.max(...finite);
  if (redline !== undefined) [lo, hi] = [Math.min(lo, redline, 0), Math.max(hi, redline)];
  if (hi === lo) [lo, hi] = [lo - 1, hi + 1];
  const x = (b: number) => (PAD + (b * (W - 2 * PAD)) / Math.max(1, v.length - 1)).toFixed(1);
  const y = (val: number) => (H - PAD - ((val - lo) * (H - 2 * PAD)) / (hi - lo)).toFixed(1);
  const runs: string[] = [];
  let run: string[] = [];
  v.forEach((val, b) => {
    if (Number.isFinite(val)) run.push(`${x(b)},${y(val)}`);
    else if (run.length) runs.push(run.join(' ')), (run = []);
  });
  if (run.length) runs.push(run.join(' '));
  return html`<figure class="trend">
    <svg viewBox="0 0 ${W} ${H}" preserveAspectRatio="none" role="img" aria-label=${label}>
      ${redline !== undefined ? svg`<line class="redline" x1=${PAD} x2=${W - PAD} y1=${y(redline)} y2=${y(redline)}></line>` : nothing}
      ${runs.map((points) => (points.includes(' ') ? svg`<polyline class="line" points=${points}></polyline>` : svg`<circle class="dot" cx=${points.split(',')[0]} cy=${points.split(',')[1]} r="1.5"></circle>`))}
    </svg>
    <figcaption>${summary}</figcaption>
  </figure>`;
}
