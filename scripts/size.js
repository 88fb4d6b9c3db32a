// The one size meter: esbuild --minify, then gzip -9. Used by the build's budget check (the store
// core must stay under 1 KB), by the size report (bench/sizes.js) and by `npm run size`.
// `npm run size` (`node scripts/size.js`): min+gzip of what ships, from dist/ as built (run the build
// first): the demo's page load and everything after an analysis, the same for dist/cdn, each
// dist/lib entry, the worker; exits non-zero above a budget (BUDGETS below).
// `node scripts/size.js <entry> <budget-bytes>` checks one source entry against one budget.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = path.resolve(import.meta.dirname, '..');
/** Lit's packages, to leave them out (what an element adds to a page that already has Lit). */
export const LIT = ['lit', 'lit/*', '@lit/*', 'lit-html', 'lit-html/*', 'lit-element', 'lit-element/*'];

/** `import css from 'x.css?inline'` (uPlot's CSS in the flow chart) as a module exporting the text. */
const cssInline = {
  name: 'css-inline',
  setup(b) {
    b.onResolve({ filter: /\.css\?inline$/ }, (args) => ({
      path: path.join(ROOT, 'node_modules', args.path.replace(/\?inline$/, '')),
      namespace: 'css-inline',
    }));
    b.onLoad({ filter: /.*/, namespace: 'css-inline' }, (args) => ({
      contents: `export default ${JSON.stringify(fs.readFileSync(args.path, 'utf8'))};`,
      loader: 'js',
    }));
  },
};

/** `import('...')` left out of the bundle: what loads with the module, not what it may load later. */
const dynamicExternal = {
  name: 'dynamic-external',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
  },
};

/**
 * min and min+gzip bytes of a bundle: of `entry` (a path from the repository root) or of `contents`
 * (module source resolved from the root), with `external` packages left out. Lit in its production build.
 * `dynamic: 'external'` leaves `import()`ed modules out (what loads up front); by default they are bundled in.
 */
