#!/usr/bin/env node
// min+gzip sizes of each element alone and all together, with Lit bundled and with Lit external
// (what an element adds to a page that already has Lit), measured by scripts/size.js over the
// element list of scripts/elements.js. The flow chart includes uPlot (which it imports when it first
// draws); a row for what it loads up front, and one without uPlot. `npm run size` measures the builds.
// Usage: node bench/sizes.js (the same in short mode: it is quick)
import { elements } from '../scripts/elements.js';
import { LIT, measure } from '../scripts/size.js';

const reexport = (files) => files.map((f) => `export * from './${f}';`).join('\n');
const both = async (contents) => [await measure({ contents }), await measure({ contents, external: LIT })];

const rows = [];
const all = elements();
for (const e of all) rows.push([`da-${e.name} (${e.tags.join(', ')})`, ...(await both(reexport([e.define])))]);
rows.push([`all ${all.length} elements`, ...(await both(reexport(all.map((e) => e.define))))]);
const noChart = all.filter((e) => e.name !== 'flow-chart');
rows.push([`all but the flow chart (${noChart.length})`, ...(await both(reexport(noChart.map((e) => e.define))))]);
const chart = all.find((e) => e.name === 'flow-chart');
if (chart) {
  rows.push(['da-flow-chart up front (uPlot on first draw)', await measure({ contents: reexport([chart.define]), dynamic: 'external' }), await measure({ contents: reexport([chart.define]), external: LIT, dynamic: 'external' })]);
  rows.push(['da-flow-chart without uPlot', await measure({ contents: reexport([chart.define]), external: ['uplot'] }), await measure({ contents: reexport([chart.define]), external: [...LIT, 'uplot'] })]);
}
rows.push(['store core', ...(await both(reexport(['src/store/store.ts'])))]);
rows.push(['store (all: core, controller, bind)', ...(await both(reexport(['src/store/index.ts'])))]);
rows.push(['lit alone', await measure({ contents: `export * from 'lit'; export * from 'lit/decorators.js';` }), { min: 0, gzip: 0 }]);

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const w = Math.max(...rows.map((r) => r[0].length)) + 2;
console.log('element sizes, min+gzip (esbuild --minify, gzip -9)');
console.log('  ' + 'name'.padEnd(w), 'with lit (min / gz)'.padEnd(22), 'lit external (min / gz)');
for (const [n, a, b] of rows) console.log('  ' + n.padEnd(w), `${kb(a.min)} / ${kb(a.gzip)}`.padEnd(22), `${kb(b.min)} / ${kb(b.gzip)}`);
