// The scripted generator (cpap-scoring.md §12): deterministic per seed, its truth matches what it
// wrote, and the legacy rule counts on T01-T10 what the spec's table says (the old system's column).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeCpapBytes } from '../../src/core/analyze.ts';
import { ventFlow } from '../../src/core/flow.ts';
import { scriptedCpap } from '../../src/core/scripted.ts';
import { SCRIPTED_CASE_IDS, scriptedCase, type ScriptedCaseId } from '../../src/core/scripted-cases.ts';

const LEGACY: Record<ScriptedCaseId, number> = { T01: 0, T02: 6, T03: 0, T04: 0, T05: 8, T06: 6, T07: 8, T08: 14, T09: 4, T10: 6 };
const bytes = (text: string) => new TextEncoder().encode(text);

describe('scriptedCpap', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = scriptedCpap(scriptedCase('T02', 3));
    const b = scriptedCpap(scriptedCase('T02', 3));
    const c = scriptedCpap(scriptedCase('T02', 4));
    assert.equal(a.text, b.text);
    assert.deepEqual(a.truth, b.truth);
    assert.notEqual(a.text, c.text);
  });

  it('writes the scripted events, gaps, bad lines and no-flow into the file and its truth', () => {
    const { text, truth } = scriptedCpap(scriptedCase('T09', 1));
    assert.deepEqual(truth.events.map((e) => [e.type, Math.round(e.end - e.start)]), [['apnea', 15], ['apnea', 15], ['apnea', 15], ['apnea', 15]]);
    for (const [e, at] of truth.events.map((e, k) => [e, [40, 200, 296, 706][k]!] as const)) {
      assert.ok(e.start >= at && e.start < at + 8, `event at ${at} starts at the next breath boundary (${e.start})`);
    }
    assert.equal(truth.noFlow.length, 1);
    assert.ok(Math.abs(truth.noFlow[0]!.end - truth.noFlow[0]!.start - 150) < 1e-9);
    const m = analyzeCpapBytes(bytes(text)).metrics;
    assert.equal(m.invalid_line_count, 2);
    assert.equal(truth.badLines.length, 2);
    const lines = text.trimEnd().split('\n').slice(1);
    const times = lines.map((l) => Number(l.split(',')[0]));
    const gap = times.findIndex((t, i) => i > 0 && t - times[i - 1]! > 1);
    assert.ok(gap > 0 && times[gap - 1]! < 300 && times[gap]! >= 305 - 1e-9, 'the lines from 300 s to 305 s are dropped');
    // Inside the scripted pause venturi 1 reads exactly zero flow while venturi 2 carries the vent leak.
    const mid = (truth.events[1]!.start + truth.events[1]!.end) / 2;
    const row = lines[times.findIndex((t) => t >= mid)]!.split(',').map(Number);
    assert.equal(Math.abs(ventFlow(row[1]!, row[2]!, row[3]!)), 0);
    assert.ok(ventFlow(row[4]!, row[5]!, row[6]!) * 60000 > 20, 'venturi 2 reads the vent flow in a pause');
  });

  it('splits a split event into pause, small breath, pause and calls it one apnea', () => {
    const { truth } = scriptedCpap(scriptedCase('T07', 2));
    assert.equal(truth.events.length, 4);
    for (const e of truth.events) {
      assert.equal(e.type, 'apnea');
      assert.equal(e.script, 'split');
      assert.ok(Math.abs(e.end - e.start - 19.5) < 1e-9);
    }
  });

  it('gives the legacy counts of the spec table on T01-T10', () => {
    for (const id of SCRIPTED_CASE_IDS) {
      const { text } = scriptedCpap(scriptedCase(id, 1));
      assert.equal(analyzeCpapBytes(bytes(text)).metrics.apnea_count, LEGACY[id], id);
    }
  });
});
