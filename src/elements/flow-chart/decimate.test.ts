import { MinMaxPyramid, envelopeByTime, envelopeToLine } from './decimate.ts';
import { ok, equal } from '../../../test/browser/assert.ts';
import { seededRandom } from '../../core/synthetic.ts';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
const rng = seededRandom;

/** Naive reference: scan every sample, bucket by the same time boundaries. */
function naiveEnvelope(time: Float64Array, values: Float64Array, xMin: number, xMax: number, n: number) {
  const width = (xMax - xMin) / n;
  const min = new Float64Array(n).fill(Infinity);
  const max = new Float64Array(n).fill(-Infinity);
  for (let j = 0; j < n; j++) {
    const a = xMin + j * width;
    const b = xMin + (j + 1) * width;
    for (let i = 0; i < time.length; i++) {
      const t = time[i]!;
      const inside = t >= a && (j === n - 1 ? t <= xMax : t < b);
      if (!inside) continue;
      if (values[i]! < min[j]!) min[j] = values[i]!;
      if (values[i]! > max[j]!) max[j] = values[i]!;
    }
  }
  return { min, max };
}

describe('decimation', () => {
  it('matches a naive min/max scan on random data, with and without the pyramid', () => {
    const rand = rng(42);
    for (let round = 0; round < 25; round++) {
      const n = 1 + Math.floor(rand() * 20000);
      const time = new Float64Array(n);
      const values = new Float64Array(n);
      let t = rand() * 10;
      for (let i = 0; i < n; i++) {
        t += rand() < 0.01 ? rand() * 5 : rand() * 0.02; // uneven spacing with gaps
        time[i] = t;
        values[i] = (rand() - 0.5) * 1000;
      }
      const pyramid = new MinMaxPyramid(values);
      const lo = time[0]! + rand() * (time[n - 1]! - time[0]!) * 0.5;
      const hi = lo + rand() * (time[n - 1]! - lo) + 1e-6;
      const buckets = 1 + Math.floor(rand() * 300);
      const ref = naiveEnvelope(time, values, lo, hi, buckets);
      for (const env of [envelopeByTime(time, values, lo, hi, buckets, pyramid), envelopeByTime(time, values, lo, hi, buckets)]) {
        for (let j = 0; j < buckets; j++) {
          equal(env.min[j], ref.min[j], `round ${round} bucket ${j} min`);
          equal(env.max[j], ref.max[j], `round ${round} bucket ${j} max`);
        }
      }
    }
  });

  it('pyramid range min/max equals a scan for arbitrary ranges, ignoring NaN', () => {
    const rand = rng(3);
    const values = new Float64Array(100_003).map(() => (rand() < 0.001 ? NaN : rand() * 2 - 1));
    const pyramid = new MinMaxPyramid(values);
    ok(pyramid.levels >= 5);
    for (let k = 0; k < 500; k++) {
      const a = Math.floor(rand() * values.length);
      const b = a + Math.floor(rand() * (values.length - a + 1));
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = a; i < b; i++) {
        if (values[i]! < lo) lo = values[i]!;
        if (values[i]! > hi) hi = values[i]!;
      }
      const [pl, ph] = pyramid.minMax(a, b);
      equal(pl, lo, `min of [${a}, ${b})`);
      equal(ph, hi, `max of [${a}, ${b})`);
    }
  });

  it('turns an envelope into at most two sorted points per non-empty bucket', () => {
    const env = { time: Float64Array.of(0, 1, 2), min: Float64Array.of(-1, Infinity, -3), max: Float64Array.of(1, -Infinity, 3) };
    const [xs, ys] = envelopeToLine(env);
    equal(xs.length, 4);
    for (let i = 1; i < xs.length; i++) ok(xs[i]! > xs[i - 1]!, 'x ascending');
    equal(Math.min(...ys), -3);
    equal(Math.max(...ys), 3);
  });
});
