/** A min/max envelope of a signal: one bucket per pixel column, so a chart never draws millions of points. */
export interface FlowEnvelope {
  /** Time of each bucket's first sample. */
  time: Float64Array;
  min: Float64Array;
  max: Float64Array;
}

/** Splits samples [from, to) into at most `buckets` equal runs and keeps each run's min and max. */
export function minMaxEnvelope(
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
