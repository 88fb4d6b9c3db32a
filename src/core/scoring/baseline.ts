/**
 * §4 of cpap-scoring.md: each breath's baseline amplitude B (median PIF of the preceding 120 s of
 * eligible breaths, a warm-up baseline at a span's start, re-anchoring after lasting change).
 * Reduced breaths never feed the baseline.
 */
import type { Breath } from './breaths.ts';
import { SCORING_CONSTANTS as C } from './presets.ts';
import { median, medianOfSorted } from './stats.ts';

/** B per breath (NaN where undefined), for a preset whose hypopnea threshold is A ≤ hypopneaFrac·B. */
export function baselines(breaths: Breath[], time: Float64Array, spanStart: Int32Array, hypopneaFrac: number): Float64Array {
  const B = new Float64Array(breaths.length).fill(NaN);
  const eligible = new Uint8Array(breaths.length);
  let scratch = new Float64Array(256);
  let first = 0;
  while (first < breaths.length) {
    const span = breaths[first]!.span;
    let last = first;
    while (last < breaths.length && breaths[last]!.span === span) last++;
    const spanT0 = time[spanStart[span]!]!;
    // Warm-up: complete breaths starting in the span's first 120 s (the whole span if shorter).
    const warm: number[] = [];
    for (let j = first; j < last && time[breaths[j]!.s]! < spanT0 + C.baselineS; j++) {
      if (breaths[j]!.complete) warm.push(breaths[j]!.pif);
    }
    const warmB = warm.length >= C.minBreaths ? median(warm) : NaN;
    let lo = first;
    for (let i = first; i < last; i++) {
      const T = time[breaths[i]!.s]!;
      while (time[breaths[lo]!.s]! < T - C.baselineS) lo++;
      if (scratch.length < i - lo) scratch = new Float64Array(2 * (i - lo));
      let nElig = 0, nAny = 0;
      for (let j = lo; j < i; j++) {
        if (!breaths[j]!.complete) continue;
        nAny++;
        if (eligible[j]) scratch[nElig++] = breaths[j]!.pif;
      }
      let b: number;
      if (nElig >= C.minBreaths) b = sortedMedian(scratch, nElig);
      else if (T < spanT0 + C.baselineS && warmB === warmB) b = warmB;
      else if (nAny >= C.minBreaths) {
        let k = 0;
        for (let j = lo; j < i; j++) if (breaths[j]!.complete) scratch[k++] = breaths[j]!.pif;
        b = sortedMedian(scratch, k);
      }
      else b = i > first ? B[i - 1]! : NaN;
      B[i] = b;
      const br = breaths[i]!;
      eligible[i] = br.complete && (b !== b || br.pif > hypopneaFrac * b) ? 1 : 0;
    }
    first = last;
  }
  return B;
}

/** Median of a[0..n) (sorted in place: n is a few dozen breaths). */
function sortedMedian(a: Float64Array, n: number): number {
  return medianOfSorted(a.subarray(0, n).sort());
}
