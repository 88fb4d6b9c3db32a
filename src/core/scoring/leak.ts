/**
 * §8 of cpap-scoring.md: total leak F2 − F1 per 10-s epoch (median over samples where venturi 2
 * reads flow), the epoch's pressure, and the unintentional leak over a mask vent curve when one is set.
 */
import { SCORING_CONSTANTS as C, ventAt } from './presets.ts';
import { LPM_PER_M3S } from './signal.ts';
import { medianInPlace, spread } from './stats.ts';
import type { LeakResult, VentCurve } from './types.ts';

export interface LeakEpochs {
  result: LeakResult;
  /** High-leak epochs as [start, end): excluded from analysed time (§8.3). */
  highLeak: Array<[number, number]>;
}

export function leakByEpoch(time: Float64Array, q1: Float64Array, q2: Float64Array, pressure: Float64Array, curve: VentCurve | null): LeakEpochs {
  const n = time.length;
  const t0 = n ? time[0]! : 0;
  const tEnd = n ? time[n - 1]! : 0;
  const epochs = n ? Math.floor((tEnd - t0) / C.epochS) + 1 : 0;
  const eTime = new Float64Array(epochs), total = new Float64Array(epochs).fill(NaN);
  const unintentional = curve ? new Float64Array(epochs).fill(NaN) : null;
  let diff = new Float64Array(2048);
  let pres = new Float64Array(2048);
  const grow = (a: Float64Array) => {
    const g = new Float64Array(a.length * 2);
    g.set(a);
    return g;
  };
  const highLeak: Array<[number, number]> = [];
  let over = 0;
  for (let e = 0, i = 0; e < epochs; e++) {
    const start = t0 + e * C.epochS;
    eTime[e] = start;
    let count = 0, withFlow = 0;
    for (; i < n && (e === epochs - 1 || time[i]! < start + C.epochS); i++) {
      if (curve) {
        if (count === pres.length) pres = grow(pres);
        pres[count] = pressure[i]!; // the epoch's pressure: only a vent curve needs it
      }
      count++;
      if (q2[i] !== 0) {
        if (withFlow === diff.length) diff = grow(diff);
        diff[withFlow++] = q2[i]! * LPM_PER_M3S - q1[i]! * LPM_PER_M3S;
      }
    }
    if (count === 0 || withFlow * 2 < count) continue;
    total[e] = medianInPlace(diff, withFlow);
    if (curve && unintentional) {
      const u = Math.max(0, total[e]! - ventAt(curve, medianInPlace(pres, count)));
      unintentional[e] = u;
      if (u > C.redlineLpm) {
        const end = Math.min(start + C.epochS, Math.max(tEnd, start));
        highLeak.push([start, start + C.epochS]);
        over += end - start;
      }
    }
  }
  const defined = (a: Float64Array) => a.filter((x) => x === x);
  return {
    highLeak,
    result: {
      total: spread(defined(total)),
      unintentional: unintentional ? { ...spread(defined(unintentional)), overRedlineS: over } : null,
      redlineLpm: C.redlineLpm,
      epochs: { time: eTime, total, unintentional },
    },
  };
}
