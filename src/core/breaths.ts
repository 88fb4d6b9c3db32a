/**
 * The old system's breath pairing, quirks included, so that counts match it exactly:
 * inspiration peaks are collected until an expiration peak lies strictly between the current
 * inspiration peak and the next one; the breath is then at the highest collected peak (equal
 * flows: the later one). The last inspiration peak always counts as one more breath.
 */
export function pairBreaths(
  time: ArrayLike<number>,
  flow: ArrayLike<number>,
  inspirationPeaks: Int32Array,
  expirationPeaks: Int32Array,
): number[] {
  const ins = inspirationPeaks;
  const exp = expirationPeaks;
  const breaths: number[] = [];
  if (ins.length === 0) return breaths;
  let best = -1; // index (into flow) of the highest candidate so far
  let e = 0;
  for (let k = 0; k < ins.length - 1; k++) {
    const i = ins[k];
    if (best < 0 || flow[i] >= flow[best]) best = i;
    const t0 = time[i];
    const t1 = time[ins[k + 1]];
    while (e < exp.length && time[exp[e]] <= t0) e++;
    if (e < exp.length && time[exp[e]] < t1) {
      breaths.push(time[best]);
      best = -1;
    }
  }
  breaths.push(time[ins[ins.length - 1]]);
  return breaths;
}

/** Gaps between consecutive breaths longer than `minGap` seconds, as [start, end] spans. */
export function apneaSpans(breathTimes: readonly number[], minGap = 10): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let k = 1; k < breathTimes.length; k++) {
    if (breathTimes[k] - breathTimes[k - 1] > minGap) spans.push([breathTimes[k - 1], breathTimes[k]]);
  }
  return spans;
}
