/**
 * Peak finding with the exact semantics of `scipy.signal.find_peaks(x, height, distance, width)`
 * (rel_height 0.5, no wlen), in near-linear time.
 *
 * SciPy's prominence step walks from each peak to the nearest higher sample on either side, which is
 * quadratic on long signals. Here the same walks step over blocks of 64, 4096 and 262144 samples
 * whose maximum cannot stop them (see `peakProminences`).
 */

export interface PeakOptions {
  /** Minimum peak height (x[peak] >= height). */
  height?: number;
  /** Minimum horizontal distance in samples between kept peaks (SciPy: ceil(distance)). */
  distance?: number;
  /** Minimum width in samples at `relHeight` of the prominence. */
  width?: number;
  relHeight?: number;
}

export interface PeakResult {
  peaks: Int32Array;
  prominences: Float64Array;
  leftBases: Int32Array;
  rightBases: Int32Array;
  widths: Float64Array;
}

/**
 * Local maxima; a flat top counts once, at its middle sample (rounding down). SciPy `_local_maxima_1d`.
 * `minHeight` applies SciPy's height filter in the same pass.
 */
export function localMaxima(x: ArrayLike<number>, minHeight = -Infinity): Int32Array {
  const n = x.length;
  const out = new Int32Array(Math.max(0, n >> 1));
  let m = 0;
  let i = 1;
  const iMax = n - 1;
  while (i < iMax) {
    if (x[i - 1] < x[i]) {
      let ahead = i + 1;
      while (ahead < iMax && x[ahead] === x[i]) ahead++;
      if (x[ahead] < x[i]) {
        if (x[i] >= minHeight) out[m++] = (i + ahead - 1) >> 1;
        i = ahead;
      }
    }
    i++;
  }
  return out.slice(0, m);
}

/**
 * SciPy `_select_by_peak_distance`: strongest peaks first, each removing weaker neighbours closer
 * than `distance`. Ties in height: the later peak is treated as stronger (a stable sort).
 *
 * Sorting every peak is the slow part on a night of data, so the outcome is settled first where it is
 * certain: a peak stronger than every peak within `distance` is kept whatever the order, and every
 * peak within `distance` of such a peak is removed by it. Only the rest, a few, are sorted; they can
 * neither suppress nor be suppressed by the settled ones, so the result is SciPy's exactly.
 */
export function selectByDistance(peaks: Int32Array, priority: Float64Array, distance: number): Uint8Array {
  const n = peaks.length;
  const d = Math.ceil(distance);
  const stronger = (a: number, b: number) => priority[a] > priority[b] || (priority[a] === priority[b] && a > b);
  const isWindowMax = windowMaxima(peaks, d, stronger);
  const REMOVED = 0, KEPT = 1, OPEN = 2;
  const state = new Uint8Array(n).fill(OPEN);
  for (let j = 0; j < n; j++) {
    if (!isWindowMax[j]) continue;
    state[j] = KEPT;
    for (let k = j - 1; k >= 0 && peaks[j] - peaks[k] < d; k--) state[k] = REMOVED;
    for (let k = j + 1; k < n && peaks[k] - peaks[j] < d; k++) state[k] = REMOVED;
  }
  let open = 0;
  for (let j = 0; j < n; j++) if (state[j] === OPEN) open++;
  const rest = new Int32Array(open);
  for (let j = 0, m = 0; j < n; j++) if (state[j] === OPEN) rest[m++] = j;
  const order = sortIndicesByValue(Float64Array.from(rest, (j) => priority[j]));
  for (let r = open - 1; r >= 0; r--) {
    const j = rest[order[r]];
    if (state[j] !== OPEN) continue;
    state[j] = KEPT;
    for (let k = j - 1; k >= 0 && peaks[j] - peaks[k] < d; k--) if (state[k] === OPEN) state[k] = REMOVED;
    for (let k = j + 1; k < n && peaks[k] - peaks[j] < d; k++) if (state[k] === OPEN) state[k] = REMOVED;
  }
  for (let j = 0; j < n; j++) if (state[j] === OPEN) state[j] = REMOVED;
  return state;
}

