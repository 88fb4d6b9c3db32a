/**
 * The clinical exports as CSV: the events and the per-breath table, each stamped with the scoring
 * method in leading `# method: {...}` comment lines (§10), safe to open in a spreadsheet (a text cell
 * that starts with = + - @ or a control character is prefixed with an apostrophe).
 */
import type { BreathTable, ClinicalResult } from '../core/scoring/types.ts';
import { downloadBlob } from './download.ts';

/** One CSV cell: numbers as they are (NaN and null empty), text quoted when needed and neutralised against formula injection. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 1e6) / 1e6) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: string[], rows: Iterable<Array<string | number | boolean | null>>, stamp: string[]): string {
  const lines = [...stamp, header.join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** The comment lines that open every export: the file and the method, one JSON object. */
export function stampLines(c: ClinicalResult, fileName: string): string[] {
  // JSON of the method holds no line breaks; the file name is cleaned of them.
  return [`# file: ${fileName.replace(/[\r\n]+/g, ' ')}`, `# method: ${JSON.stringify(c.method)}`];
}

/** Every event (counted or not) and every unscored run, in time order. */
export function eventsCsv(c: ClinicalResult, fileName: string): string {
  const rows = [
    ...c.events.map((e) => [e.type, e.start, e.end, e.durationS, e.nadirPct, e.noFlowS, e.baselineLpm, e.confirmed, e.counted, '']),
    ...c.unscored.map((u) => ['unscored', u.start, u.end, u.durationS, null, null, null, false, false, u.reason]),
  ].sort((a, b) => (a[1] as number) - (b[1] as number));
  const header = ['type', 'start_s', 'end_s', 'duration_s', 'nadir_pct', 'no_flow_s', 'baseline_lpm', 'confirmed', 'counted', 'note'];
  return csv(header, rows, stampLines(c, fileName));
}

/** One row per complete breath. */
export function breathsCsv(c: ClinicalResult, fileName: string): string {
  const t: BreathTable = c.breathTable;
  const rows = function* () {
    for (let i = 0; i < t.start.length; i++) yield [t.start[i]!, t.end[i]!, t.rr[i]!, t.vt[i]!, t.mv[i]!, t.ti[i]!, t.te[i]!, t.pif[i]!];
  };
  const header = ['start_s', 'end_s', 'rr_bpm', 'vt_ml', 'mv_lpm', 'ti_s', 'te_s', 'pif_lpm'];
  return csv(header, rows(), stampLines(c, fileName));
}

/** Saves `text` as a CSV download named `<file>-<what>.csv`. */
export function downloadCsv(text: string, fileName: string, what: string): void {
  downloadBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), fileName, `${what}.csv`);
}
