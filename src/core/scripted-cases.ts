/**
 * The scoring spec's validation recordings T01-T10 (cpap-scoring.md §12) as scripts for
 * `scriptedCpap`. What each should score is the spec's table; the tests hold those numbers.
 */
import type { CpapScript, ScriptedEvent } from './scripted.ts';

export type ScriptedCaseId = 'T01' | 'T02' | 'T03' | 'T04' | 'T05' | 'T06' | 'T07' | 'T08' | 'T09' | 'T10';

const every = (first: number, step: number, n: number) => Array.from({ length: n }, (_, k) => first + step * k);
const apnea = (at: number, duration = 20): ScriptedEvent => ({ type: 'apnea', at, duration });
const hypopnea = (at: number, depth: number, duration = 20): ScriptedEvent => ({ type: 'hypopnea', at, duration, depth });
const T08_TYPES = 'A4AAAA66466A4A6A4A44A4A6A66A64A6';

const CASES: Record<ScriptedCaseId, Omit<CpapScript, 'seed'>> = {
  T01: { seconds: 15 * 60, bpm: 15, p0: 30 },
  T02: { seconds: 20 * 60, events: every(150, 180, 6).map((at) => apnea(at)) },
  T03: { seconds: 20 * 60, events: every(150, 180, 6).map((at) => hypopnea(at, 0.4)) },
  T04: { seconds: 20 * 60, p0: 45, events: every(150, 180, 6).map((at) => hypopnea(at, 0.85)) },
  T05: { seconds: 15 * 60, bpm: 10, events: every(100, 100, 8).map((at) => apnea(at, 8)) },
  T06: {
    seconds: 20 * 60,
    events: [150, 330, 510, 690, 870, 1050].map((at, k) => apnea(at, k % 2 === 0 ? 9 : 11)),
  },
  T07: {
    seconds: 20 * 60,
    events: every(200, 250, 4).map((at): ScriptedEvent => ({ type: 'split', at, pauses: [9, 9], breathS: 1.5, level: 0.2 })),
  },
  T08: {
    seconds: 62 * 60,
    events: [...T08_TYPES].map((c, k) => {
      const at = 130 + 106.5625 * k;
      return c === 'A' ? apnea(at) : hypopnea(at, c === '6' ? 0.6 : 0.4);
    }),
  },
  T09: {
    seconds: 12 * 60,
    events: [40, 200, 296, 706].map((at) => apnea(at, 15)),
    gaps: [{ at: 300, duration: 5 }],
    noFlow: [{ at: 450, duration: 150 }],
    badLines: 2,
  },
  T10: {
    seconds: 30 * 60,
    events: [150, 400, 700, 850, 1000, 1500].map((at) => apnea(at)),
    leaks: [{ start: 600, end: 1200, lpm: 40 }],
  },
};

export const SCRIPTED_CASE_IDS = Object.keys(CASES) as ScriptedCaseId[];

/** The script of one validation recording with a seed (the spec's checks use seeds 1-10 and 101-110). */
export function scriptedCase(id: ScriptedCaseId, seed = 1): CpapScript {
  const c = CASES[id];
  return { ...c, events: c.events?.map((e) => ({ ...e })), seed };
}
