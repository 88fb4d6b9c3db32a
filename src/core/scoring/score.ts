/**
 * The clinical scoring of cpap-scoring.md (`cpap-flow-score` v1) from a recording's columns: spans and
 * smoothing, breaths, baseline, apneas and unconfirmed hypopneas (or OSCAR's user flags), leak,
 * indices and the method stamp. Linear in the samples; no DOM.
 */
import { baselines } from './baseline.ts';
import { segmentBreaths, type Breath } from './breaths.ts';
import { buildIntervals, scoreRuns } from './events.ts';
import { analysedIntervals, rollingAhi, severityOf, totalLength } from './indices.ts';
import { leakByEpoch } from './leak.ts';
import { userFlags } from './oscar.ts';
import { SCORING_CONSTANTS as C, checkVentCurve, methodStamp, presetRule } from './presets.ts';
import { flowNoise, flowSignal } from './signal.ts';
import { spread } from './stats.ts';
import type { BreathSummary, BreathTable, ClinicalResult, ScoringOptions } from './types.ts';

/** What the scoring reads: the analysis's columns (time s; flows m^3/s; pressure cmH2O). */
export interface ScoringColumns {
  time: Float64Array;
  flow: Float64Array;
  flow2: Float64Array;
  pressure: Float64Array;
}

export function scoreClinical(cols: ScoringColumns, options: ScoringOptions = {}): ClinicalResult {
  const rule = presetRule(options.preset);
  const curve = options.ventCurve ? checkVentCurve(options.ventCurve) : null;
  const { time } = cols;
  const n = time.length;
  const sig = flowSignal(time, cols.flow);
  const breaths = segmentBreaths(sig);
  const B = baselines(breaths, time, sig.spanStart, rule.hypopneaFrac);
  const intervals = buildIntervals(sig, breaths);
  const runs = scoreRuns(intervals, breaths, B, rule);
  const events = rule.userFlags ? userFlags(sig, breaths, rule.userFlags, rule.minEventS) : runs.events;
  const leak = leakByEpoch(time, cols.flow, cols.flow2, cols.pressure, curve);
  if (leak.highLeak.length) {
    let k = 0;
    for (const e of events) {
      while (k < leak.highLeak.length && leak.highLeak[k]![1] <= e.start) k++;
      if (k < leak.highLeak.length && leak.highLeak[k]![0] <= e.start) e.counted = false;
    }
  }
  const spans: Array<[number, number]> = [];
  for (let k = 0; k < sig.spanStart.length; k++) spans.push([time[sig.spanStart[k]!]!, time[sig.spanEnd[k]! - 1]!]);
  const analysed = analysedIntervals(spans, [...runs.excluded, ...leak.highLeak]);
  const analysedS = totalLength(analysed);

  const counted = (type: string) => events.filter((e) => e.counted && e.type === type).length;
  const perHour = (count: number) => (count * 3600) / analysedS;
  let ahi: number | null = null, ai: number | null = null, hi: number | null = null;
  let reason: string | null = null;
  if (!runs.anyBaseline) {
    reason = `No breath has a baseline: fewer than ${C.minBreaths} complete breaths in the ${C.baselineS} s before any breath (${breaths.length} breaths found).`;
  } else if (!(analysedS > 0)) {
    reason = 'No time could be analysed (no-flow, high leak or no baseline throughout).';
  } else if (rule.userFlags) {
    ai = perHour(counted('uf1'));
    hi = perHour(counted('uf2'));
    reason = 'oscar-uf: OSCAR\'s user flags are not AHI events [O3]; ai and hi are UF1 and UF2 flags per hour.';
  } else {
    const a = counted('apnea'), h = counted('hypopnea');
    ai = perHour(a);
    hi = perHour(h);
    ahi = perHour(a + h);
  }
  const warnings: ClinicalResult['warnings'] = [];
  const sigma = n ? flowNoise(sig) : 0;
  if (sigma > C.noisyFlowLpm) {
    warnings.push({ code: 'noisy-flow', message: `The flow is noisy (σ ${sigma.toFixed(2)} L/min over ${C.noisyFlowLpm}): events may be lost to spurious breaths.` });
  }
  return {
    method: methodStamp(rule, curve),
    events,
    unscored: runs.unscored,
    ahi,
    ai,
    hi,
    analysedS,
    severity: severityOf(ahi, analysedS),
    reason,
    ...breathResults(breaths, time),
    leak: leak.result,
    rollingAhi: rollingAhi(n ? time[0]! : 0, n ? time[n - 1]! : 0, analysed, events),
    warnings,
  };
}

function breathResults(breaths: Breath[], time: Float64Array): { breaths: BreathSummary; breathTable: BreathTable } {
  const complete = breaths.filter((b) => b.complete);
  const m = complete.length;
  const table: BreathTable = {
    start: new Float64Array(m),
    end: new Float64Array(m),
    rr: new Float64Array(m),
    vt: new Float64Array(m),
    mv: new Float64Array(m),
    ti: new Float64Array(m),
    te: new Float64Array(m),
    pif: new Float64Array(m),
  };
  for (let i = 0; i < m; i++) {
    const b = complete[i]!;
    table.start[i] = time[b.s]!;
    table.end[i] = time[b.n]!;
    table.rr[i] = b.rr;
    table.vt[i] = b.vt;
    table.mv[i] = b.mv60;
    table.ti[i] = b.ti;
    table.te[i] = b.te;
    table.pif[i] = b.pif;
  }
  return {
    breaths: {
      count: breaths.length,
      complete: complete.length,
      rr: spread(table.rr),
      vt: spread(table.vt),
      mv: spread(table.mv),
      ti: spread(table.ti),
      te: spread(table.te),
      pif: spread(table.pif),
    },
    breathTable: table,
  };
}
