#!/usr/bin/env node
// The Custom Elements Manifest, dist/custom-elements.json (package.json "customElements"), from the
// element classes' TSDoc headers by @custom-elements-manifest/analyzer with its Lit support
// (custom-elements-manifest.config.js), then the React and Vue types generated from it
// (scripts/framework-types.js). A step of scripts/build.js, after the .d.ts files (dist/types).
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
  const tags = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
  if (tags.length === 0) throw new Error('custom elements manifest: no element found');
  writeFrameworkTypes(manifest);
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) await buildManifest();
