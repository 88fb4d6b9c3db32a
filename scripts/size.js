// The one size meter: esbuild --minify, then gzip -9. Used by the build's budget check (the store
// core must stay under 1 KB) and by the size report (bench/sizes.js).
// As a command: `node scripts/size.js [entry] [budget-bytes]` checks one budget (default: the store core, 1024 B).
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

/**
 * min and min+gzip bytes of a bundle: of `entry` (a path from the repository root) or of `contents`
 * (module source resolved from the root), with `external` packages left out. Lit in its production build.
 */
export async function measure({ entry, contents, external = [] }) {
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
    plugins: [cssInline],
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ok = await checkBudget(process.argv[2] ?? 'src/store/store.ts', Number(process.argv[3] ?? 1024));
  process.exit(ok ? 0 : 1);
}
