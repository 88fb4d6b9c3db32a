/**
 * A min/max envelope of a signal: one bucket per pixel column, so a chart never draws millions of
 * points. The one envelope type of the library: the worker returns it ({@link envelopeBySamples})
 * and the flow chart computes it for the visible range (`envelopeByTime` in its decimate.ts).
 */
export interface FlowEnvelope {
  /** Start time (s) of each bucket, ascending. */
  time: Float64Array;
  /** Smallest value in each bucket (`+Infinity` for an empty bucket). */
  min: Float64Array;
  /** Largest value in each bucket (`-Infinity` for an empty bucket). */
  max: Float64Array;
}

/**
 * Envelope by sample count: splits samples [from, to) into at most `buckets` runs of equal length
 * and keeps each run's min and max; a bucket's time is that of its first sample. No bucket is empty.
 */
export function envelopeBySamples(
  time: ArrayLike<number>,
  values: ArrayLike<number>,
  buckets: number,
  from = 0,
  to = values.length,
): FlowEnvelope {
  const count = Math.max(0, to - from);
  const nb = Math.max(0, Math.min(Math.floor(buckets), count));
  const outTime = new Float64Array(nb);
  const outMin = new Float64Array(nb);
  const outMax = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    const s = from + Math.floor((b * count) / nb);
    const e = from + Math.floor(((b + 1) * count) / nb);
    let lo = values[s], hi = values[s];
    for (let i = s + 1; i < e; i++) {
      const v = values[i];
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    outTime[b] = time[s];
    outMin[b] = lo;
    outMax[b] = hi;
  }
  return { time: outTime, min: outMin, max: outMax };
}
