/**
 * Deterministic generator of realistic CPAP files: breaths of varying rate and depth, apnea pauses,
 * sensor noise, ADC quantisation and the odd bad line. The demo and the benchmarks use it, so they
 * need no patient data; the real samples are for tests only.
 */
import { ADC_ZERO, countsForFlow } from './flow.ts';

export interface SyntheticCpapOptions {
  /** Length of the recording in seconds. */
  seconds: number;
  /** Samples per second. Default 100. */
  rate?: number;
  seed?: number;
  /** Mean breaths per minute. Default 15. */
  breathsPerMinute?: number;
  /** Apnea pauses (12-30 s without breathing) per hour. Default 6. */
  apneasPerHour?: number;
  /** Probability that a data line is malformed. Default 0.0002. */
  badLineRate?: number;
  /** Time of the first sample, s. Default 0. */
  startTime?: number;
}

export const SYNTHETIC_HEADER =
  'Time [s],Pressure V1-P2 [ADC],Pressure V1-P1-Ins [ADC],Pressure V1-P1-Exp [ADC],' +
  'Pressure V2-P2 [ADC],Pressure V2-P1-Ins [ADC],Pressure V2-P1-Exp [ADC]';

/** mulberry32: small, fast, and the same sequence everywhere (tests and benches use it too). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BAD_LINES = ['bad data', 'NaN', 'inf', ''];

/** Yields the file as text in blocks of about `linesPerBlock` lines (header first). */
export function* syntheticCpapText(options: SyntheticCpapOptions, linesPerBlock = 4096): Generator<string> {
  const rate = options.rate ?? 100;
  const rnd = seededRandom(options.seed ?? 1);
  const gauss = () => (rnd() + rnd() + rnd() + rnd() - 2) * 0.866; // ~N(0,1), cheap
  const total = Math.round(options.seconds * rate);
  const bpm = options.breathsPerMinute ?? 15;
  const apneaChancePerBreath = (options.apneasPerHour ?? 6) / (60 * bpm);
  const badRate = options.badLineRate ?? 0.0002;
  const t0 = options.startTime ?? 0;

  let block = SYNTHETIC_HEADER + '\n';
  let inBlock = 0;
  // Breath state: each breath is an inspiration half-sine then an expiration half-sine.
  let phaseStart = 0, period = 0, insAmp = 0, expAmp = 0, pause = 0;
  const newBreath = (i: number) => {
    phaseStart = i;
    period = (60 / bpm) * (0.75 + 0.5 * rnd()) * rate;
    insAmp = 0.00035 + 0.0002 * rnd();
    // About as much air out as in, so leakage stays near zero as in real recordings.
    expAmp = ((insAmp * 0.42) / 0.58) * (0.9 + 0.2 * rnd());
    pause = rnd() < apneaChancePerBreath ? Math.round((12 + 18 * rnd()) * rate) : 0;
  };
  newBreath(0);
  let baseline = 5000;

  for (let i = 0; i < total; i++) {
    let k = i - phaseStart;
    if (k >= period + pause) {
      newBreath(i);
      k = 0;
    }
    let q = 0;
    if (k < period) {
      const half = period * 0.42; // inspiration is a little shorter than expiration
      q = k < half ? insAmp * Math.sin((Math.PI * k) / half) : -expAmp * Math.sin((Math.PI * (k - half)) / (period - half));
    }
    q += gauss() * 0.000006;
    baseline += gauss() * 0.5 + (5000 - baseline) * 0.001;
    const p2 = Math.round(baseline + gauss() * 8);
    const diff = Math.round(countsForFlow(Math.abs(q)));
    const p1Ins = q >= 0 ? p2 + diff : ADC_ZERO;
    const p1Exp = q >= 0 ? ADC_ZERO : p2 + diff;
    const time = (t0 + i / rate).toFixed(2);
    const v2 = p2 + Math.round(gauss() * 20 + 230);
    let line = `${time},${p2},${p1Ins},${p1Exp},${v2},${v2},${ADC_ZERO}`;
    if (badRate > 0 && rnd() < badRate) {
      const fields = line.split(',');
      fields[1 + Math.floor(rnd() * 6)] = BAD_LINES[Math.floor(rnd() * BAD_LINES.length)];
      line = fields.join(',');
    }
    block += line + '\n';
    if (++inBlock >= linesPerBlock) {
      yield block;
      block = '';
      inBlock = 0;
    }
  }
  if (block) yield block;
}

/** The whole synthetic file as one string (for small files: demos, stories, tests). */
export function syntheticCpapFile(options: SyntheticCpapOptions): string {
  let s = '';
  for (const block of syntheticCpapText(options)) s += block;
  return s;
}
