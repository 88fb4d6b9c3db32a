/**
 * A plain, obviously-correct port of SciPy's find_peaks for (height, distance, width): every walk
 * done the slow way, quadratic on purpose. The fast finder is checked against it.
 */
export function referenceFindPeaks(x: number[], height: number, distance: number, width: number): number[] {
  const n = x.length;
  let peaks: number[] = [];
  for (let i = 1; i < n - 1; i++) {
    if (!(x[i - 1] < x[i])) continue;
    let j = i + 1;
    while (j < n - 1 && x[j] === x[i]) j++;
    if (x[j] < x[i]) {
      peaks.push(Math.floor((i + j - 1) / 2));
      i = j;
    }
  }
  peaks = peaks.filter((p) => x[p] >= height);
  if (peaks.length > 1) {
    const order = peaks.map((_, k) => k).sort((a, b) => x[peaks[a]] - x[peaks[b]] || a - b);
    const keep = peaks.map(() => true);
    for (let r = order.length - 1; r >= 0; r--) {
      const j = order[r];
      if (!keep[j]) continue;
      for (let k = 0; k < peaks.length; k++) {
        if (k !== j && Math.abs(peaks[k] - peaks[j]) < Math.ceil(distance)) keep[k] = false;
      }
    }
    peaks = peaks.filter((_, k) => keep[k]);
  }
  return peaks.filter((peak) => {
    let left = peak, leftMin = x[peak];
    for (let i = peak; i >= 0 && x[i] <= x[peak]; i--) if (x[i] < leftMin) { leftMin = x[i]; left = i; }
    let right = peak, rightMin = x[peak];
    for (let i = peak; i < n && x[i] <= x[peak]; i++) if (x[i] < rightMin) { rightMin = x[i]; right = i; }
    const prominence = x[peak] - Math.max(leftMin, rightMin);
    const h = x[peak] - prominence / 2;
    let i = peak;
    while (left < i && h < x[i]) i--;
    let lip = i;
    if (x[i] < h) lip += (h - x[i]) / (x[i + 1] - x[i]);
    i = peak;
    while (i < right && h < x[i]) i++;
    let rip = i;
    if (x[i] < h) rip -= (h - x[i]) / (x[i - 1] - x[i]);
    return rip - lip >= width;
  });
}