/** For each peak, whether it is stronger than every other peak closer than `d` (two monotonic-deque passes). */
function windowMaxima(peaks: Int32Array, d: number, stronger: (a: number, b: number) => boolean): Uint8Array {
  const n = peaks.length;
  const result = new Uint8Array(n).fill(1);
  const deque = new Int32Array(n);
  for (const forward of [true, false]) {
    let head = 0, tail = 0;
    for (let s = 0; s < n; s++) {
      const j = forward ? s : n - 1 - s;
      while (head < tail && Math.abs(peaks[j] - peaks[deque[head]]) >= d) head++;
      if (head < tail && !stronger(j, deque[head])) result[j] = 0;
      while (head < tail && stronger(j, deque[tail - 1])) tail--;
      deque[tail++] = j;
    }
  }
  return result;
}

/** Indices 0..n-1 ordered by value ascending, ties by index ascending (stable). */
function sortIndicesByValue(values: Float64Array): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => values[a] - values[b] || a - b);
}

/**
 * Block summaries of a signal at sizes 64, 64^2, 64^3: each block's maximum, its minimum, and the
 * leftmost and rightmost positions of that minimum. A walk can then step over a whole block whose
 * maximum does not stop it, folding in the block's minimum, instead of visiting every sample.
 */
class BlockSummaries {
  static readonly SHIFT = 6;
  readonly levels: Array<{ size: number; max: Float64Array; min: Float64Array; minLeft: Int32Array; minRight: Int32Array }> = [];

  constructor(x: ArrayLike<number>) {
    const n = x.length;
    let size = 1 << BlockSummaries.SHIFT;
    let count = Math.ceil(n / size);
    const max = new Float64Array(count), min = new Float64Array(count);
    const minLeft = new Int32Array(count), minRight = new Int32Array(count);
    for (let b = 0; b < count; b++) {
      const s = b * size, e = Math.min(n, s + size);
      let hi = x[s], lo = x[s], l = s, r = s;
      for (let i = s + 1; i < e; i++) {
        const v = x[i];
        if (v > hi) hi = v;
        if (v < lo) { lo = v; l = i; r = i; } else if (v === lo) r = i;
      }
      max[b] = hi; min[b] = lo; minLeft[b] = l; minRight[b] = r;
    }
    this.levels.push({ size, max, min, minLeft, minRight });
    while (count > 1 && this.levels.length < 3) {
      const below = this.levels[this.levels.length - 1];
      const fan = 1 << BlockSummaries.SHIFT;
      size *= fan;
      count = Math.ceil(below.max.length / fan);
      const lv = { size, max: new Float64Array(count), min: new Float64Array(count), minLeft: new Int32Array(count), minRight: new Int32Array(count) };
      for (let b = 0; b < count; b++) {
        const s = b * fan, e = Math.min(below.max.length, s + fan);
        let hi = below.max[s], lo = below.min[s], l = below.minLeft[s], r = below.minRight[s];
        for (let k = s + 1; k < e; k++) {
          if (below.max[k] > hi) hi = below.max[k];
          if (below.min[k] < lo) { lo = below.min[k]; l = below.minLeft[k]; r = below.minRight[k]; } else if (below.min[k] === lo) r = below.minRight[k];
        }
        lv.max[b] = hi; lv.min[b] = lo; lv.minLeft[b] = l; lv.minRight[b] = r;
      }
      this.levels.push(lv);
    }
  }
}

/**
 * Prominences and bases of `peaks`, identical to SciPy `_peak_prominences` with no window. The walks
 * are SciPy's (outward while samples are <= the peak, the first strict minimum met is the base), but
 * they step over whole blocks, so a tall peak's walk across the night costs thousands of steps,
 * not millions.
 */
