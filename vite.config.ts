import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { minifyCssLiterals } from './scripts/vite-minify-css-literals.ts';
import { analysisWorker } from './scripts/vite-analysis-worker.ts';
import { elements } from './scripts/elements.js';

// `--mode lib`: the library for bundlers in dist/lib: an entry per public module, shared chunks,
// Lit, uPlot and comlink left as imports so an app that uses Lit keeps one copy of it.
// `--mode lib-dev`: the same as `lib` in dist/lib-dev with the dev-mode warnings kept
// (src/elements/shared/dev.ts), for package.json's `development` export condition, as Lit does.
// `--mode cdn`: the same entries self-contained and minified in dist/cdn, for a plain
// <script type="module"> with no bundler (the reference server serves it at /lib/).
// `--mode demo`: the demo page in dist/demo. In every build the analysis worker is one
// self-contained, minified file beside the chunk that starts it (scripts/vite-analysis-worker.ts),
// and `base: './'` keeps URLs relative, so it works in any page.
/**
 * Modules of dist/cdn's shared chunk: Lit, the event catalogue and the element classes. Not the
 * `define.ts` modules (their `customElements.define` runs when their entry is imported, not with
 * the chunk), not the store (store.js stays small), not uPlot and the chart's event bands (loaded when a chart draws).
 */
function cdnShared(id: string): boolean {
  const file = id.replace(/\\/g, '/');
  if (/\/node_modules\/(lit|lit-html|lit-element|@lit\/[^/]+)\//.test(file)) return true;
  return /\/src\/(elements\/|events\.ts)/.test(file) && !/\/(elements\/(?!shared\/)[^/]+\/define|uplot-runtime|chart-events)\.ts$/.test(file);
}

export default defineConfig(({ mode }) => {
  const shared = {
    base: './',
    plugins: [minifyCssLiterals()],
    server: { fs: { allow: ['.', '../shared'] } },
  };
  if (mode === 'demo') {
    return {
      ...shared,
      plugins: [...shared.plugins, analysisWorker('assets/analysis.worker-[hash].js')],
      root: resolve(import.meta.dirname, 'demo'),
      build: {
        outDir: resolve(import.meta.dirname, 'dist/demo'),
        emptyOutDir: true,
        target: 'es2022',
        // Every browser that runs the elements supports modulepreload: no polyfill in the page.
        modulePreload: { polyfill: false },
      },
    };
  }
  const cdn = mode === 'cdn';
  const dev = mode === 'lib-dev';
  return {
    ...shared,
    // A production build sets import.meta.env.DEV to false and the warnings drop out; lib-dev keeps them.
    ...(dev ? { define: { 'import.meta.env.DEV': 'true' } } : {}),
    plugins: [...shared.plugins, analysisWorker('analysis.worker.js')],
    build: {
      outDir: cdn ? 'dist/cdn' : dev ? 'dist/lib-dev' : 'dist/lib',
      emptyOutDir: true,
      minify: cdn,
      target: 'es2022',
      // Vite minifies an ES library without removing whitespace (`codegen: false`, to keep pure
      // annotations for a later bundler); dist/cdn goes to browsers as it is, so it gets the full minifier.
      // One shared chunk for Lit and the element classes (cdnShared): the dashboard loads a few files,
      // not fifteen, and gzip sees them together (about 5 KB less at page load, within 5% of the demo's
      // one bundle). A page that loads one element from dist/cdn downloads the other classes with it
      // (not defined); a bundler building dist/lib takes only what is used.
      rolldownOptions: cdn ? { output: { minify: true, codeSplitting: { groups: [{ name: 'elements', test: cdnShared }] } } } : { external: [/^lit(\/|$)/, /^@lit\//, /^lit-html(\/|$)/, /^lit-element(\/|$)/, /^uplot$/, /^comlink$/] },
      // No source maps: the package ships none (README, "The package"); dist/lib stays readable as built.
      sourcemap: false,
      lib: {
        // One entry per public module, so a page can load one element without the rest.
        entry: {
          index: resolve(import.meta.dirname, 'src/index.ts'),
          store: resolve(import.meta.dirname, 'src/store/index.ts'),
          worker: resolve(import.meta.dirname, 'src/worker/index.ts'),
          dashboard: resolve(import.meta.dirname, 'src/dashboard/define.ts'),
          // Every element folder of src/elements/ (scripts/elements.js), as `elements/<name>`.
          ...Object.fromEntries(elements().map((e) => [`elements/${e.name}`, resolve(import.meta.dirname, e.define)])),
        },
        formats: ['es' as const],
        fileName: (_format: string, name: string) => `${name}.js`,
      },
    },
  };
});
