/**
 * `scriptedCpap` (cpap-scoring.md §12): a deterministic CPAP recording with scripted events and its
 * truth, for the clinical scoring's tests. Extends synthetic.ts's approach (mulberry32, countsForFlow
 * quantisation): half-sine inspiration over 42 % of the period, an expiration of equal volume, period
 * `60/bpm·(1 ± 0.2u)`, PIF `P0·(1 ± 0.1u)`, noise 0.36 L/min, V1-P2 at 6.5 cmH2O, and venturi 2 =
 * venturi 1 flow + leak (mask vent curve + scripted unintentional leak), clipped at 0 as real files are.
 */
import { ADC_ZERO, CMH2O_PER_COUNT, countsForFlow } from './flow.ts';
import { LPM_PER_M3S } from './scoring/signal.ts';
import { seededRandom, SYNTHETIC_HEADER } from './synthetic.ts';
import { OSCAR_DEFAULT_VENT_CURVE, type VentCurve } from './scoring/types.ts';
import { ventAt } from './scoring/presets.ts';

/** Events start at the first breath boundary at or after `at` (s); two normal breaths follow each. */
export type ScriptedEvent =
  /** A flat pause of exactly `duration` s. */
  | { type: 'apnea'; at: number; duration: number }
  /** Whole breaths with flow × (1 − depth) covering exactly `duration` s. */
  | { type: 'hypopnea'; at: number; duration: number; depth: number }
  /** Pause, one small breath of `breathS` s at `level` × P0, pause: one apnea in the truth. */
  | { type: 'split'; at: number; pauses: [number, number]; breathS: number; level: number };

export interface CpapScript {
  /** Length in s (of script time; a gap drops its lines, it does not shift time). */
  seconds: number;
  /** Samples per second. Default 100. */
  rate?: number;
  seed?: number;
  /** Default 15. */
  bpm?: number;
  /** Normal peak inspiratory flow, L/min. Default 30. */
  p0?: number;
  /** Gaussian flow noise, L/min. Default 0.36. */
  noiseLpm?: number;
  /** Mask pressure (V1-P2), cmH2O. Default 6.5. */
  pressureCmH2O?: number;
  events?: ScriptedEvent[];
  /** Lines dropped: time steps over [at, at + duration). */
  gaps?: Array<{ at: number; duration: number }>;
  /** Mask-off pauses (flat flow), placed like apneas but recorded as no-flow in the truth. */
  noFlow?: Array<{ at: number; duration: number }>;
  /** Malformed lines: a count (times drawn from the seed) or the times themselves. */
  badLines?: number | number[];
  /** Vent flow on venturi 2; default OSCAR's default curve; null for none. */
  ventCurve?: VentCurve | null;
  /** Unintentional leak added to venturi 2, L/min. */
  leaks?: Array<{ start: number; end: number; lpm: number }>;
}

export interface TruthEvent {
  /** What a scorer should call it: a split is one apnea. */
  type: 'apnea' | 'hypopnea';
  script: ScriptedEvent['type'];
  start: number;
  end: number;
  /** Flow reduction of the event's breaths (1 for pauses). */
  depth: number;
}

/** `truth.json`: what was scripted, in the recording's own seconds. */
export interface CpapTruth {
  format: 'scripted-cpap-truth';
  version: 1;
  seed: number;
  seconds: number;
  rate: number;
  bpm: number;
  p0: number;
  events: TruthEvent[];
  noFlow: Array<{ start: number; end: number }>;
  gaps: Array<{ start: number; end: number }>;
  badLines: number[];
  leaks: Array<{ start: number; end: number; lpm: number }>;
  ventCurve: VentCurve | null;
  pressureCmH2O: number;
}

/** One piece of the flow script: a breath (half-sine in, equal-volume half-sine out) or a flat pause. */
interface Segment {
  start: number;
  period: number;
  /** Peak inspiratory flow, L/min; 0 for a pause. */
  pif: number;
}

const INSPIRATION_FRACTION = 0.42;

