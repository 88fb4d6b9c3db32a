#!/usr/bin/env node
// Prints min+gzip sizes of each element alone and all together, with Lit bundled and with Lit
// external (what an element adds to a page that already has Lit). Usage: node scripts/size-elements.js
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const entries = {
  'da-text-input': 'src/elements/text-input/define.ts',
  'da-file-uploader': 'src/elements/file-uploader/define.ts',
  'da-tabs (+tab, tab-panel)': 'src/elements/tabs/define.ts',
  'da-expander': 'src/elements/expander/define.ts',
  'da-metric-card': 'src/elements/metric-card/define.ts',
  'store core': 'src/store/store.ts',
  'store (all: core, controller, bind)': 'src/store/index.ts',
};

async function size(contents, external) {
  const r = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    external: external ? ['lit', 'lit/*', '@lit/*'] : [],
    define: { 'process.env.NODE_ENV': '"production"' },
    conditions: ['production'],
    logLevel: 'error',
  });
  const code = r.outputFiles[0].contents;
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length };
}

const rows = [];
for (const [name, file] of Object.entries(entries)) {
  const src = `export * from './${file}';`;
  rows.push([name, await size(src, false), await size(src, true)]);
}
const allEls = Object.entries(entries).filter(([n]) => n.startsWith('da-')).map(([, f]) => `export * from './${f}';`).join('\n');
rows.push(['all five elements', await size(allEls, false), await size(allEls, true)]);
rows.push(['lit alone', await size(`export * from 'lit'; export * from 'lit/decorators.js';`, false), { min: 0, gz: 0 }]);
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
console.log('name'.padEnd(38), 'with lit (min / gz)'.padEnd(22), 'lit external (min / gz)');
for (const [n, a, b] of rows) console.log(n.padEnd(38), `${kb(a.min)} / ${kb(a.gz)}`.padEnd(22), `${kb(b.min)} / ${kb(b.gz)}`);
