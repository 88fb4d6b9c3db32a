/** Order statistics as cpap-scoring.md §1 defines them: even-count medians average the middle two; percentiles are nearest rank. */
import type { Spread } from './types.ts';

/** Median of ascending `sorted` (not empty): the middle value, or the mean of the middle two. */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** Median of a small list (copied and sorted); NaN when empty. */
export function median(values: ArrayLike<number>): number {
  return values.length === 0 ? NaN : medianOfSorted(Float64Array.from(values).sort());
}

/** Nearest-rank percentile `v[ceil(p·n/100) − 1]` of ascending `sorted`; NaN when empty. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return sorted[Math.min(n - 1, Math.max(0, Math.ceil((p * n) / 100) - 1))]!;
}

/** Median and 95th percentile, null when there is no value. */
export function spread(values: ArrayLike<number>): Spread {
  const n = values.length;
  if (n === 0) return { median: null, p95: null };
  const v = (values instanceof Float64Array ? values.slice() : Float64Array.from(values)).sort();
  return { median: medianOfSorted(v), p95: percentileSorted(v, 95) };
}

/**
 * The k-th smallest of `a[0..n)` (0-based), rearranging `a` in place: Hoare's selection, linear on
 * average. For medians over many samples without sorting them.
 */
export function selectKth(a: Float64Array, n: number, k: number): number {
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const x = a[i]!;
        a[i] = a[j]!;
        a[j] = x;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** Median of `a[0..n)` by selection (rearranges `a`); NaN when empty. */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) return NaN;
  if (n % 2) return selectKth(a, n, (n - 1) / 2);
  const hi = selectKth(a, n, n / 2);
  // After selecting n/2, the elements below it are all <= it: the lower middle is their maximum.
  let lo = -Infinity;
  for (let i = 0; i < n / 2; i++) if (a[i]! > lo) lo = a[i]!;
  return (lo + hi) / 2;
}
