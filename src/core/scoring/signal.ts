/**
 * §2 of cpap-scoring.md: flow in L/min, the spans (a step > 1 s between valid samples splits the
 * recording) and the 0.2-s smoothed flow S that drives segmentation and amplitudes.
 */
import { SCORING_CONSTANTS as C } from './presets.ts';
import { medianInPlace } from './stats.ts';

export const LPM_PER_M3S = 60000;

export interface FlowSignal {
  time: Float64Array;
  /** Raw venturi 1 flow, m^3/s (volumes). */
  q: Float64Array;
  /** F = Q·60000, L/min. */
  f: Float64Array;
  /** Mean of F over the span's samples within ±0.1 s. */
  s: Float64Array;
  /** Span k covers samples [spanStart[k], spanEnd[k]). */
  spanStart: Int32Array;
  spanEnd: Int32Array;
}

export function flowSignal(time: Float64Array, q: Float64Array): FlowSignal {
  const n = time.length;
  const f = new Float64Array(n);
  for (let i = 0; i < n; i++) f[i] = q[i]! * LPM_PER_M3S;
  const starts: number[] = [];
  const ends: number[] = [];
  if (n > 0) starts.push(0);
  for (let i = 1; i < n; i++) {
    if (time[i]! - time[i - 1]! > C.spanGapS) {
      ends.push(i);
      starts.push(i);
    }
  }
  if (n > 0) ends.push(n);
  const spanStart = Int32Array.from(starts);
  const spanEnd = Int32Array.from(ends);
  const s = new Float64Array(n);
  for (let k = 0; k < spanStart.length; k++) smoothSpan(time, f, s, spanStart[k]!, spanEnd[k]!);
  return { time, q, f, s, spanStart, spanEnd };
}

/**
 * Running sum over the window |t[j] − t[k]| ≤ 0.1 s (two pointers: linear time). Where every sample
 * in the window reads exactly 0 (pauses, where V1 sits at ADC zero), S is exactly 0, so the running
 * sum's rounding residue cannot make a spurious positive episode.
 */
function smoothSpan(time: Float64Array, f: Float64Array, s: Float64Array, a: number, b: number): void {
  const half = C.smoothingS / 2 + C.eps;
  let lo = a, hi = a; // window [lo, hi)
  let sum = 0, nonZero = 0;
  for (let k = a; k < b; k++) {
    const tk = time[k]!;
    while (hi < b && time[hi]! - tk <= half) {
      sum += f[hi]!;
      if (f[hi] !== 0) nonZero++;
      hi++;
    }
    while (tk - time[lo]! > half) {
      sum -= f[lo]!;
      if (f[lo] !== 0) nonZero--;
      lo++;
    }
    if (nonZero === 0) {
      sum = 0;
      s[k] = 0;
    } else s[k] = sum / (hi - lo);
  }
}

/** §11: σ = 1.4826·median|F − S| over all samples (by selection, no sort). */
export function flowNoise(sig: FlowSignal): number {
  const n = sig.f.length;
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = Math.abs(sig.f[i]! - sig.s[i]!);
  return 1.4826 * medianInPlace(d, n);
}
