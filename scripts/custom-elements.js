#!/usr/bin/env node
// The Custom Elements Manifest, dist/custom-elements.json (package.json "customElements"), from the
// element classes' TSDoc headers by @custom-elements-manifest/analyzer with its Lit support
// (custom-elements-manifest.config.js), then the React and Vue types generated from it
// (scripts/framework-types.js). A step of scripts/build.js, after the .d.ts files (dist/types).
// The package ships no src/, so the analyzer's module paths (src/x.ts) are rewritten to what ships:
// the built declarations, dist/types/x.d.ts, one per source module, with the TSDoc kept (dist/lib is
// bundled into chunks, so an element's class has no JS file of its own there).
import fs from 'node:fs';
import path from 'node:path';
import { cli } from '@custom-elements-manifest/analyzer/cli.js';
import { writeFrameworkTypes } from './framework-types.js';

const ROOT = path.resolve(import.meta.dirname, '..');
export const MANIFEST = 'dist/custom-elements.json';

/** Writes dist/custom-elements.json and dist/types/{react,vue}.d.ts; returns the manifest. */
export async function buildManifest() {
  const manifest = await cli({ argv: ['analyze', '--quiet'], cwd: ROOT });
  const file = path.join(ROOT, MANIFEST);
  if (!manifest || !fs.existsSync(file)) throw new Error(`custom elements manifest: ${MANIFEST} was not written`);
  shippedPaths(manifest);
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  const tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
  if (tags.length === 0) throw new Error('custom elements manifest: no element found');
  writeFrameworkTypes(manifest);
  return manifest;
}

/** `src/a/b.ts` (or `/src/a/b.ts`, or relative to module `from`) as the shipped `dist/types/a/b.d.ts`. */
function shipped(ref, from) {
  const source = ref.startsWith('.') ? path.posix.join(path.posix.dirname(from), ref) : ref.replace(/^\//, '');
  const match = /^src\/(.+)\.ts$/.exec(source);
  if (!match) throw new Error(`custom elements manifest: module ${ref} (in ${from}) is not a source module`);
  const target = `dist/types/${match[1]}.d.ts`;
  if (!fs.existsSync(path.join(ROOT, target))) throw new Error(`custom elements manifest: ${target} (for ${ref}) was not built`);
  return target;
}

/** Rewrites every module path and `module` reference of the manifest, in place, to shipped files. */
function shippedPaths(manifest) {
  const visit = (node, from) => {
    if (Array.isArray(node)) for (const item of node) visit(item, from);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'module' && typeof value === 'string' && !node.package) node.module = shipped(value, from);
        else visit(value, from);
      }
    }
  };
  for (const mod of manifest.modules) {
    const from = mod.path.replace(/^\//, '');
    visit(mod.declarations, from);
    visit(mod.exports, from);
    mod.path = shipped(from, from);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildManifest();
