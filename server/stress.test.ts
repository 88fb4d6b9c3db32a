// `npm run stress --short` in npm test (issue 11, item 7): the hostile battery of bench/stress.js for a
// few seconds against a server of its own: 0 answers in 5xx, 0 crashes, 0 hangs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// @ts-expect-error plain JavaScript without types
import { runStress } from '../bench/stress.js';

describe('npm run stress --short', () => {
  it('answers a hostile battery with 0 answers in 5xx, 0 crashes, 0 hangs', { timeout: 120_000 }, async () => {
    const s = (await runStress({ short: true })) as {
      requests: number;
      classes: Record<string, number>;
      crashes: number;
      hangs: number;
      hangList: string[];
      fivexx: string[];
      peakRssMb: number;
      results: { growthPerUploadBytes: number; concurrentUploads: { sent: number; stored: number }; burst429: number; traversalLeak?: string; replayHasError: boolean };
    };
    console.log(`stress --short: ${s.requests} requests, ${JSON.stringify(s.classes)}, peak ${s.peakRssMb.toFixed(0)} MB RSS, ${Math.round(s.results.growthPerUploadBytes)} bytes per small upload`);
    assert.ok(s.requests > 500, `${s.requests} requests`);
    assert.deepEqual(s.fivexx, [], '0 answers in 5xx');
    assert.equal(s.classes['5xx'] ?? 0, 0);
    assert.equal(s.crashes, 0, '0 crashes');
    assert.deepEqual(s.hangList, [], '0 hangs');
    assert.ok(s.results.growthPerUploadBytes < 5 * 1024, 'a small upload after an 8 MiB name attempt stays small');
    assert.equal(s.results.replayHasError, false);
    assert.equal(s.results.concurrentUploads.stored, s.results.concurrentUploads.sent, 'every concurrent upload stored');
    assert.ok(s.results.burst429 > 0, 'the burst met the rate limit');
    assert.equal(s.results.traversalLeak, undefined);
  });
});
