/**
 * §10's `oscar-uf`: OSCAR's flagUserEvents [O1] on §3's breaths. P60 = element ⌊0.6·2N⌋ of all
 * breaths' PIFs and PEFs ascending; per half-breath, the first..last sample with |S| above the cutoff
 * is kept; a gap of at least the minimum between kept segments is a flag.
 */
import type { Breath } from './breaths.ts';
import { SCORING_CONSTANTS as C } from './presets.ts';
import type { FlowSignal } from './signal.ts';
import type { ClinicalEvent } from './types.ts';

export function userFlags(sig: FlowSignal, breaths: Breath[], fractions: { uf1: number; uf2: number }, minS: number): ClinicalEvent[] {
  if (breaths.length < C.minBreaths) return [];
  const peaks = new Float64Array(breaths.length * 2);
  breaths.forEach((b, i) => {
    peaks[2 * i] = b.pif;
    peaks[2 * i + 1] = b.pef;
  });
  peaks.sort();
  const p60 = peaks[Math.min(peaks.length - 1, Math.floor(0.6 * peaks.length))]!;
  const events = [...flags(sig, breaths, 'uf1', fractions.uf1 * p60, minS), ...flags(sig, breaths, 'uf2', fractions.uf2 * p60, minS)];
  return events.sort((a, b) => a.start - b.start || (a.type < b.type ? -1 : 1));
}

function flags(sig: FlowSignal, breaths: Breath[], type: 'uf1' | 'uf2', cutoff: number, minS: number): ClinicalEvent[] {
  const { time: t, s: S } = sig;
  const out: ClinicalEvent[] = [];
  let span = -1, lastKept = -1;
  const keep = (from: number, to: number) => {
    let first = -1, last = -1;
    for (let j = from; j < to; j++) {
      if (Math.abs(S[j]!) > cutoff) {
        if (first < 0) first = j;
        last = j;
      }
    }
    if (first < 0) return;
    if (lastKept >= 0) {
      const gap = t[first]! - t[lastKept]!;
      if (gap >= minS - C.eps) {
        out.push({ type, start: t[lastKept]!, end: t[first]!, durationS: gap, nadirPct: 0, noFlowS: 0, baselineLpm: null, confirmed: false, counted: true });
      }
    }
    lastKept = last;
  };
  for (const b of breaths) {
    if (b.span !== span) {
      span = b.span;
      lastKept = -1; // nothing crosses a span boundary
    }
    keep(b.s, b.m);
    keep(b.m, b.n);
  }
  return out;
}
