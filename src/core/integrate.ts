/**
 * Composite Simpson's rule over unevenly spaced samples, as `scipy.integrate.simps(y, x, even='avg')`:
 * with an even number of samples, the average of Simpson on the first N-1 samples plus a trapezoid
 * on the last interval, and a trapezoid on the first interval plus Simpson on the last N-1.
 */
export function simpson(y: ArrayLike<number>, x: ArrayLike<number>): number {
  const n = y.length;
  if (n < 2) return 0;
  if (n === 2) return 0.5 * (x[1] - x[0]) * (y[0] + y[1]);
  if (n % 2 === 1) return basicSimpson(y, x, 0, n - 2);
  const lastTrapezoid = 0.5 * (x[n - 1] - x[n - 2]) * (y[n - 1] + y[n - 2]);
  const firstTrapezoid = 0.5 * (x[1] - x[0]) * (y[1] + y[0]);
  const result = basicSimpson(y, x, 0, n - 3) + basicSimpson(y, x, 1, n - 2);
  return result / 2 + (lastTrapezoid + firstTrapezoid) / 2;
}

/** SciPy `_basic_simpson` over the panels starting at start, start+2, ... < stop. */
function basicSimpson(y: ArrayLike<number>, x: ArrayLike<number>, start: number, stop: number): number {
  let sum = 0;
  for (let i = start; i < stop; i += 2) {
    const h0 = x[i + 1] - x[i];
    const h1 = x[i + 2] - x[i + 1];
    const hsum = h0 + h1;
    const hprod = h0 * h1;
    const h0divh1 = h1 !== 0 ? h0 / h1 : 0;
    const inv = h0divh1 !== 0 ? 1 / h0divh1 : 0;
    const mid = hprod !== 0 ? hsum / hprod : 0;
    sum += (hsum / 6) * (y[i] * (2 - inv) + y[i + 1] * (hsum * mid) + y[i + 2] * (2 - h0divh1));
  }
  return sum;
}
