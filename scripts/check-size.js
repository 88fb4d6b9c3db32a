#!/usr/bin/env node
// Size budget of the state store core: esbuild --minify, gzip, fail over 1024 bytes.
// Usage: node scripts/check-size.js [entry] [budget-bytes]
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const entry = path.resolve(root, process.argv[2] ?? 'src/store/store.ts');
const budget = Number(process.argv[3] ?? 1024);

const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  write: false,
  logLevel: 'warning',
});
const code = result.outputFiles[0].contents;
const gz = gzipSync(code, { level: 9 }).length;
console.log(`${path.relative(root, entry)}: ${code.length} B min, ${gz} B min+gzip (budget ${budget} B)`);
if (gz > budget) {
  console.error(`size check failed: ${gz} B > ${budget} B`);
  process.exit(1);
}
