/**
 * §5-§7 of cpap-scoring.md: a span as a sequence of intervals (lead-in, each breath's active part and
 * silence), reduced intervals at a drop, runs, apnea candidates (merged under the 90 % rule), apneas,
 * unconfirmed hypopneas, truncated runs and no-flow.
 */
import type { Breath } from './breaths.ts';
import { SCORING_CONSTANTS as C, type PresetRule } from './presets.ts';
import type { FlowSignal } from './signal.ts';
import type { ClinicalEvent, UnscoredRun } from './types.ts';

export const LEAD_IN = 0, ACTIVE = 1, SILENCE = 2;

export interface Interval {
  span: number;
  kind: typeof LEAD_IN | typeof ACTIVE | typeof SILENCE;
  /** Index into the breaths; −1 for a lead-in. */
  breath: number;
  start: number;
  end: number;
  /** The span's last interval: runs holding it are truncated. */
  last: boolean;
}

export function buildIntervals(sig: FlowSignal, breaths: Breath[]): Interval[] {
  const { time: t } = sig;
  const out: Interval[] = [];
  let bi = 0;
  for (let span = 0; span < sig.spanStart.length; span++) {
    const a = sig.spanStart[span]!, b = sig.spanEnd[span]!;
    const starts: Array<[number, Interval['kind'], number]> = [];
    if (bi >= breaths.length || breaths[bi]!.span !== span || breaths[bi]!.s > a) starts.push([a, LEAD_IN, -1]);
    for (; bi < breaths.length && breaths[bi]!.span === span; bi++) {
      const br = breaths[bi]!;
      starts.push([br.s, ACTIVE, bi]);
      if (br.sil < br.n) starts.push([br.sil, SILENCE, bi]);
    }
    for (let k = 0; k < starts.length; k++) {
      const [idx, kind, breath] = starts[k]!;
      const last = k === starts.length - 1;
      out.push({ span, kind, breath, start: t[idx]!, end: last ? t[b - 1]! : t[starts[k + 1]![0]]!, last });
    }
  }
  return out;
}

interface Run {
  first: number;
  last: number;
  start: number;
  end: number;
  truncated: boolean;
  /** Apnea candidates: time covered by their runs. */
  covered: number;
}

export interface RunScore {
  events: ClinicalEvent[];
  unscored: UnscoredRun[];
  /** No-flow silences and intervals without a baseline: not analysed time (§9). */
  excluded: Array<[number, number]>;
  /** Whether any breath has a baseline. */
  anyBaseline: boolean;
}

export function scoreRuns(intervals: Interval[], breaths: Breath[], B: Float64Array, rule: PresetRule): RunScore {
  // A lead-in (flat before a span's first onset) longer than 120 s is no-flow too (§11: flat > 120 s).
  const isNoFlow = (iv: Interval) => iv.kind !== ACTIVE && iv.end - iv.start > C.noFlowS;
  const reduced = (iv: Interval, frac: number, strict: boolean): boolean => {
    if (iv.breath < 0) return false;
    const b = B[iv.breath]!;
    if (b !== b) return false;
    if (iv.kind === SILENCE) return !isNoFlow(iv);
    const a = breaths[iv.breath]!.pif;
    return strict ? a < frac * b : a <= frac * b;
  };
  const n = intervals.length;
  const redA = new Uint8Array(n), redH = new Uint8Array(n);
  const excluded: Array<[number, number]> = [];
  let anyBaseline = false;
  for (let i = 0; i < n; i++) {
    const iv = intervals[i]!;
    redA[i] = reduced(iv, rule.apneaFrac, rule.strictApnea) ? 1 : 0;
    redH[i] = reduced(iv, rule.hypopneaFrac, false) ? 1 : 0;
    // A lead-in has no breath, so no B to lack: it stays analysed time unless it is no-flow. This is
    // what reproduces the spec's T09 (565.2 s analysed with the 7.7-s lead-in after the gap at 300 s).
    const noB = iv.breath >= 0 && B[iv.breath] !== B[iv.breath];
    if (iv.breath >= 0 && !noB) anyBaseline = true;
    if (noB || isNoFlow(iv)) excluded.push([iv.start, iv.end]);
  }
  const runsA = runs(intervals, redA);
  const runsH = runs(intervals, redH);
  const min = rule.minEventS - C.eps;

  const candidates: Run[] = [];
  for (const r of runsA) {
    const c = candidates[candidates.length - 1];
    if (c && intervals[c.last]!.span === intervals[r.first]!.span && allSet(redH, c.last + 1, r.first) &&
      (c.covered + r.covered) / (r.end - c.start) >= C.apneaFraction - C.eps) {
      c.last = r.last;
      c.end = r.end;
      c.covered += r.covered;
      c.truncated ||= r.truncated;
    } else candidates.push({ ...r });
  }
  const apneas = candidates.filter((c) => !c.truncated && c.end - c.start >= min);
  const events: ClinicalEvent[] = apneas.map((c) => eventOf('apnea', c, intervals, breaths, B));
  const unscored: UnscoredRun[] = [];
  let ai = 0;
  for (const r of runsH) {
    while (ai < apneas.length && apneas[ai]!.last < r.first) ai++;
    if (r.truncated) {
      if (r.end - r.start >= min) unscored.push({ start: r.start, end: r.end, durationS: r.end - r.start, reason: 'truncated' });
      continue;
    }
    if (r.end - r.start < min) continue;
    if (ai < apneas.length && apneas[ai]!.first >= r.first && apneas[ai]!.last <= r.last) continue; // scores only its apneas
    events.push(eventOf('hypopnea', r, intervals, breaths, B));
  }
  events.sort((x, y) => x.start - y.start);
  return { events, unscored, excluded, anyBaseline };
}

function runs(intervals: Interval[], red: Uint8Array): Run[] {
  const out: Run[] = [];
  for (let i = 0; i < intervals.length;) {
    if (!red[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < intervals.length && red[j + 1] && intervals[j + 1]!.span === intervals[i]!.span) j++;
    const start = intervals[i]!.start, end = intervals[j]!.end;
    out.push({ first: i, last: j, start, end, truncated: intervals[j]!.last, covered: end - start });
    i = j + 1;
  }
  return out;
}

function allSet(flags: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!flags[i]) return false;
  return true;
}

function eventOf(type: 'apnea' | 'hypopnea', r: Run, intervals: Interval[], breaths: Breath[], B: Float64Array): ClinicalEvent {
  let nadir = Infinity, noFlowS = 0;
  for (let i = r.first; i <= r.last; i++) {
    const iv = intervals[i]!;
    if (iv.kind === SILENCE) noFlowS += iv.end - iv.start;
    else if (iv.kind === ACTIVE) nadir = Math.min(nadir, breaths[iv.breath]!.pif / B[iv.breath]!);
  }
  const first = intervals[r.first]!;
  return {
    type,
    start: r.start,
    end: r.end,
    durationS: r.end - r.start,
    nadirPct: nadir === Infinity ? 0 : 100 * nadir,
    noFlowS,
    baselineLpm: first.breath >= 0 ? B[first.breath]! : null,
    confirmed: type === 'apnea',
    counted: true,
  };
}
