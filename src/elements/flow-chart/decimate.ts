/**
 * Min/max decimation of a long sorted signal for drawing: the chart never hands uPlot more than
 * about two points per pixel column, whatever the length of the night.
 *
 * A {@link MinMaxPyramid} holds min/max per block of 16, 64, 256, ... samples, built once per
 * signal (one linear pass), so the min/max of any index range costs a few block look-ups plus at
 * most ~30 raw samples at each end instead of a scan of the whole range.
 */

import type { FlowEnvelope } from '../../core/envelope.ts';

const BASE_BLOCK_SHIFT = 4; // 16 samples per block at level 0
const LEVEL_SHIFT = 2; // each level groups 4 blocks of the level below

/** Index of the first element of the sorted `sorted` that is >= `value` (`sorted.length` if none). */
export function lowerBound(sorted: ArrayLike<number>, value: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of the sorted `sorted` that is > `value` (`sorted.length` if none). */
export function upperBound(sorted: ArrayLike<number>, value: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Precomputed min/max levels over a signal; NaN samples are ignored. */
export class MinMaxPyramid {
  readonly values: Float64Array;
  /** `mins[k][j]` is the min of samples `[j << shift(k), (j + 1) << shift(k))`. */
  private readonly mins: Float64Array[] = [];
  private readonly maxs: Float64Array[] = [];
  private readonly shifts: number[] = [];
  private lo = Infinity;
  private hi = -Infinity;

  constructor(values: Float64Array) {
    this.values = values;
    let shift = BASE_BLOCK_SHIFT;
    let prevMin: Float64Array | null = null;
    let prevMax: Float64Array | null = null;
    while (values.length >> shift >= 2) {
      const size = 1 << shift;
      const count = Math.ceil(values.length / size);
      const mn = new Float64Array(count);
      const mx = new Float64Array(count);
      if (prevMin === null || prevMax === null) {
        for (let j = 0; j < count; j++) {
          let lo = Infinity;
          let hi = -Infinity;
          const end = Math.min(values.length, (j + 1) * size);
          for (let i = j * size; i < end; i++) {
            const v = values[i]!;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
          mn[j] = lo;
          mx[j] = hi;
        }
      } else {
        const group = 1 << LEVEL_SHIFT;
        for (let j = 0; j < count; j++) {
          let lo = Infinity;
          let hi = -Infinity;
          const end = Math.min(prevMin.length, (j + 1) * group);
          for (let i = j * group; i < end; i++) {
            if (prevMin[i]! < lo) lo = prevMin[i]!;
            if (prevMax[i]! > hi) hi = prevMax[i]!;
          }
          mn[j] = lo;
          mx[j] = hi;
        }
      }
      this.mins.push(mn);
      this.maxs.push(mx);
      this.shifts.push(shift);
      prevMin = mn;
      prevMax = mx;
      shift += LEVEL_SHIFT;
    }
  }

  /** Number of precomputed levels (0 for signals shorter than two base blocks). */
  get levels(): number {
    return this.shifts.length;
  }

  /** Min and max of `values[from..to)` as `[min, max]` (`[Infinity, -Infinity]` if empty). */
  minMax(from: number, to: number): [number, number] {
    this.lo = Infinity;
    this.hi = -Infinity;
    const span = to - from;
    if (span > 0) {
      let level = this.shifts.length - 1;
      while (level >= 0 && 1 << this.shifts[level]! > span) level--;
      this.scan(from, to, level);
    }
    return [this.lo, this.hi];
  }

  private scan(from: number, to: number, level: number): void {
    if (level < 0) {
      const v = this.values;
      let lo = this.lo;
      let hi = this.hi;
      for (let i = from; i < to; i++) {
        const x = v[i]!;
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
      this.lo = lo;
      this.hi = hi;
      return;
    }
    const shift = this.shifts[level]!;
    const size = 1 << shift;
    const firstBlock = Math.ceil(from / size);
    // The last block may be partial; it covers up to the end of the signal only.
    const lastBlock = to === this.values.length ? Math.ceil(to / size) : Math.floor(to / size);
    if (firstBlock >= lastBlock) {
      this.scan(from, to, level - 1);
      return;
    }
    const mn = this.mins[level]!;
    const mx = this.maxs[level]!;
    let lo = this.lo;
    let hi = this.hi;
    for (let j = firstBlock; j < lastBlock; j++) {
      if (mn[j]! < lo) lo = mn[j]!;
      if (mx[j]! > hi) hi = mx[j]!;
    }
    this.lo = lo;
    this.hi = hi;
    const blocksStart = firstBlock * size;
    const blocksEnd = Math.min(this.values.length, lastBlock * size);
    if (from < blocksStart) this.scan(from, blocksStart, level - 1);
    if (blocksEnd < to) this.scan(blocksEnd, to, level - 1);
  }
}

/**
 * Envelope by time: min/max of `values` over `buckets` equal time buckets of `[xMin, xMax]` (the last bucket
 * includes `xMax`). `time` must be sorted ascending. With a `pyramid` built over `values` the cost
 * is about O(buckets × log n); without, one linear scan of the visible range.
 */
export function envelopeByTime(
  time: Float64Array,
  values: Float64Array,
  xMin: number,
  xMax: number,
  buckets: number,
  pyramid?: MinMaxPyramid,
): FlowEnvelope {
  const n = Math.max(1, Math.floor(buckets));
  const out: FlowEnvelope = {
    time: new Float64Array(n),
    min: new Float64Array(n).fill(Infinity),
    max: new Float64Array(n).fill(-Infinity),
  };
  const width = (xMax - xMin) / n;
  let start = lowerBound(time, xMin);
  const end = upperBound(time, xMax, start);
  for (let j = 0; j < n; j++) {
    const t0 = xMin + j * width;
    out.time[j] = t0;
    const stop = j === n - 1 ? end : lowerBound(time, xMin + (j + 1) * width, start, end);
    if (stop > start) {
      if (pyramid) {
        const [lo, hi] = pyramid.minMax(start, stop);
        out.min[j] = lo;
        out.max[j] = hi;
      } else {
        let lo = Infinity;
        let hi = -Infinity;
        for (let i = start; i < stop; i++) {
          const v = values[i]!;
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        out.min[j] = lo;
        out.max[j] = hi;
      }
    }
    start = stop;
  }
  return out;
}

/**
 * Turns an envelope into a drawable line: two points per non-empty bucket (at a quarter and three
 * quarters of its width), min and max ordered so the line joins the nearer extreme of the previous
 * bucket first. Empty buckets are skipped.
 */
export function envelopeToLine(env: FlowEnvelope, bucketWidth?: number): [Float64Array, Float64Array] {
  const n = env.time.length;
  const width = bucketWidth ?? (n > 1 ? env.time[1]! - env.time[0]! : 0);
  const xs = new Float64Array(n * 2);
  const ys = new Float64Array(n * 2);
  let k = 0;
  let last = NaN;
  for (let j = 0; j < n; j++) {
    const lo = env.min[j]!;
    const hi = env.max[j]!;
    if (!(lo <= hi)) continue;
    const minFirst = Number.isNaN(last) || Math.abs(last - lo) <= Math.abs(last - hi);
    const t = env.time[j]!;
    xs[k] = t + width * 0.25;
    ys[k++] = minFirst ? lo : hi;
    xs[k] = t + width * 0.75;
    ys[k++] = minFirst ? hi : lo;
    last = minFirst ? hi : lo;
  }
  return [xs.subarray(0, k), ys.subarray(0, k)];
}
