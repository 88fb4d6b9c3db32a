// A Vite plugin: the analysis worker as ONE self-contained, minified module (comlink, the core and
// the sample generator bundled in; no import, no dynamic import) written beside the chunk that
// starts it, and referenced there as `new Worker(new URL('./analysis.worker.js', import.meta.url),
// { type: 'module', ... })`, the one form that bundlers (Vite, webpack) which build dist/lib into an
// app recognise and emit. Vite's own worker handling would write `new URL(new URL('assets/…',
// import.meta.url).href, …)`, which no bundler follows, and leave the dist/lib worker unminified.
//
// src/worker/start.ts holds `new URL('./analysis.worker.ts', import.meta.url)` (what runs from
// source: tests, Vite dev). Here its `new Worker(new URL(...))` gets the built file's name as a
// literal, and the other mention gets it as `String("...")`, so a bundler does not copy the worker
// a second time as a plain asset.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Plugin } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENTRY = path.join(ROOT, 'src/worker/analysis.worker.ts');
const SOURCE_URL = "'./analysis.worker.ts'";
const IN_WORKER = `new Worker(new URL(${SOURCE_URL}, import.meta.url)`;

/** The worker bundle: minified ES module, no imports left, with its source map. */
export async function buildAnalysisWorker(outfile = path.join(ROOT, 'dist/lib/analysis.worker.js')): Promise<{ code: string; map: string }> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    splitting: false,
    minify: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    write: false,
    sourcemap: 'external',
    outfile, // only for the source map's paths: nothing is written
    legalComments: 'none',
    logLevel: 'error',
  });
  const code = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
  const map = result.outputFiles.find((f) => f.path.endsWith('.map'))!.text;
  if (/\bimport\s*[("'{*]|\bimport\s+\w/.test(code.replace(/import\.meta/g, ''))) {
    throw new Error('analysis worker: the bundle still imports something; it must be self-contained');
  }
  return { code, map };
}

/**
 * @param fileName where the worker goes in the output (`[hash]` is replaced by a content hash),
 *   e.g. `analysis.worker.js` (dist/lib, dist/cdn: a stable name for `setWorkerUrl`) or
 *   `assets/analysis.worker-[hash].js` (the demo).
 */
export function analysisWorker(fileName = 'analysis.worker.js'): Plugin {
  let worker: { code: string; map: string; fileName: string } | null = null;
  let outDir = path.join(ROOT, 'dist/lib');
  // Placeholders the bundler leaves alone (free identifiers), swapped for the real reference after minifying.
  const A = '__DAE_ANALYSIS_WORKER_A__';
  const B = '__DAE_ANALYSIS_WORKER_B__';
  return {
    name: 'analysis-worker',
    apply: 'build',
    enforce: 'pre',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async buildStart() {
      const { code, map } = await buildAnalysisWorker(path.join(outDir, fileName));
      const hash = createHash('sha256').update(code).digest('base64url').slice(0, 8);
      worker = { code, map, fileName: fileName.replace('[hash]', hash) };
    },
    transform(code, id) {
      if (!id.replace(/\\/g, '/').endsWith('/src/worker/start.ts')) return null;
      if (!code.includes(IN_WORKER)) this.error(`src/worker/start.ts must start the worker as ${IN_WORKER}, ...)`);
      return { code: code.replace(IN_WORKER, `new Worker(new URL(${A}, import.meta.url)`).replaceAll(SOURCE_URL, B), map: null };
    },
    generateBundle(_options, bundle) {
      if (!worker) return;
      let referenced = false;
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk' || !chunk.code.includes(A)) continue;
        let rel = path.posix.relative(path.posix.dirname(chunk.fileName), worker.fileName);
        if (!rel.startsWith('.')) rel = `./${rel}`;
        chunk.code = chunk.code.replaceAll(A, JSON.stringify(rel)).replaceAll(B, `String(${JSON.stringify(rel)})`);
        referenced = true;
      }
      if (!referenced) return; // a build without the worker client
      const mapName = `${path.posix.basename(worker.fileName)}.map`;
      this.emitFile({ type: 'asset', fileName: worker.fileName, source: `${worker.code}//# sourceMappingURL=${mapName}\n` });
      this.emitFile({ type: 'asset', fileName: `${worker.fileName}.map`, source: worker.map });
    },
  };
}
