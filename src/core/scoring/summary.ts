/**
 * The clinical result as plain JSON: everything but the big per-breath, per-epoch and rolling
 * columns. What the CLI prints (and what a report or an upload can carry).
 */
import type { ClinicalResult, LeakResult } from './types.ts';

export type ClinicalSummary = Omit<ClinicalResult, 'breathTable' | 'rollingAhi' | 'leak'> & { leak: Omit<LeakResult, 'epochs'> };

export function clinicalSummary(c: ClinicalResult): ClinicalSummary {
  const { breathTable: _table, rollingAhi: _rolling, leak, ...rest } = c;
  const { epochs: _epochs, ...leakSummary } = leak;
  return { ...rest, leak: leakSummary };
}
