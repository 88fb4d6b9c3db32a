/**
 * Peak finding with the exact semantics of `scipy.signal.find_peaks(x, height, distance, width)`
 * (rel_height 0.5, no wlen), in near-linear time.
 *
 * SciPy's prominence step walks from each peak to the nearest higher sample on either side, which is
 * quadratic on long signals. Here one monotonic-stack pass per side gives, for every sample, the
 * minimum (and its position) between it and its nearest strictly higher neighbour: the same bases.
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

/** Local maxima; a flat top counts once, at its middle sample (rounding down). SciPy `_local_maxima_1d`. */
export function localMaxima(x: ArrayLike<number>): Int32Array {
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
        out[m++] = (i + ahead - 1) >> 1;
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
 */
export function selectByDistance(peaks: Int32Array, priority: Float64Array, distance: number): Uint8Array {
  const n = peaks.length;
  const keep = new Uint8Array(n).fill(1);
  const d = Math.ceil(distance);
  const order = sortIndicesByValue(priority);
  for (let r = n - 1; r >= 0; r--) {
    const j = order[r];
    if (keep[j] === 0) continue;
    for (let k = j - 1; k >= 0 && peaks[j] - peaks[k] < d; k--) keep[k] = 0;
    for (let k = j + 1; k < n && peaks[k] - peaks[j] < d; k++) keep[k] = 0;
  }
  return keep;
}

/** Indices 0..n-1 ordered by value ascending, ties by index ascending (stable). */
function sortIndicesByValue(values: Float64Array): Uint32Array {
  const order = new Uint32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => values[a] - values[b] || a - b);
}

/**
 * Prominences and bases of `peaks` (sorted ascending), identical to SciPy `_peak_prominences` with
 * no window, in O(n): left base = the rightmost minimum of x over (previous strictly higher sample,
 * peak]; right base = the leftmost minimum over [peak, next strictly higher sample).
 */
export function peakProminences(x: ArrayLike<number>, peaks: Int32Array) {
  const n = x.length;
  const np = peaks.length;
  const leftBases = new Int32Array(np);
  const rightBases = new Int32Array(np);
  const leftMin = new Float64Array(np);
  const rightMin = new Float64Array(np);
  const stack = new Int32Array(n);
  const segMin = new Float64Array(n);
  const segPos = new Int32Array(n);

  // Left to right: stack entries hold the minimum of x between them and the entry below.
  let top = -1;
  let p = 0;
  for (let i = 0; i < n && p < np; i++) {
    const xi = x[i];
    let curMin = xi, curPos = i;
    while (top >= 0 && x[stack[top]] <= xi) {
      if (segMin[top] < curMin) { curMin = segMin[top]; curPos = segPos[top]; }
      top--;
    }
    top++;
    stack[top] = i; segMin[top] = curMin; segPos[top] = curPos;
    if (i === peaks[p]) { leftMin[p] = curMin; leftBases[p] = curPos; p++; }
  }

  // Right to left, mirrored: ties keep the position nearer the peak (the left one).
  top = -1;
  p = np - 1;
  for (let i = n - 1; i >= 0 && p >= 0; i--) {
    const xi = x[i];
    let curMin = xi, curPos = i;
    while (top >= 0 && x[stack[top]] <= xi) {
      if (segMin[top] < curMin) { curMin = segMin[top]; curPos = segPos[top]; }
      top--;
    }
    top++;
    stack[top] = i; segMin[top] = curMin; segPos[top] = curPos;
    if (i === peaks[p]) { rightMin[p] = curMin; rightBases[p] = curPos; p--; }
  }

  const prominences = new Float64Array(np);
  for (let k = 0; k < np; k++) prominences[k] = x[peaks[k]] - Math.max(leftMin[k], rightMin[k]);
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
  let peaks = localMaxima(x);

  if (options.height !== undefined) {
    const h = options.height;
    const keep = new Uint8Array(peaks.length);
    for (let k = 0; k < peaks.length; k++) keep[k] = x[peaks[k]] >= h ? 1 : 0;
    peaks = pick(peaks, keep, countKept(keep));
  }

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
