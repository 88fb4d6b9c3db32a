/**
 * The clinical scoring's result and options (`../shared/spec/cpap-scoring.md`, `cpap-flow-score` v1):
 * the one definition the core, the worker, the CLI and the dashboard import. No DOM, no imports.
 */

export type ScoringPresetName = 'aasm' | 'resmed-like' | 'oscar-uf';
export const SCORING_PRESETS: readonly ScoringPresetName[] = ['aasm', 'resmed-like', 'oscar-uf'];

/**
 * A mask's vent (intentional leak) flow, linear through two points (OSCAR's mask curve, §8):
 * flow in L/min at two pressures in cmH2O. The CLI takes it as `--vent-curve P4,F4,P20,F20`.
 */
export interface VentCurve {
  lowCmH2O: number;
  lowLpm: number;
  highCmH2O: number;
  highLpm: number;
}

/** OSCAR's default mask curve [O2]: 20.167 L/min at 4 cmH2O, 48.333 at 20. */
export const OSCAR_DEFAULT_VENT_CURVE: Readonly<VentCurve> = { lowCmH2O: 4, lowLpm: 20.167, highCmH2O: 20, highLpm: 48.333 };

export interface ScoringOptions {
  /** Default `aasm`. */
  preset?: ScoringPresetName;
  /** Without it, unintentional leak is null and nothing is excluded for leak (§8.2). */
  ventCurve?: VentCurve | null;
}

/**
 * `apnea` and `hypopnea` under `aasm` and `resmed-like`; `uf1` and `uf2` are OSCAR's user flags
 * under `oscar-uf` (flags, not AHI events [O3]).
 */
export type ClinicalEventType = 'apnea' | 'hypopnea' | 'uf1' | 'uf2';

/** One scored event (§7's event record). Times are the recording's own seconds. */
export interface ClinicalEvent {
  type: ClinicalEventType;
  start: number;
  end: number;
  durationS: number;
  /** 100 * min(A_i / B_i) over breaths active inside; 0 if none. */
  nadirPct: number;
  /** Silence inside the event, s. */
  noFlowS: number;
  /** B of the event's first interval, L/min; null where it has none (OSCAR flags). */
  baselineLpm: number | null;
  /** Always false for hypopneas: flow alone cannot check desaturation or arousal (§7). */
  confirmed: boolean;
  /** False when the event starts in a high-leak epoch: listed, not counted (§8.3). */
  counted: boolean;
}

/** A reduced run that reaches a span's end (truncated) and lasts >= 10 s: listed once, never counted (§5). */
export interface UnscoredRun {
  start: number;
  end: number;
  durationS: number;
  reason: 'truncated';
}

/** Median and 95th percentile (nearest rank, §1); null when there is no value. */
export interface Spread {
  median: number | null;
  p95: number | null;
}

/** §3.6: medians and 95th percentiles over complete breaths. */
export interface BreathSummary {
  /** Breaths found (onsets), complete or not. */
  count: number;
  complete: number;
  /** Breaths per minute, per breath: 60 / (Ti + Te) (§3.5; §13's "RR 9-23 bpm"). */
  rr: Spread;
  /** Tidal volume, mL. */
  vt: Spread;
  /** Minute ventilation over the preceding minute (MV60), L/min. */
  mv: Spread;
  /** Inspiratory and expiratory time, s. */
  ti: Spread;
  te: Spread;
  /** Peak inspiratory flow (smoothed), L/min. */
  pif: Spread;
}

/** One row per complete breath, as columns (transferable; the CLI's JSON leaves them out). */
export interface BreathTable {
  /** Onset time, s. */
  start: Float64Array;
  /** End (next onset) time, s. */
  end: Float64Array;
  /** 60 / (Ti + Te), breaths/min. */
  rr: Float64Array;
  /** mL. */
  vt: Float64Array;
  /** MV60: minute ventilation over the preceding minute, L/min. */
  mv: Float64Array;
  ti: Float64Array;
  te: Float64Array;
  pif: Float64Array;
}

/** §8: total leak (F2 - F1) per 10-s epoch; unintentional only with a vent curve. */
export interface LeakResult {
  /** L/min; null when no epoch has enough venturi 2 samples. */
  total: Spread;
  /** null without a vent curve. */
  unintentional: null | (Spread & {
    /** Time with unintentional leak over the redline, s. */
    overRedlineS: number;
  });
  /** L/min (24, [R1, R2, O2]). */
  redlineLpm: number;
  /** Per-epoch columns for drawing: epoch start time (s), total and unintentional leak (L/min, NaN where undefined). */
  epochs: {
    time: Float64Array;
    total: Float64Array;
    unintentional: Float64Array | null;
  };
}

export type Severity = 'normal' | 'mild' | 'moderate' | 'severe';

/** §10: the method stamp every result (and every export) carries. */
export interface ScoringMethod {
  name: 'cpap-flow-score';
  version: 1;
  preset: ScoringPresetName;
  apneaDrop: number;
  hypopneaDrop: number;
  strictApnea: boolean;
  minEventS: number;
  baselineS: number;
  minBreaths: number;
  smoothingS: number;
  minPifLpm: number;
  minCycleS: number;
  silenceFrac: number;
  silenceMinS: number;
  spanGapS: number;
  noFlowS: number;
  apneaFraction: number;
  leak: null | { vent4: number; vent20: number; redline: number };
  hypopnea: 'unconfirmed';
}

/** The `clinical` result, beside the legacy metrics (which stay unchanged). */
export interface ClinicalResult {
  method: ScoringMethod;
  /** Every event in time order, counted or not. */
  events: ClinicalEvent[];
  unscored: UnscoredRun[];
  /** Events per analysed hour; null when nothing could be scored (see `reason`). Under `oscar-uf`, flags per hour. */
  ahi: number | null;
  ai: number | null;
  hi: number | null;
  /** §9: span time minus no-flow, intervals without a baseline and high-leak epochs, s. */
  analysedS: number;
  /** §9 bands; null below one analysed hour. */
  severity: Severity | null;
  /** Why the indices are null (e.g. fewer than 5 complete breaths); null when they are not. */
  reason: string | null;
  breaths: BreathSummary;
  breathTable: BreathTable;
  leak: LeakResult;
  /** Rolling AHI over the preceding 60 min every 30 s (§9): time (s) and value. */
  rollingAhi: { time: Float64Array; ahi: Float64Array };
  /** Codes such as `noisy-flow` (§11) with a sentence each. */
  warnings: Array<{ code: string; message: string }>;
}
