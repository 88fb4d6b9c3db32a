/**
 * §9 of cpap-scoring.md: analysed time (spans minus no-flow, intervals without a baseline and
 * high-leak epochs), the indices per analysed hour, the severity band and the rolling AHI.
 */
import { SCORING_CONSTANTS as C } from './presets.ts';
import type { ClinicalEvent, Severity } from './types.ts';

/** The analysed parts of the spans, merged and in time order. */
export function analysedIntervals(spans: Array<[number, number]>, excluded: Array<[number, number]>): Array<[number, number]> {
  const ex = mergeIntervals(excluded);
  const out: Array<[number, number]> = [];
  let k = 0;
  for (const [a, b] of spans) {
    let cur = a;
    while (k < ex.length && ex[k]![1] <= cur) k++;
    let j = k;
    while (j < ex.length && ex[j]![0] < b) {
      if (ex[j]![0] > cur) out.push([cur, ex[j]![0]]);
      cur = Math.max(cur, ex[j]![1]);
      j++;
    }
    if (cur < b) out.push([cur, b]);
  }
  return out;
}

function mergeIntervals(list: Array<[number, number]>): Array<[number, number]> {
  const sorted = list.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function totalLength(list: Array<[number, number]>): number {
  let s = 0;
  for (const [a, b] of list) s += b - a;
  return s;
}

export function severityOf(ahi: number | null, analysedS: number): Severity | null {
  if (ahi === null || analysedS < C.severityMinS) return null;
  return ahi < 5 ? 'normal' : ahi < 15 ? 'mild' : ahi < 30 ? 'moderate' : 'severe';
}

/**
 * Counted events starting in the preceding 60 min per analysed hour in it, every 30 s from the
 * recording's start (NaN where nothing in the window was analysed).
 */
export function rollingAhi(t0: number, tEnd: number, analysed: Array<[number, number]>, events: ClinicalEvent[]): { time: Float64Array; ahi: Float64Array } {
  const steps = tEnd > t0 ? Math.floor((tEnd - t0) / C.rollingStepS) : 0;
  const time = new Float64Array(steps), ahi = new Float64Array(steps);
  const starts = events.filter((e) => e.counted).map((e) => e.start).sort((a, b) => a - b);
  const analysedBefore = cumulative(analysed);
  let lo = 0, hi = 0;
  for (let k = 0; k < steps; k++) {
    const tau = t0 + (k + 1) * C.rollingStepS;
    const from = tau - C.rollingWindowS;
    while (hi < starts.length && starts[hi]! <= tau) hi++;
    while (lo < hi && starts[lo]! <= from) lo++;
    const seconds = analysedBefore(tau) - analysedBefore(from);
    time[k] = tau;
    ahi[k] = seconds > 0 ? ((hi - lo) * 3600) / seconds : NaN;
  }
  return { time, ahi };
}

/** Analysed seconds before t, for any t (binary search over the merged intervals' running totals). */
function cumulative(list: Array<[number, number]>): (t: number) => number {
  const before = new Float64Array(list.length + 1);
  for (let i = 0; i < list.length; i++) before[i + 1] = before[i]! + list[i]![1] - list[i]![0];
  return (t) => {
    let lo = 0, hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]![0] < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const [a, b] = list[lo - 1]!;
    return before[lo - 1]! + Math.min(t, b) - a;
  };
}