function buildSegments(script: CpapScript, rnd: () => number, truth: CpapTruth): Segment[] {
  const bpm = script.bpm ?? 15;
  const p0 = script.p0 ?? 30;
  const mean = 60 / bpm;
  const normalPif = () => p0 * (1 + 0.1 * (2 * rnd() - 1));
  const segs: Segment[] = [];
  let t = 0;
  const push = (period: number, pif: number) => {
    segs.push({ start: t, period, pif });
    t += period;
  };
  const normal = () => push(mean * (1 + 0.2 * (2 * rnd() - 1)), normalPif());
  type Planned = { at: number; run: () => void };
  const planned: Planned[] = [];
  for (const e of script.events ?? []) {
    planned.push({
      at: e.at,
      run: () => {
        const start = t;
        if (e.type === 'apnea') push(e.duration, 0);
        else if (e.type === 'hypopnea') {
          const n = Math.max(1, Math.round(e.duration / mean));
          for (let k = 0; k < n; k++) push(e.duration / n, p0 * (1 - e.depth)); // no amplitude jitter: A/B stays clear of the thresholds
        } else {
          push(e.pauses[0], 0);
          push(e.breathS, p0 * e.level);
          push(e.pauses[1], 0);
        }
        const depth = e.type === 'hypopnea' ? e.depth : 1;
        truth.events.push({ type: e.type === 'hypopnea' ? 'hypopnea' : 'apnea', script: e.type, start, end: t, depth });
      },
    });
  }
  for (const nf of script.noFlow ?? []) {
    planned.push({
      at: nf.at,
      run: () => {
        const start = t;
        push(nf.duration, 0);
        truth.noFlow.push({ start, end: t });
      },
    });
  }
  planned.sort((a, b) => a.at - b.at);
  let next = 0;
  while (t < script.seconds) {
    if (next < planned.length && t >= planned[next]!.at - 1e-9) {
      planned[next++]!.run();
      normal();
      normal();
    } else normal();
  }
  return segs;
}

/** The recording (contract text) and its truth. */
export function scriptedCpap(script: CpapScript): { text: string; truth: CpapTruth } {
  const rate = script.rate ?? 100;
  const seed = script.seed ?? 1;
  const rnd = seededRandom(seed);
  const noiseRnd = seededRandom(seed * 7919 + 17);
  const gauss = () => {
    const u = noiseRnd() || 1e-12;
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * noiseRnd());
  };
  const pressure = script.pressureCmH2O ?? 6.5;
  const vent = script.ventCurve === undefined ? OSCAR_DEFAULT_VENT_CURVE : script.ventCurve;
  const truth: CpapTruth = {
    format: 'scripted-cpap-truth',
    version: 1,
    seed,
    seconds: script.seconds,
    rate,
    bpm: script.bpm ?? 15,
    p0: script.p0 ?? 30,
    events: [],
    noFlow: [],
    gaps: (script.gaps ?? []).map((g) => ({ start: g.at, end: g.at + g.duration })),
    badLines: [],
    leaks: (script.leaks ?? []).map((l) => ({ ...l })),
    ventCurve: vent ? { ...vent } : null,
    pressureCmH2O: pressure,
  };
  const segs = buildSegments(script, rnd, truth);
  const total = Math.round(script.seconds * rate);
  const badIndex = new Set<number>();
  const bad = script.badLines ?? 0;
  if (typeof bad === 'number') for (let k = 0; k < bad; k++) badIndex.add(1 + Math.floor(rnd() * (total - 2)));
  else for (const at of bad) badIndex.add(Math.round(at * rate));
  const noise = script.noiseLpm ?? 0.36;
  const p2 = ADC_ZERO + Math.round(pressure / CMH2O_PER_COUNT);
  const ventFlowLpm = vent ? ventAt(vent, (p2 - ADC_ZERO) * CMH2O_PER_COUNT) : 0;
  const parts: string[] = [SYNTHETIC_HEADER];
  let seg = 0;
  for (let i = 0; i < total; i++) {
    const time = i / rate;
    if (truth.gaps.some((g) => time >= g.start - 1e-9 && time < g.end - 1e-9)) continue;
    while (seg + 1 < segs.length && time >= segs[seg + 1]!.start - 1e-9) seg++;
    const s = segs[seg]!;
    const x = time - s.start;
    const ins = s.period * INSPIRATION_FRACTION;
    let lpm = 0;
    if (s.pif > 0) {
      lpm = x < ins
        ? s.pif * Math.sin((Math.PI * x) / ins)
        : -s.pif * (INSPIRATION_FRACTION / (1 - INSPIRATION_FRACTION)) * Math.sin((Math.PI * (x - ins)) / (s.period - ins));
    }
    lpm += noise * gauss();
    const q = lpm / LPM_PER_M3S;
    const diff = Math.round(countsForFlow(Math.abs(q)));
    const p1Ins = q >= 0 ? p2 + diff : ADC_ZERO;
    const p1Exp = q >= 0 ? ADC_ZERO : p2 + diff;
    let leak = ventFlowLpm;
    for (const l of truth.leaks) if (time >= l.start && time < l.end) leak += l.lpm;
    const q2 = (lpm + leak) / LPM_PER_M3S;
    const v2Ins = q2 > 0 ? p2 + Math.round(countsForFlow(q2)) : p2; // venturi 2 clips at 0
    let line = `${time.toFixed(2)},${p2},${p1Ins},${p1Exp},${p2},${v2Ins},${ADC_ZERO}`;
    if (badIndex.has(i)) {
      truth.badLines.push(Number(time.toFixed(2)));
      line = `${time.toFixed(2)},${p2},bad data,${p1Exp},${p2},${v2Ins},${ADC_ZERO}`;
    }
    parts.push(line);
  }
  truth.badLines.sort((a, b) => a - b);
  return { text: parts.join('\n') + '\n', truth };
}
