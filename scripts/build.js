#!/usr/bin/env node
// `npm run build`: the browser library (for bundlers and for plain pages) and demo (Vite), the Node entry points (CLI, core, server) with esbuild.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { checkBudget } from './size.js';

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);

// "Tiny" stays tiny: the store core's size budget fails the build when it grows past 1 KB.
if (!(await checkBudget('src/store/store.ts', 1024))) process.exit(1);

await viteBuild({ configFile: 'vite.config.ts', mode: 'lib', logLevel: 'warn' });
// dist/lib-dev: dist/lib with the dev-mode warnings, for the `development` export condition.
await viteBuild({ configFile: 'vite.config.ts', mode: 'lib-dev', logLevel: 'warn' });
await viteBuild({ configFile: 'vite.config.ts', mode: 'cdn', logLevel: 'warn' });
// Type declarations for the package's exports (dist/types), emptied first so that no declaration of
// an older build (of a module since removed or renamed) ships.
fs.rmSync('dist/types', { recursive: true, force: true });
if (spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' }).status !== 0) process.exit(1);
// ... and for `data-app-elements/node` (src/node, left out above: it needs Node's types), beside them;
// the core files it imports come out the same as above.
if (spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.node-types.json'], { stdio: 'inherit' }).status !== 0) process.exit(1);
// The Custom Elements Manifest (dist/custom-elements.json) from the TSDoc headers, and the React and Vue types generated from it.
await (await import('./custom-elements.js')).buildManifest();
// The API reference page, docs/api.md, generated from the manifest.
(await import('./api-reference.js')).writeApiReference();
if (fs.existsSync('demo/index.html')) {
  await viteBuild({ configFile: 'vite.config.ts', mode: 'demo', logLevel: 'warn' });
}

// node/thread is the worker thread of src/node/pool.ts, loaded from beside cli.js and node.js (the threads' library API).
const nodeEntries = {
  'node/cli': 'src/cli/cpap-analyze.ts',
  'node/core': 'src/core/index.ts',
  'node/node': 'src/node/index.ts',
  'node/thread': 'src/node/thread.ts',
};
// The shipped entries share one copy of the core (ESM splitting, chunks beside the entries, so a
// chunk's import.meta.url still finds thread.js) instead of four.
const nodeBuild = (entries, sourcemap, splitting = false) =>
  esbuild({
    entryPoints: Object.fromEntries(Object.entries(entries).filter(([, f]) => fs.existsSync(f))),
    outdir: 'dist',
    bundle: true,
    splitting,
    chunkNames: 'node/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap,
    logLevel: 'warning',
  });
// dist/node ships in the package, without source maps; the reference server (not shipped) keeps its maps.
fs.rmSync('dist/node', { recursive: true, force: true });
await nodeBuild(nodeEntries, false, true);
if (fs.existsSync('server/main.ts')) await nodeBuild({ 'server/server': 'server/main.ts' }, true);
dropSourceMaps(['dist/lib', 'dist/lib-dev', 'dist/cdn', 'dist/node']);
// The demo's service worker, last (the files it keeps are final): the shell and dist/cdn for offline start, versioned by their hash.
if (fs.existsSync('dist/demo/index.html')) await (await import('./service-worker.js')).buildServiceWorker('dist');

/**
 * The package ships no source maps (README, "The package"): the ones a plugin still writes (the
 * analysis worker's) are removed with their `sourceMappingURL` comments, so no bundler or browser
 * looks for a file that is not there.
 */
function dropSourceMaps(dirs) {
  for (const dir of dirs.filter((d) => fs.existsSync(d))) {
    for (const rel of fs.readdirSync(dir, { recursive: true }).map(String)) {
      const file = path.join(dir, rel);
      if (file.endsWith('.map')) fs.rmSync(file);
      else if (file.endsWith('.js')) {
        const code = fs.readFileSync(file, 'utf8');
        const stripped = code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
        if (stripped !== code) fs.writeFileSync(file, stripped);
      }
    }
  }
}
console.log('build: dist/ ready');
