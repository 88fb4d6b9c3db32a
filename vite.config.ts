import { defineConfig } from 'vite';
import { resolve } from 'node:path';
import { minifyCssLiterals } from './scripts/vite-minify-css-literals.ts';

// `--mode lib`: the library as ES modules in dist/lib (entry per public module, shared chunks,
// the analysis worker as its own file). `--mode demo`: the demo page in dist/demo.
// `base: './'` keeps emitted URLs (the worker's) relative, so the bundle works in any host page.
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
  return {
    ...shared,
    build: {
      outDir: 'dist/lib',
      emptyOutDir: true,
      // Self-contained (Lit, uPlot and comlink included) and minified: it runs from a plain
      // <script type="module"> in any page, with no bundler.
      minify: true,
      target: 'es2022',
      sourcemap: true,
      lib: {
        // One entry per public module, so a page can load one element without the rest.
        entry: {
          index: resolve(import.meta.dirname, 'src/index.ts'),
          store: resolve(import.meta.dirname, 'src/store/index.ts'),
          worker: resolve(import.meta.dirname, 'src/worker/index.ts'),
          dashboard: resolve(import.meta.dirname, 'src/dashboard/define.ts'),
          ...Object.fromEntries(
            ['text-input', 'file-uploader', 'tabs', 'expander', 'metric-card', 'flow-chart'].map((name) => [
              `elements/${name}`,
              resolve(import.meta.dirname, `src/elements/${name}/define.ts`),
            ]),
          ),
        },
        formats: ['es' as const],
        fileName: (_format: string, name: string) => `${name}.js`,
      },
    },
  };
});
