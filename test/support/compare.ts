// What Node tests compare when two paths must agree (one thread and several, JavaScript and the
// WebAssembly parse): doubles to the last bit, results but their timing.

/** A typed array's bytes: equal only when every double is the same to the last bit. */
export const bits = (a: Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** A result without its timing, the one field that differs from run to run. */
export function comparable<T extends { metrics: { timing: unknown } }>({ metrics: { timing, ...metrics }, ...rest }: T) {
  return { metrics, ...rest };
}
