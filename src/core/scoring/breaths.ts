/**
 * §3 of cpap-scoring.md: breaths from zero crossings of the smoothed flow S (OSCAR's thresholds,
 * inspiration-anchored), each breath's inspiration end, silence and active part, and the per-breath
 * physiology (Ti, Te, RR, VT, PIF; RR60 and MV60 over the preceding minute).
 */
import { SCORING_CONSTANTS as C } from './presets.ts';
import type { FlowSignal } from './signal.ts';

export interface Breath {
  span: number;
  /** Onset sample. */
  s: number;
  /** Inspiration end: the first sample after the onset episode. */
  m: number;
  /** Next onset, or the span's end (exclusive) when incomplete. */
  n: number;
  /** Silence start (the active part is [s, sil)); n when the breath has no silence. */
  sil: number;
  complete: boolean;
  /** L/min (smoothed). */
  pif: number;
  pef: number;
  /** Complete breaths only (NaN otherwise): s, s, breaths/min, mL, breaths/min, L/min. */
  ti: number;
  te: number;
  rr: number;
  vt: number;
  rr60: number;
  mv60: number;
}

export function segmentBreaths(sig: FlowSignal): Breath[] {
  const out: Breath[] = [];
  for (let k = 0; k < sig.spanStart.length; k++) segmentSpan(sig, k, out);
  return out;
}

function segmentSpan(sig: FlowSignal, span: number, out: Breath[]): void {
  const { time: t, s: S, q } = sig;
  const a = sig.spanStart[span]!, b = sig.spanEnd[span]!;
  const first = out.length;
  let prevOnset = -Infinity;
  // The lowest S since the running breath's inspiration end: its PEF, found in this one pass.
  let mn = 0;
  for (let k = a; k < b;) {
    const v = S[k]!;
    if (!(v > 0)) {
      if (v < mn) mn = v;
      k++;
      continue;
    }
    let j = k, mx = -Infinity;
    while (j < b && S[j]! > 0) {
      if (S[j]! > mx) mx = S[j]!;
      j++;
    }
    if (mx >= C.minPifLpm && t[k]! - prevOnset >= C.minCycleS - C.eps) {
      if (out.length > first) out[out.length - 1]!.pef = -mn;
      mn = 0;
      out.push({ span, s: k, m: j, n: b, sil: b, complete: false, pif: mx, pef: 0, ti: NaN, te: NaN, rr: NaN, vt: NaN, rr60: NaN, mv60: NaN });
      prevOnset = t[k]!;
    }
    k = j;
  }
  if (out.length > first) out[out.length - 1]!.pef = -mn;
  for (let i = first; i < out.length; i++) {
    const br = out[i]!;
    if (i + 1 < out.length) {
      br.n = out[i + 1]!.s;
      br.complete = true;
    }
    br.sil = silenceStart(t, S, br.m, br.n, Math.max(C.silenceFrac * br.pef, C.silenceMinLpm));
    if (!br.complete) continue;
    br.ti = t[br.m]! - t[br.s]!;
    br.te = t[br.n]! - t[br.m]!;
    br.rr = 60 / (br.ti + br.te);
    let v = 0;
    for (let j = br.s; j < br.m; j++) v += ((Math.max(q[j]!, 0) + Math.max(q[j + 1]!, 0)) / 2) * (t[j + 1]! - t[j]!);
    br.vt = v * 1e6;
  }
  // RR60 and MV60 at each complete breath's end, over complete breaths of the preceding minute.
  const spanT0 = t[a]!;
  let lo = first;
  for (let i = first; i < out.length; i++) {
    const br = out[i]!;
    if (!br.complete) continue;
    const end = t[br.n]!;
    while (t[out[lo]!.s]! < end - 60) lo++;
    const w = Math.min(60, end - spanT0);
    let count = 0, vt = 0;
    for (let j = lo; j <= i; j++) {
      count++;
      vt += out[j]!.vt;
    }
    br.rr60 = (60 * count) / w;
    br.mv60 = ((vt / 1000) * 60) / w;
  }
}

/**
 * §3.4: the first maximal run in [m, n) with |S| ≤ θ that spans ≥ 1 s or reaches n − 1; the
 * silence runs from there to n − 1. Returns n when there is none.
 */
function silenceStart(t: Float64Array, S: Float64Array, m: number, n: number, theta: number): number {
  for (let j = m; j < n;) {
    if (Math.abs(S[j]!) > theta) {
      j++;
      continue;
    }
    let e = j;
    while (e + 1 < n && Math.abs(S[e + 1]!) <= theta) e++;
    if (e === n - 1 || t[e]! - t[j]! >= C.silenceMinS - C.eps) return j;
    j = e + 1;
  }
  return n;
}
