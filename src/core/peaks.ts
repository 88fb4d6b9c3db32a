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

/**
 * Indices 0..n-1 ordered by value ascending, ties by index ascending (stable). The values are sorted
 * natively (no comparator calls: 3-4x faster on a night's 60 k open peaks), then each index goes to
 * the next free place among its value's, found by binary search, in index order.
 */
function sortIndicesByValue(values: Float64Array): Uint32Array {
  const n = values.length;
  const sorted = values.slice().sort();
  const order = new Uint32Array(n);
  const taken = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let lo = 0, hi = n; // the first place whose value is not below v
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    order[lo + taken[lo]++] = i;
  }
  return order;
}

/** Bits of a smallest block's size: blocks of 64, 64^2 and 64^3 samples. */
const SHIFT = 6;
const LEVELS = 3;
/** Position bits within a smallest block. */
const FIRST_MASK = (1 << SHIFT) - 1;

/**
 * One level of block summaries: each block's maximum, its minimum, and the leftmost and rightmost
 * positions of that minimum (and of the maximum, when asked: they are the minimum's of -x). A walk
 * can then step over a whole block whose maximum does not stop it, folding in the block's minimum,
 * instead of visiting every sample.
 */
export interface BlockLevel {
  size: number;
  shift: number;
  max: Float64Array;
  min: Float64Array;
  minLeft: Int32Array;
  minRight: Int32Array;
  maxLeft?: Int32Array;
  maxRight?: Int32Array;
}

function newLevel(shift: number, count: number, withMax: boolean): BlockLevel {
  const lv: BlockLevel = { size: 1 << shift, shift, max: new Float64Array(count), min: new Float64Array(count), minLeft: new Int32Array(count), minRight: new Int32Array(count) };
  if (withMax) {
    lv.maxLeft = new Int32Array(count);
    lv.maxRight = new Int32Array(count);
  }
  return lv;
}

/** The block levels of `x`; `withMax`: with the maximum's positions too, for {@link negatedLevels}. */
export function blockLevels(x: ArrayLike<number>, withMax = false): BlockLevel[] {
  const n = x.length;
  let count = Math.ceil(n / (1 << SHIFT));
  const first = newLevel(SHIFT, count, withMax);
  const { max, min, minLeft, minRight } = first;
  for (let b = 0; b < count; b++) {
    const s = b << SHIFT, e = Math.min(n, s + (1 << SHIFT));
    let hi = x[s], lo = x[s], l = s, r = s, hl = s, hr = s;
    for (let i = s + 1; i < e; i++) {
      const v = x[i];
      if (v > hi) { hi = v; hl = i; hr = i; } else if (v === hi) hr = i;
      if (v < lo) { lo = v; l = i; r = i; } else if (v === lo) r = i;
    }
    max[b] = hi; min[b] = lo; minLeft[b] = l; minRight[b] = r;
    if (withMax) { first.maxLeft![b] = hl; first.maxRight![b] = hr; }
  }
  const levels = [first];
  while (count > 1 && levels.length < LEVELS) {
    const below = levels[levels.length - 1]!;
    const fan = 1 << SHIFT;
    count = Math.ceil(below.max.length / fan);
    const lv = newLevel(below.shift + SHIFT, count, withMax);
    for (let b = 0; b < count; b++) {
      const s = b * fan, e = Math.min(below.max.length, s + fan);
      let hi = below.max[s], lo = below.min[s], l = below.minLeft[s], r = below.minRight[s];
      let hl = withMax ? below.maxLeft![s] : 0, hr = withMax ? below.maxRight![s] : 0;
      for (let k = s + 1; k < e; k++) {
        if (below.max[k] > hi) { hi = below.max[k]; if (withMax) { hl = below.maxLeft![k]; hr = below.maxRight![k]; } }
        else if (withMax && below.max[k] === hi) hr = below.maxRight![k];
        if (below.min[k] < lo) { lo = below.min[k]; l = below.minLeft[k]; r = below.minRight[k]; } else if (below.min[k] === lo) r = below.minRight[k];
      }
      lv.max[b] = hi; lv.min[b] = lo; lv.minLeft[b] = l; lv.minRight[b] = r;
      if (withMax) { lv.maxLeft![b] = hl; lv.maxRight![b] = hr; }
    }
    levels.push(lv);
  }
  return levels;
}

