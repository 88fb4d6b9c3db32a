/** The three presets of cpap-scoring.md §10 and the method stamp every result carries. */
import { CpapAnalysisError } from '../errors.ts';
import type { ScoringMethod, ScoringOptions, ScoringPresetName, VentCurve } from './types.ts';
import { SCORING_PRESETS } from './types.ts';

export interface PresetRule {
  name: ScoringPresetName;
  /** Apnea iff A ≤ apneaFrac·B (A < apneaFrac·B when strict). */
  apneaFrac: number;
  strictApnea: boolean;
  /** Hypopnea (and baseline eligibility) iff A ≤ hypopneaFrac·B. */
  hypopneaFrac: number;
  minEventS: number;
  /** oscar-uf: user-flag cutoffs as fractions of the 60th percentile of breath peaks. */
  userFlags: null | { uf1: number; uf2: number };
}

export const PRESET_RULES: Readonly<Record<ScoringPresetName, PresetRule>> = {
  aasm: { name: 'aasm', apneaFrac: 0.1, strictApnea: false, hypopneaFrac: 0.7, minEventS: 10, userFlags: null },
  'resmed-like': { name: 'resmed-like', apneaFrac: 0.25, strictApnea: true, hypopneaFrac: 0.5, minEventS: 10, userFlags: null },
  'oscar-uf': { name: 'oscar-uf', apneaFrac: 0.2, strictApnea: false, hypopneaFrac: 0.5, minEventS: 8, userFlags: { uf1: 0.2, uf2: 0.5 } },
};

/** The constants of §2-§9, shared by every preset. */
export const SCORING_CONSTANTS = {
  baselineS: 120,
  minBreaths: 5,
  smoothingS: 0.2,
  minPifLpm: 3,
  minCycleS: 1,
  silenceFrac: 0.1,
  silenceMinLpm: 1,
  silenceMinS: 1,
  spanGapS: 1,
  noFlowS: 120,
  apneaFraction: 0.9,
  redlineLpm: 24,
  epochS: 10,
  rollingWindowS: 3600,
  rollingStepS: 30,
  severityMinS: 3600,
  noisyFlowLpm: 2,
  /** §1: the inclusive side of duration tests. */
  eps: 1e-9,
} as const;

export function presetRule(name: ScoringPresetName | undefined): PresetRule {
  const preset = name ?? 'aasm';
  if (!SCORING_PRESETS.includes(preset)) {
    throw new CpapAnalysisError('bad-options', `Unknown scoring preset "${String(name)}": use ${SCORING_PRESETS.join(', ')}.`);
  }
  return PRESET_RULES[preset];
}

/** Vent flow of a mask curve at a pressure, L/min (linear through its two points). */
export function ventAt(curve: VentCurve, cmH2O: number): number {
  return curve.lowLpm + ((cmH2O - curve.lowCmH2O) * (curve.highLpm - curve.lowLpm)) / (curve.highCmH2O - curve.lowCmH2O);
}

/** Checks a vent curve: finite numbers, flows and pressures >= 0, the second pressure above the first. */
export function checkVentCurve(curve: VentCurve): VentCurve {
  const bad = (why: string) => new CpapAnalysisError('bad-options', why);
  if (typeof curve !== 'object' || curve === null) throw bad('A vent curve is an object { lowCmH2O, lowLpm, highCmH2O, highLpm }.');
  const values = [curve.lowCmH2O, curve.lowLpm, curve.highCmH2O, curve.highLpm];
  if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw bad('A vent curve needs four finite numbers: P4, F4, P20, F20 (cmH2O, L/min, cmH2O, L/min).');
  }
  if (curve.lowLpm < 0 || curve.highLpm < 0) throw bad('A vent curve\'s flows must be >= 0 L/min.');
  if (curve.lowCmH2O < 0 || curve.highCmH2O < 0) throw bad('A vent curve\'s pressures must be >= 0 cmH2O.');
  if (!(curve.highCmH2O > curve.lowCmH2O)) throw bad('A vent curve\'s second pressure must be above its first.');
  return curve;
}

/**
 * A vent curve from text `P4,F4,P20,F20` (cmH2O, L/min, cmH2O, L/min), as the CLI's `--vent-curve`
 * takes it; a string saying what is wrong otherwise.
 */
export function parseVentCurve(text: string): VentCurve | string {
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => p === '') || values.some((v) => !Number.isFinite(v))) {
    return `--vent-curve needs four numbers P4,F4,P20,F20 (e.g. 4,20.167,20,48.333), got "${text}"`;
  }
  const [lowCmH2O, lowLpm, highCmH2O, highLpm] = values as [number, number, number, number];
  try {
    return checkVentCurve({ lowCmH2O, lowLpm, highCmH2O, highLpm });
  } catch (e) {
    return `--vent-curve ${text}: ${(e as Error).message}`;
  }
}

/** Checks scoring options before any reading starts: a bad preset or vent curve fails at once, with a message for the user. */
export function checkScoringOptions(options: ScoringOptions | false | undefined): void {
  if (!options) return;
  if (typeof options !== 'object') throw new CpapAnalysisError('bad-options', 'The scoring options must be an object (or false to skip scoring).');
  presetRule(options.preset);
  if (options.ventCurve) checkVentCurve(options.ventCurve);
}

export function methodStamp(rule: PresetRule, curve: VentCurve | null): ScoringMethod {
  const c = SCORING_CONSTANTS;
  return {
    name: 'cpap-flow-score',
    version: 1,
    preset: rule.name,
    apneaDrop: round6(1 - rule.apneaFrac),
    hypopneaDrop: round6(1 - rule.hypopneaFrac),
    strictApnea: rule.strictApnea,
    minEventS: rule.minEventS,
    baselineS: c.baselineS,
    minBreaths: c.minBreaths,
    smoothingS: c.smoothingS,
    minPifLpm: c.minPifLpm,
    minCycleS: c.minCycleS,
    silenceFrac: c.silenceFrac,
    silenceMinS: c.silenceMinS,
    spanGapS: c.spanGapS,
    noFlowS: c.noFlowS,
    apneaFraction: c.apneaFraction,
    leak: curve ? { vent4: round6(ventAt(curve, 4)), vent20: round6(ventAt(curve, 20)), redline: c.redlineLpm } : null,
    hypopnea: 'unconfirmed',
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
