// `npm run size` inside `npm test` (which builds first): every size budget of scripts/size.js, on
// dist/ as built. The demo's page load <= 40 KB, after an analysis <= 60 KB min+gzip, dist/cdn within
// 5% of the demo, the analysis worker one self-contained file, the store core <= 1 KB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
// @ts-expect-error: a plain JS module without types
import { sizeReport, formatReport } from '../../scripts/size.js';

const root = path.resolve(import.meta.dirname, '../..');

test('npm run size: every entry within its budget', async () => {
  const report = await sizeReport();
  console.log(formatReport(report));
  assert.deepEqual(report.failures, []);
  const names = report.rows.map((r: [string]) => r[0]);
  for (const name of ['demo: page load', 'demo: after an analysis', 'dist/cdn (dashboard.js): page load', 'dist/lib/analysis.worker.js']) {
    assert.ok(names.includes(name), `reports ${name}`);
  }
});

test('dist/lib starts its worker in the form bundlers emit, from one minified self-contained file', () => {
  const lib = path.join(root, 'dist/lib');
  const worker = fs.readFileSync(path.join(lib, 'analysis.worker.js'), 'utf8');
  assert.doesNotMatch(worker.replace(/import\.meta/g, ''), /\bimport\s*[("'`{*]|\bfrom\s*["'`]/, 'no import left in the worker');
  assert.ok(worker.length / worker.split('\n').length > 1000, 'minified (long lines, no indentation)');
  const starters = fs.readdirSync(lib).filter((f) => f.endsWith('.js') && fs.readFileSync(path.join(lib, f), 'utf8').includes('new Worker('));
  assert.equal(starters.length, 1, `one chunk starts the worker: ${starters}`);
  const code = fs.readFileSync(path.join(lib, starters[0]!), 'utf8');
  assert.match(code, /new Worker\(new URL\("\.\/analysis\.worker\.js", import\.meta\.url\), \{\s*type: "module"/);
  assert.equal(code.match(/new URL\(["'`]\.\/analysis\.worker\.js/g)?.length, 1, 'no second literal a bundler would copy as an asset');
  assert.ok(!fs.existsSync(path.join(lib, 'assets')), 'nothing left in assets/');
});
