import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { minifyCssLiterals } from './scripts/vite-minify-css-literals.ts';
import { elements } from './scripts/elements.js';

// `--mode lib`: the library for bundlers in dist/lib: an entry per public module, shared chunks,
// Lit, uPlot and comlink left as imports so an app that uses Lit keeps one copy of it.
// `--mode cdn`: the same entries self-contained and minified in dist/cdn, for a plain
// <script type="module"> with no bundler (the reference server serves it at /lib/).
// `--mode demo`: the demo page in dist/demo. In every build the analysis worker is a
// self-contained file of its own, and `base: './'` keeps its URL relative, so it works in any page.
export default defineConfig(({ mode }) => {
  const shared = {
    base: './',
    plugins: [minifyCssLiterals()],
    worker: { format: 'es' as const },
    server: { fs: { allow: ['.', '../shared'] } },
  };
  if (mode === 'demo') {
    return {
      ...shared,
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
  return {
    ...shared,
    build: {
      outDir: cdn ? 'dist/cdn' : 'dist/lib',
      emptyOutDir: true,
      minify: cdn,
      target: 'es2022',
      rolldownOptions: cdn ? {} : { external: [/^lit(\/|$)/, /^@lit\//, /^lit-html(\/|$)/, /^lit-element(\/|$)/, /^uplot$/, /^comlink$/] },
      sourcemap: true,
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