export function peakProminences(x: ArrayLike<number>, peaks: Int32Array) {
  const n = x.length;
  const np = peaks.length;
  const leftBases = new Int32Array(np);
  const rightBases = new Int32Array(np);
  const prominences = new Float64Array(np);
  const levels = np > 0 ? new BlockSummaries(x).levels : [];
  const top = levels.length - 1;

  for (let k = 0; k < np; k++) {
    const peak = peaks[k];
    const v = x[peak];

    let leftMin = v, leftPos = peak;
    let i = peak - 1;
    walkLeft: while (i >= 0) {
      for (let l = top; l >= 0; l--) {
        const lv = levels[l];
        if ((i + 1) % lv.size === 0) {
          const b = (i + 1) / lv.size - 1;
          if (lv.max[b] <= v) {
            if (lv.min[b] < leftMin) { leftMin = lv.min[b]; leftPos = lv.minRight[b]; }
            i -= lv.size;
            continue walkLeft;
          }
        }
      }
      const xi = x[i];
      if (xi > v) break;
      if (xi < leftMin) { leftMin = xi; leftPos = i; }
      i--;
    }

    let rightMin = v, rightPos = peak;
    i = peak + 1;
    walkRight: while (i < n) {
      for (let l = top; l >= 0; l--) {
        const lv = levels[l];
        if (i % lv.size === 0) {
          const b = i / lv.size;
          if (lv.max[b] <= v) {
            if (lv.min[b] < rightMin) { rightMin = lv.min[b]; rightPos = lv.minLeft[b]; }
            i += lv.size;
            continue walkRight;
          }
        }
      }
      const xi = x[i];
      if (xi > v) break;
      if (xi < rightMin) { rightMin = xi; rightPos = i; }
      i++;
    }

    leftBases[k] = leftPos;
    rightBases[k] = rightPos;
    prominences[k] = v - Math.max(leftMin, rightMin);
  }
  return { prominences, leftBases, rightBases };
}

/** SciPy `_peak_widths`: width at `x[peak] - prominence * relHeight`, interpolated, within the bases. */
export function peakWidths(
  x: ArrayLike<number>,
  peaks: Int32Array,
  prominences: Float64Array,
  leftBases: Int32Array,
  rightBases: Int32Array,
  relHeight = 0.5,
): Float64Array {
  const widths = new Float64Array(peaks.length);
  for (let k = 0; k < peaks.length; k++) {
    const peak = peaks[k];
    const iMin = leftBases[k];
    const iMax = rightBases[k];
    const h = x[peak] - prominences[k] * relHeight;
    let i = peak;
    while (iMin < i && h < x[i]) i--;
    let leftIp = i;
    if (x[i] < h) leftIp += (h - x[i]) / (x[i + 1] - x[i]);
    i = peak;
    while (i < iMax && h < x[i]) i++;
    let rightIp = i;
    if (x[i] < h) rightIp -= (h - x[i]) / (x[i - 1] - x[i]);
    widths[k] = rightIp - leftIp;
  }
  return widths;
}

function pick<T extends Int32Array | Float64Array>(a: T, keep: Uint8Array, count: number): T {
  const out = new (a.constructor as { new (n: number): T })(count);
  let m = 0;
  for (let i = 0; i < a.length; i++) if (keep[i]) out[m++] = a[i];
  return out;
}

function countKept(keep: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < keep.length; i++) c += keep[i];
  return c;
}

/** `scipy.signal.find_peaks(x, height=, distance=, width=, rel_height=)`, filters in SciPy's order. */
export function findPeaks(x: ArrayLike<number>, options: PeakOptions = {}): PeakResult {
  let peaks = localMaxima(x, options.height ?? -Infinity);

  if (options.distance !== undefined && peaks.length > 1) {
    const priority = new Float64Array(peaks.length);
    for (let k = 0; k < peaks.length; k++) priority[k] = x[peaks[k]];
    const keep = selectByDistance(peaks, priority, options.distance);
    peaks = pick(peaks, keep, countKept(keep));
  }

  let { prominences, leftBases, rightBases } = peakProminences(x, peaks);
  let widths = peakWidths(x, peaks, prominences, leftBases, rightBases, options.relHeight ?? 0.5);

  if (options.width !== undefined) {
    const keep = new Uint8Array(peaks.length);
    for (let k = 0; k < peaks.length; k++) keep[k] = widths[k] >= options.width! ? 1 : 0;
    const c = countKept(keep);
    peaks = pick(peaks, keep, c);
    prominences = pick(prominences, keep, c);
    leftBases = pick(leftBases, keep, c);
    rightBases = pick(rightBases, keep, c);
    widths = pick(widths, keep, c);
  }
  return { peaks, prominences, leftBases, rightBases, widths };
}
