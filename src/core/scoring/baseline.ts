/**
 * §4 of cpap-scoring.md: each breath's baseline amplitude B (median PIF of the preceding 120 s of
 * eligible breaths, a warm-up baseline at a span's start, re-anchoring after lasting change).
 * Reduced breaths never feed the baseline.
 */
import type { Breath } from './breaths.ts';
import { SCORING_CONSTANTS as C } from './presets.ts';
import { median } from './stats.ts';

/** B per breath (NaN where undefined), for a preset whose hypopnea threshold is A ≤ hypopneaFrac·B. */
export function baselines(breaths: Breath[], time: Float64Array, spanStart: Int32Array, hypopneaFrac: number): Float64Array {
  const B = new Float64Array(breaths.length).fill(NaN);
  const eligible = new Uint8Array(breaths.length);
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
    const elig: number[] = [];
    const any: number[] = [];
    for (let i = first; i < last; i++) {
      const T = time[breaths[i]!.s]!;
      while (time[breaths[lo]!.s]! < T - C.baselineS) lo++;
      elig.length = 0;
      any.length = 0;
      for (let j = lo; j < i; j++) {
        if (!breaths[j]!.complete) continue;
        any.push(breaths[j]!.pif);
        if (eligible[j]) elig.push(breaths[j]!.pif);
      }
      let b: number;
      if (elig.length >= C.minBreaths) b = median(elig);
      else if (T < spanT0 + C.baselineS && warmB === warmB) b = warmB;
      else if (any.length >= C.minBreaths) b = median(any);
      else b = i > first ? B[i - 1]! : NaN;
      B[i] = b;
      const br = breaths[i]!;
      eligible[i] = br.complete && (b !== b || br.pif > hypopneaFrac * b) ? 1 : 0;
    }
    first = last;
  }
  return B;
}
