/**
 * §2 of cpap-scoring.md: flow in L/min, the spans (a step > 1 s between valid samples splits the
 * recording) and the 0.2-s smoothed flow S that drives segmentation and amplitudes.
 */
import { SCORING_CONSTANTS as C } from './presets.ts';
import { selectKth } from './stats.ts';

export const LPM_PER_M3S = 60000;

export interface FlowSignal {
  time: Float64Array;
  /** Raw venturi 1 flow, m^3/s (volumes); F = Q·60000 L/min is computed where it is read. */
  q: Float64Array;
  /** Mean of F over the span's samples within ±0.1 s. */
  s: Float64Array;
  /** Span k covers samples [spanStart[k], spanEnd[k]). */
  spanStart: Int32Array;
  spanEnd: Int32Array;
  /**
   * Histogram of |F − S| for the noise: bins of 1/256 L/min, the last for 16 L/min and above; four
   * interleaved copies (by sample index) so that consecutive counts do not wait on each other.
   */
  residualBins: Int32Array;
}

const BINS = 4097;
const BIN_SCALE = 256;
const LANES = 4;
const binOf = (d: number) => (d >= 16 ? BINS - 1 : (d * BIN_SCALE) | 0);

export function flowSignal(time: Float64Array, q: Float64Array): FlowSignal {
  const n = time.length;
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
  const residualBins = new Int32Array(BINS * LANES);
  for (let k = 0; k < spanStart.length; k++) smoothSpan(time, q, s, residualBins, spanStart[k]!, spanEnd[k]!);
  return { time, q, s, spanStart, spanEnd, residualBins };
}

/**
 * Running sum over the window |t[j] − t[k]| ≤ 0.1 s (two pointers: linear time), of Q, the mean
 * scaled to L/min once. Where every sample in the window reads exactly 0 (pauses, where V1 sits at
 * ADC zero), S is exactly 0, so the running sum's rounding residue cannot make a spurious episode.
 */
function smoothSpan(time: Float64Array, q: Float64Array, s: Float64Array, bins: Int32Array, a: number, b: number): void {
  const half = C.smoothingS / 2 + C.eps;
  let lo = a, hi = a; // window [lo, hi)
  let sum = 0, nonZero = 0;
  for (let k = a; k < b; k++) {
    const tk = time[k]!;
    while (hi < b && time[hi]! - tk <= half) {
      const v = q[hi]!;
      sum += v;
      if (v !== 0) nonZero++;
      hi++;
    }
    while (tk - time[lo]! > half) {
      const v = q[lo]!;
      sum -= v;
      if (v !== 0) nonZero--;
      lo++;
    }
    let sk = 0;
    if (nonZero === 0) sum = 0;
    else sk = (sum / (hi - lo)) * LPM_PER_M3S;
    s[k] = sk;
    const d = Math.min(Math.abs(q[k]! * LPM_PER_M3S - sk), 16);
    bins[((d * BIN_SCALE) | 0) * LANES + (k & (LANES - 1))]!++;
  }
}

/**
 * §11: σ = 1.4826·median|F − S| over all samples, in linear time without a copy of the night: the
 * histogram made while smoothing finds the bin holding the middle. When the bin's upper edge is
 * already under the noisy-flow threshold, that bound (within 0.006 L/min) is returned; otherwise
 * the bin's values are gathered and the exact σ selected.
 */
export function flowNoise(sig: FlowSignal): number {
  const { q, s } = sig;
  const n = q.length;
  if (n === 0) return NaN;
  const counts = new Int32Array(BINS); // the lanes of the histogram made while smoothing, summed
  for (let i = 0; i < BINS * LANES; i++) counts[(i / LANES) | 0]! += sig.residualBins[i]!;
  // The middle ranks (one or two): the bins holding them, and the values below those bins.
  const lowRank = (n - 1) >> 1, highRank = n >> 1;
  let below = 0, bin = 0;
  while (below + counts[bin]! <= lowRank) below += counts[bin++]!;
  let lastBin = bin, belowLast = below;
  while (belowLast + counts[lastBin]! <= highRank) belowLast += counts[lastBin++]!;
  // The bins bound σ; when the bound alone decides the warning, the exact value is not needed.
  const upper = 1.4826 * ((lastBin + 1) / BIN_SCALE);
  if (lastBin < BINS - 1 && upper <= C.noisyFlowLpm) return upper;
  const picked = new Float64Array(belowLast - below + counts[lastBin]!);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const d = Math.abs(q[i]! * LPM_PER_M3S - s[i]!);
    const b = binOf(d);
    if (b >= bin && b <= lastBin) picked[k++] = d;
  }
  const lo = selectKth(picked, k, lowRank - below);
  const hi = highRank === lowRank ? lo : selectKth(picked, k, highRank - below);
  return 1.4826 * ((lo + hi) / 2);
}
