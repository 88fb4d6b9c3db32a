// The dashboard's clinical rules and exports as plain functions: attribute parsing (clear errors),
// the upload's apnea_count, which card alerts, the event window, and CSV that is stamped and safe.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { alerts, apneaCountFor, chartEvents, eventWindow, parseVentCurve, scoringOptions, uploadApneaCount } from '../../src/dashboard/clinical-options.ts';
import { breathsCsv, csvCell, eventsCsv } from '../../src/dashboard/clinical-csv.ts';
import { bucketMeans } from '../../src/dashboard/clinical-trend.ts';
import type { ClinicalEvent, ClinicalResult, ScoringMethod } from '../../src/core/scoring/types.ts';

const method: ScoringMethod = {
  name: 'cpap-flow-score', version: 1, preset: 'aasm', apneaDrop: 0.9, hypopneaDrop: 0.3, strictApnea: false, minEventS: 10,
  baselineS: 120, minBreaths: 5, smoothingS: 0.2, minPifLpm: 3, minCycleS: 1, silenceFrac: 0.1, silenceMinS: 2, spanGapS: 2,
  noFlowS: 60, apneaFraction: 0.5, leak: null, hypopnea: 'unconfirmed',
};

const event = (type: ClinicalEvent['type'], start: number, counted = true): ClinicalEvent =>
  ({ type, start, end: start + 20, durationS: 20, nadirPct: 5, noFlowS: 0, baselineLpm: 30, confirmed: type === 'apnea', counted });

/** A clinical result as the worker hands it over (the figures are inputs here, not expectations). */
function result(over: Partial<ClinicalResult> = {}): ClinicalResult {
  const col = (...v: number[]) => Float64Array.from(v);
  const spread = { median: 1, p95: 2 };
  return {
    method, events: [event('apnea', 100), event('hypopnea', 300), event('apnea', 600, false)], unscored: [{ start: 900, end: 915, durationS: 15, reason: 'truncated' }],
    ahi: 16, ai: 8, hi: 8, analysedS: 4500, severity: 'moderate', reason: null,
    breaths: { count: 3, complete: 2, rr: spread, vt: spread, mv: spread, ti: spread, te: spread, pif: spread },
    breathTable: { start: col(0, 4), end: col(4, 8), rr: col(15, NaN), vt: col(500, 510), mv: col(7.5, 7.6), ti: col(1.6, 1.7), te: col(2.4, 2.3), pif: col(30, 31) },
    leak: { total: spread, unintentional: null, redlineLpm: 24, epochs: { time: col(0), total: col(20), unintentional: null } },
    rollingAhi: { time: col(), ahi: col() }, warnings: [], ...over,
  };
}

describe('dashboard clinical options', () => {
  it('reads the vent curve and the preset, and says clearly what it could not read', () => {
    assert.deepEqual(parseVentCurve('4, 20.167,20,48.333'), { lowCmH2O: 4, lowLpm: 20.167, highCmH2O: 20, highLpm: 48.333 });
    assert.equal(parseVentCurve('  '), null);
    for (const bad of ['4,20', '4,20,x,48', '4,20,4,48', '4,-1,20,48', '4,,20,48']) assert.throws(() => parseVentCurve(bad), /^Error: vent-curve: (needs four numbers|.*must be)/);
    assert.deepEqual(scoringOptions('', ''), { options: { preset: 'aasm', ventCurve: null }, error: null });
    assert.deepEqual(scoringOptions('resmed-like', '4,20,20,48').options, { preset: 'resmed-like', ventCurve: { lowCmH2O: 4, lowLpm: 20, highCmH2O: 20, highLpm: 48 } });
    const bad = scoringOptions('apnealink', '4;20');
    assert.equal(bad.options.preset, 'aasm');
    assert.equal(bad.options.ventCurve, null);
    assert.match(bad.error!, /scoring-preset: "apnealink" is not one of aasm, resmed-like, oscar-uf/);
    assert.match(bad.error!, /Unintentional leak is not computed/);
  });

  it('uploads the legacy count by default and the counted events on request; the alert follows', () => {
    const c = result();
    assert.equal(uploadApneaCount(null), 'legacy');
    assert.equal(uploadApneaCount('nonsense'), 'legacy');
    assert.equal(apneaCountFor('legacy', 7, c), 7);
    assert.equal(apneaCountFor('clinical', 7, c), 2, 'the event in high leak is listed, not counted');
    assert.equal(apneaCountFor('clinical', 7, null), 7, 'no clinical result: the legacy count');
    assert.deepEqual(alerts('legacy', c), { legacy: true, ahi: true });
    assert.deepEqual(alerts('clinical', c), { legacy: false, ahi: true });
    assert.deepEqual(alerts('clinical', result({ ahi: 14.9, severity: 'mild' })), { legacy: false, ahi: false });
    assert.deepEqual(alerts('legacy', result({ ahi: 40, severity: null })), { legacy: true, ahi: false }, 'no alert below one analysed hour');
    assert.deepEqual(alerts('clinical', null), { legacy: true, ahi: false });
  });

  it('zooms to about 3 minutes around an event, wider for long ones; bands keep their kind', () => {
    assert.deepEqual(eventWindow({ start: 100, end: 120 }), { min: 20, max: 200 });
    assert.deepEqual(eventWindow({ start: 100, end: 400 }), { min: 70, max: 430 });
    const c = result();
    assert.deepEqual(chartEvents(c.events).map((e) => e.kind), ['apnea', 'hypopnea', 'apnea']);
    assert.equal(chartEvents(c.events), chartEvents(c.events), 'the same array for the same events');
    assert.equal(chartEvents([event('uf1', 5)])[0]!.kind, 'flag');
  });

  it('averages a column into buckets, skipping NaN', () => {
    const { t, v } = bucketMeans([0, 1, 2, 3], [1, NaN, 3, 5], 2);
    assert.deepEqual([...t], [0.75, 2.25]);
    assert.deepEqual([...v], [1, 4]);
  });
});

describe('dashboard clinical CSV', () => {
  it('neutralises formulas and quotes what needs it', () => {
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    for (const s of ['+1', '-1', '@SUM(A1)', '\tx']) assert.ok(csvCell(s).startsWith(`"'`) || csvCell(s).startsWith(`'`), s);
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell(-1.5), '-1.5', 'numbers are numbers');
    assert.equal(csvCell(NaN), '');
    assert.equal(csvCell(null), '');
  });

  it('exports every event and unscored run, and every breath, stamped with the method', () => {
    const c = result();
    const events = eventsCsv(c, 'night\n=1.txt').split('\r\n');
    assert.equal(events[0], '# file: night =1.txt');
    assert.deepEqual(JSON.parse(events[1]!.replace(/^# method: /, '')), method);
    assert.equal(events[2], 'type,start_s,end_s,duration_s,nadir_pct,no_flow_s,baseline_lpm,confirmed,counted,note');
    assert.deepEqual(events.slice(3, -1).map((l) => l.split(',')[0]), ['apnea', 'hypopnea', 'apnea', 'unscored']);
    assert.equal(events[5], 'apnea,600,620,20,5,0,30,true,false,');
    const breaths = breathsCsv(c, 'n.txt').split('\r\n');
    assert.equal(breaths[2], 'start_s,end_s,rr_bpm,vt_ml,mv_lpm,ti_s,te_s,pif_lpm');
    assert.equal(breaths[3], '0,4,15,500,7.5,1.6,2.4,30');
    assert.equal(breaths[4], '4,8,,510,7.6,1.7,2.3,31');
    assert.equal(breaths.length, 6);
  });
});
