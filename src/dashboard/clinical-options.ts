/**
 * The dashboard's clinical rules, as plain functions: reading the `scoring-preset`, `vent-curve` and
 * `upload-apnea-count` attributes (a clear error for bad input), which count an upload carries, which
 * card raises the alert, the chart's event bands and the window an event row zooms to.
 */
import { SCORING_PRESETS, type ClinicalEvent, type ClinicalResult, type ScoringOptions, type ScoringPresetName, type VentCurve } from '../core/scoring/types.ts';
import { parseVentCurve as parseCurveText } from '../core/scoring/presets.ts';
import type { ChartEvent } from '../elements/flow-chart/chart-events.ts';

/** Which count an upload carries as `apnea_count`: the old system's rule (default) or the clinical one. */
export type UploadApneaCount = 'legacy' | 'clinical';
export const UPLOAD_APNEA_COUNTS: readonly UploadApneaCount[] = ['legacy', 'clinical'];

/** The AHI card alerts in the moderate and severe bands (the core's severity, §9): from this AHI (flow) up, said in its alert text. */
export const AHI_ALERT_THRESHOLD = 15;

/** The chart's window around an event, s: about 3 minutes, wider for longer events. */
export const EVENT_WINDOW_S = 180;

/** The scoring options the attributes ask for, or why they cannot be read (`error`, then the defaults hold). */
export function scoringOptions(preset: string, ventCurve: string): { options: ScoringOptions; error: string | null } {
  const errors: string[] = [];
  const name = preset.trim() || 'aasm';
  const ok = (SCORING_PRESETS as readonly string[]).includes(name);
  if (!ok) errors.push(`scoring-preset: "${preset}" is not one of ${SCORING_PRESETS.join(', ')}; aasm is used.`);
  let curve: VentCurve | null = null;
  try {
    curve = parseVentCurve(ventCurve);
  } catch (e) {
    errors.push(`${(e as Error).message} Unintentional leak is not computed.`);
  }
  return { options: { preset: ok ? (name as ScoringPresetName) : 'aasm', ventCurve: curve }, error: errors.length ? errors.join(' ') : null };
}

/**
 * `vent-curve="P4,F4,P20,F20"`: the mask's vent flow (L/min) at two pressures (cmH2O), read by the
 * core's rule for the CLI's `--vent-curve`; empty for none. Throws a readable Error for anything else.
 */
export function parseVentCurve(text: string): VentCurve | null {
  if (!text.trim()) return null;
  const curve = parseCurveText(text);
  if (typeof curve === 'string') throw new Error(`vent-curve: ${curve.replace(/^--vent-curve /, '').replace(/\.?$/, '.')}`);
  return curve;
}

/** `upload-apnea-count`: anything but `clinical` is the legacy count. */
export function uploadApneaCount(value: string | null | undefined): UploadApneaCount {
  return value === 'clinical' ? 'clinical' : 'legacy';
}

/** The events that count toward the index (apneas and hypopneas, or OSCAR's flags), outside high leak. */
export function clinicalCount(c: ClinicalResult): number {
  return c.events.filter((e) => e.counted).length;
}

/** The `apnea_count` an upload carries under `choice`; the legacy count when there is no clinical result. */
export function apneaCountFor(choice: UploadApneaCount, legacy: number, clinical: ClinicalResult | null | undefined): number {
  return choice === 'clinical' && clinical ? clinicalCount(clinical) : legacy;
}

/**
 * Which card alerts. The AHI card: AHI (flow) ≥ 15 with at least one analysed hour (a severity).
 * The legacy card keeps the contract's rule (`APNEA_ALERT_THRESHOLD`) only while uploads carry the
 * legacy count, so the screen agrees with what the server and the patients view flag for the record.
 */
export function alerts(choice: UploadApneaCount, clinical: ClinicalResult | null | undefined): { legacy: boolean; ahi: boolean } {
  const ahi = clinical?.severity === 'moderate' || clinical?.severity === 'severe';
  return { legacy: choice === 'legacy' || !clinical, ahi };
}

const NO_SPANS: Array<[number, number]> = [];

/** The legacy apnea spans to shade: none once a clinical result draws its own events (one empty array, so re-renders draw nothing new). */
export function legacySpans(spans: Array<[number, number]> | undefined, clinical: ClinicalResult | null): Array<[number, number]> {
  return (!clinical && spans) || NO_SPANS;
}

const NO_EVENTS: ChartEvent[] = [];
const bands = new WeakMap<readonly ClinicalEvent[], ChartEvent[]>();

/** The chart's bands: apneas solid, hypopneas hatched, OSCAR flags as edges (the same array for the same events, so a re-render draws nothing new). */
export function chartEvents(events: readonly ClinicalEvent[] | undefined): ChartEvent[] {
  if (!events) return NO_EVENTS;
  let out = bands.get(events);
  if (!out) {
    out = events.map((e) => ({ start: e.start, end: e.end, kind: e.type === 'apnea' ? 'apnea' : e.type === 'hypopnea' ? 'hypopnea' : 'flag' }));
    bands.set(events, out);
  }
  return out;
}

/** The range an event row zooms the chart to: {@link EVENT_WINDOW_S} around its middle, or the event and 30 s each side. */
export function eventWindow(e: { start: number; end: number }): { min: number; max: number } {
  if (e.end - e.start > EVENT_WINDOW_S - 60) return { min: e.start - 30, max: e.end + 30 };
  const mid = (e.start + e.end) / 2;
  return { min: mid - EVENT_WINDOW_S / 2, max: mid + EVENT_WINDOW_S / 2 };
}
