// uPlot is loaded when a chart first has something to draw, not with the element: a page that
// shows charts only after an analysis does not download it up front (see `npm run size`).
import type uPlot from 'uplot';

type Runtime = typeof import('./uplot-runtime.ts');

let runtime: Runtime | null = null;
let loading: Promise<Runtime> | null = null;
const waiting = new WeakSet<object>();

/** The loaded runtime (uPlot, its CSS, the event bands' drawing), or null before the first draw. */
export function uplotRuntime(): Runtime | null {
  return runtime;
}

/**
 * uPlot's constructor, its CSS adopted into `root`, when loaded. Until then `undefined`: loading
 * starts and `ready` runs once it is done (once per host however often it asks meanwhile).
 */
export function loadUplot(host: object, root: ShadowRoot, ready: () => void): typeof uPlot | undefined {
  if (runtime) {
    runtime.adoptUplotStyles(root);
    return runtime.uPlot;
  }
  if (waiting.has(host)) return undefined;
  waiting.add(host);
  loading ??= import('./uplot-runtime.ts').then((m) => (runtime = m));
  loading.then(
    () => {
      waiting.delete(host);
      ready();
    },
    (error: unknown) => {
      // A failed download (offline, a moved file) is tried again on the next draw.
      loading = null;
      waiting.delete(host);
      console.error('da-flow-chart: uPlot could not be loaded', error);
    },
  );
  return undefined;
}