export async function measure({ entry, contents, external = [], dynamic = 'inline' }) {
  const result = await build({
    ...(entry ? { entryPoints: [path.resolve(ROOT, entry)] } : { stdin: { contents, resolveDir: ROOT, loader: 'ts' } }),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    external,
    define: { 'process.env.NODE_ENV': '"production"' },
    conditions: ['production'],
    plugins: dynamic === 'external' ? [dynamicExternal, cssInline] : [cssInline],
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

/** Prints the size of `entry` and returns whether it is within `budget` bytes min+gzip. */
export async function checkBudget(entry, budget) {
  const { min, gzip } = await measure({ entry });
  console.log(`${entry}: ${min} B min, ${gzip} B min+gzip (budget ${budget} B)`);
  if (gzip > budget) console.error(`size check failed: ${gzip} B > ${budget} B`);
  return gzip <= budget;
}

// ---- What ships, as built ---------------------------------------------------------------------

const KB = 1024;
/** Budgets in bytes, min+gzip. `cdn` figures must also be within CDN_TOLERANCE of the demo's. */
export const BUDGETS = {
  'demo: page load': 40 * KB,
  // 59.0 KB before issues 13-15; the worker pool client, the chart's event bands and the clinical
  // view's hooks add about 3.3 KB (the clinical view itself is its own 6.3 KB chunk, not counted here).
  'demo: after an analysis': 64 * KB,
  // 9.0 KB before the clinical scoring (issue 14), which adds about 5.6 KB; it runs off the page. The
  // WebAssembly parse kernel (opt-in `wasm: true`, base64) adds about 0.9 KB.
  'analysis worker (dist/cdn)': 17 * KB,
  'store core (src/store/store.ts)': 1 * KB,
};
export const CDN_TOLERANCE = 0.05;
/** The chunk that an analysis loads on the page (the flow chart's uPlot); other lazy chunks wait for their own action. */
const AFTER_ANALYSIS = /^uplot-runtime-/;

const STATIC = [/\bfrom\s*["'`]([^"'`]+)["'`]/g, /\bimport\s*["'`]([^"'`]+)["'`]/g];
const DYNAMIC = /\bimport\(\s*["'`]([^"'`]+)["'`]\s*\)/g;
const WORKER = /\bnew Worker\(\s*new URL\(\s*["'`]([^"'`]+)["'`]/g;

/** The relative imports of a built module: static, dynamic and worker scripts, as absolute paths. */
function importsOf(file) {
  const code = fs.readFileSync(file, 'utf8');
  const dir = path.dirname(file);
  const found = (re) => [...code.matchAll(re)].map((m) => m[1]).filter((s) => s.startsWith('.')).map((s) => path.resolve(dir, s));
  return { static: STATIC.flatMap(found), dynamic: found(DYNAMIC), worker: found(WORKER) };
}

/** Every module that loads with `entries` (their static imports, transitively). */
function staticClosure(entries, into = new Set()) {
  for (const f of entries) {
    if (into.has(f)) continue;
    if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is imported but missing`);
    into.add(f);
    staticClosure(importsOf(f).static, into);
  }
  return into;
}

/** min (as built) and gzip -9 bytes of files as they are served, one request each. */
export function measureFiles(files) {
  let min = 0, gzip = 0;
  for (const f of files) {
    const code = fs.readFileSync(f);
    min += code.length;
    gzip += gzipSync(code, { level: 9 }).length;
  }
  return { min, gzip, files: files.length };
}

/** A built page's JavaScript: at page load, after an analysis (plus the lazy uPlot chunk), and its worker. */
function builtPage(entries) {
  const load = staticClosure(entries);
  const lazy = [...load].flatMap((f) => importsOf(f).dynamic).filter((f) => AFTER_ANALYSIS.test(path.basename(f)));
  const after = staticClosure(lazy, new Set(load));
  const workers = [...new Set([...after].flatMap((f) => importsOf(f).worker))];
  if (lazy.length === 0) throw new Error(`no ${AFTER_ANALYSIS} chunk reachable from ${entries.map((e) => path.relative(ROOT, e))}`);
  if (workers.length !== 1) throw new Error(`expected one analysis worker, found ${workers.length}`);
  const worker = workers[0];
  const own = importsOf(worker);
  if (own.static.length || own.dynamic.length || /\bimport\s*\(/.test(fs.readFileSync(worker, 'utf8'))) {
    throw new Error(`${path.relative(ROOT, worker)} must be self-contained (no imports)`);
  }
  return { load: measureFiles([...load]), after: measureFiles([...after]), worker: measureFiles([worker]), workerFile: worker };
}

/** The demo page's entry scripts, from its built index.html. */
function demoEntries() {
  const html = fs.readFileSync(path.join(ROOT, 'dist/demo/index.html'), 'utf8');
  const srcs = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)];
  return srcs.map((m) => path.resolve(ROOT, 'dist/demo', m[1]));
}

/** Rows of the report: `[name, {min, gzip}, budget?]`, and the failures. */
export async function sizeReport() {
  for (const dir of ['dist/demo', 'dist/cdn', 'dist/lib']) {
    if (!fs.existsSync(path.join(ROOT, dir))) throw new Error(`${dir} is missing: run \`npm run build\` first`);
  }
  const rows = [];
  const failures = [];
  const row = (name, size, budget = BUDGETS[name]) => {
    rows.push([name, size, budget]);
    if (budget != null && size.gzip > budget) failures.push(`${name}: ${size.gzip} B > ${budget} B`);
  };
  const demo = builtPage(demoEntries());
  const cdn = builtPage([path.join(ROOT, 'dist/cdn/dashboard.js')]);
  row('demo: page load', demo.load);
  row('demo: after an analysis', demo.after);
  row('demo: analysis worker', demo.worker);
  row('dist/cdn (dashboard.js): page load', cdn.load, Math.floor(demo.load.gzip * (1 + CDN_TOLERANCE)));
  row('dist/cdn (dashboard.js): after an analysis', cdn.after, Math.floor(demo.after.gzip * (1 + CDN_TOLERANCE)));
  row('analysis worker (dist/cdn)', cdn.worker);
  for (const [what, c, d] of [['page load', cdn.load, demo.load], ['after an analysis', cdn.after, demo.after]]) {
    if (c.gzip < d.gzip * (1 - CDN_TOLERANCE)) failures.push(`dist/cdn ${what} ${c.gzip} B is more than ${CDN_TOLERANCE * 100}% below the demo's ${d.gzip} B: measure again`);
  }
  row('demo: after an analysis, with its worker', { min: demo.after.min + demo.worker.min, gzip: demo.after.gzip + demo.worker.gzip }, null);
  // dist/lib is for bundlers (not minified: the app's bundler minifies): each entry as an app would
  // ship it, minified, with Lit, uPlot and comlink left out, `import()`ed chunks apart.
  const LIB_EXTERNAL = [...LIT, 'uplot', 'comlink'];
  const libEntries = ['index.js', 'store.js', 'worker.js', 'dashboard.js', ...fs.readdirSync(path.join(ROOT, 'dist/lib/elements')).filter((f) => f.endsWith('.js')).map((f) => `elements/${f}`)];
  for (const e of libEntries) row(`dist/lib/${e}`, await measure({ entry: `dist/lib/${e}`, external: LIB_EXTERNAL, dynamic: 'external' }), null);
  for (const f of fs.readdirSync(path.join(ROOT, 'dist/lib')).filter((f) => AFTER_ANALYSIS.test(f) && f.endsWith('.js'))) {
    row(`dist/lib/${f} (lazy, uPlot external)`, await measure({ entry: `dist/lib/${f}`, external: LIB_EXTERNAL }), null);
  }
  row('dist/lib/analysis.worker.js', measureFiles([path.join(ROOT, 'dist/lib/analysis.worker.js')]), BUDGETS['analysis worker (dist/cdn)']);
  row('store core (src/store/store.ts)', await measure({ entry: 'src/store/store.ts' }));
  return { rows, failures };
}

export function formatReport({ rows, failures }) {
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  const w = Math.max(...rows.map((r) => r[0].length)) + 2;
  const lines = ['min+gzip (gzip -9; dist/demo and dist/cdn as built, dist/lib and the store core through esbuild --minify)'];
  lines.push('  ' + 'what'.padEnd(w) + 'min'.padStart(10) + 'min+gzip'.padStart(12) + 'budget'.padStart(14));
  for (const [name, size, budget] of rows) {
    const b = budget == null ? '' : `${size.gzip > budget ? 'OVER ' : ''}${kb(budget)}`;
    lines.push('  ' + name.padEnd(w) + kb(size.min).padStart(10) + kb(size.gzip).padStart(12) + b.padStart(14));
  }
  lines.push(failures.length ? `size check failed:\n  ${failures.join('\n  ')}` : 'size check: every budget met');
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv[2]) {
    const ok = await checkBudget(process.argv[2], Number(process.argv[3] ?? 1024));
    process.exit(ok ? 0 : 1);
  }
  const report = await sizeReport();
  console.log(formatReport(report));
  process.exit(report.failures.length ? 1 : 0);
}