/** The block levels of -x from those of x made `withMax`: no second pass over the signal. */
export function negatedLevels(levels: BlockLevel[]): BlockLevel[] {
  const negate = (a: Float64Array) => a.map((v) => -v);
  return levels.map((lv) => ({ size: lv.size, shift: lv.shift, max: negate(lv.min), min: negate(lv.max), minLeft: lv.maxLeft!, minRight: lv.maxRight!, maxLeft: lv.minLeft, maxRight: lv.minRight }));
}

/**
 * Prominences and bases of `peaks`, identical to SciPy `_peak_prominences` with no window. The walks
 * are SciPy's (outward while samples are <= the peak, the first strict minimum met is the base), but
 * they step over whole blocks, so a tall peak's walk across the night costs thousands of steps,
 * not millions.
 */
export function peakProminences(x: ArrayLike<number>, peaks: Int32Array, blocks?: BlockLevel[]) {
  const n = x.length;
  const np = peaks.length;
  const leftBases = new Int32Array(np);
  const rightBases = new Int32Array(np);
  const prominences = new Float64Array(np);
  const levels = np > 0 ? blocks ?? blockLevels(x) : [];
  const top = levels.length - 1;

  for (let k = 0; k < np; k++) {
    const peak = peaks[k];
    const v = x[peak];

    let leftMin = v, leftPos = peak;
    let i = peak - 1;
    walkLeft: while (i >= 0) {
      // At a block's right end (every larger block's end is also a smallest block's end): the
      // largest block ending here whose maximum does not stop the walk is stepped over whole.
      if (((i + 1) & FIRST_MASK) === 0) {
        for (let l = top; l >= 0; l--) {
          const lv = levels[l];
          if (((i + 1) & (lv.size - 1)) === 0) {
            const b = ((i + 1) >> lv.shift) - 1;
            if (lv.max[b] <= v) {
              if (lv.min[b] < leftMin) { leftMin = lv.min[b]; leftPos = lv.minRight[b]; }
              i -= lv.size;
              continue walkLeft;
            }
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
      if ((i & FIRST_MASK) === 0) {
        for (let l = top; l >= 0; l--) {
          const lv = levels[l];
          if ((i & (lv.size - 1)) === 0) {
            const b = i >> lv.shift;
            if (lv.max[b] <= v) {
              if (lv.min[b] < rightMin) { rightMin = lv.min[b]; rightPos = lv.minLeft[b]; }
              i += lv.size;
              continue walkRight;
            }
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

/**
 * `scipy.signal.find_peaks(x, height=, distance=, width=, rel_height=)`, filters in SciPy's order.
 * `blocks`: `x`'s block levels when already made (see {@link findPeaksBothWays}).
 */
export function findPeaks(x: ArrayLike<number>, options: PeakOptions = {}, blocks?: BlockLevel[]): PeakResult {
  let peaks = localMaxima(x, options.height ?? -Infinity);

  if (options.distance !== undefined && peaks.length > 1) {
    const priority = new Float64Array(peaks.length);
    for (let k = 0; k < peaks.length; k++) priority[k] = x[peaks[k]];
    const keep = selectByDistance(peaks, priority, options.distance);
    peaks = pick(peaks, keep, countKept(keep));
  }

  let { prominences, leftBases, rightBases } = peakProminences(x, peaks, blocks);
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

/**
 * `find_peaks(x, **up)` and `find_peaks(-x, **down)` (peaks and troughs) with one pass of block
 * summaries for both, and x's extremes.
 */
export function findPeaksBothWays(x: Float64Array, up: PeakOptions, down: PeakOptions): { up: PeakResult; down: PeakResult; min: number; max: number } {
  const negated = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) negated[i] = -x[i]!;
  const levels = blockLevels(x, true);
  const top = levels[levels.length - 1]!;
  let min = Infinity, max = -Infinity;
  for (let b = 0; b < top.max.length; b++) {
    if (top.min[b]! < min) min = top.min[b]!;
    if (top.max[b]! > max) max = top.max[b]!;
  }
  return { up: findPeaks(x, up, levels), down: findPeaks(negated, down, negatedLevels(levels)), min, max };
}
