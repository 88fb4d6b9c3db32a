#!/usr/bin/env node
// Flow chart bench: serves bench/flow-chart.html with Vite on 127.0.0.1, opens it in Debian's
// Chromium (headless), waits for its JSON result, and prints a table; also the min+gzip size of
// the element's bundle. Usage: node scripts/bench-chart.js [--json]
import { createServer } from 'vite';
import { chromium } from 'playwright-core';
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromeArgs, chromeExecutable } from './wtr-plugins.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jsonOnly = process.argv.includes('--json');
const TIMEOUT_MS = 90_000;


/** min+gzip bytes of the element bundled from define.ts, with lit and/or uPlot left out. */
async function bundleSize(external) {
  const result = await build({
    entryPoints: [path.join(root, 'src/elements/flow-chart/define.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    external,
    logLevel: 'silent',
    plugins: [
      {
        name: 'css-inline',
        setup(b) {
          b.onResolve({ filter: /\.css\?inline$/ }, (args) => ({
            path: path.join(root, 'node_modules', args.path.replace(/\?inline$/, '')),
            namespace: 'css-inline',
          }));
          b.onLoad({ filter: /.*/, namespace: 'css-inline' }, (args) => ({
            contents: `export default ${JSON.stringify(readFileSync(args.path, 'utf8'))};`,
            loader: 'js',
          }));
        },
      },
    ],
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

async function measureSizes() {
  const [withLitAndUplot, withUplot, elementOnly] = await Promise.all([
    bundleSize([]),
    bundleSize(['lit', 'lit/*', '@lit/*']),
    bundleSize(['lit', 'lit/*', '@lit/*', 'uplot', 'uplot/*']),
  ]);
  return { withUplot, withLitAndUplot, elementOnly };
}

async function runPage() {
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    clearScreen: false,
    cacheDir: path.join(root, 'node_modules/.vite-bench'),
    optimizeDeps: { entries: ['bench/flow-chart.html'], include: ['lit', 'lit/decorators.js', 'uplot'] },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  let browser;
  try {
    await server.listen();
    const address = server.httpServer.address();
    const url = `http://127.0.0.1:${address.port}/bench/flow-chart.html`;
    browser = await chromium.launch({ executablePath: chromeExecutable(), args: chromeArgs });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (msg) => {
      if (msg.type() === 'error') console.error(`[page] ${msg.text()}`);
    });
    page.on('pageerror', (err) => console.error(`[page] ${err.message}`));
    await page.goto(url);
    await page.waitForFunction(
      () => window.__benchResult || window.__benchError,
      null,
      { timeout: TIMEOUT_MS - 15_000, polling: 250 },
    );
    const error = await page.evaluate(() => window.__benchError);
    if (error) throw new Error(`bench page failed: ${error}`);
    const result = await page.evaluate(() => window.__benchResult);
    result.chromium = browser.version();
    return result;
  } finally {
    await browser?.close();
    await server.close();
  }
}

const watchdog = setTimeout(() => {
  console.error(`bench-chart: no result after ${TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, TIMEOUT_MS);
watchdog.unref();

try {
  const [sizes, page] = await Promise.all([measureSizes(), runPage()]);
  const result = { ...page, size: sizes };
  if (jsonOnly) {
    console.log(JSON.stringify(result));
  } else {
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    const ms = (s) => `mean ${s.mean} ms, p95 ${s.p95} ms, max ${s.max} ms`;
    console.log(`da-flow-chart bench (Chromium ${result.chromium}, ${result.points.toLocaleString('en')} points, ${result.chartWidth} px wide)`);
    console.table({
      'time to first draw': `${result.firstDrawMs} ms`,
      'time to first draw (with envelope)': `${result.firstDrawWithEnvelopeMs} ms`,
      [`zoom step work (${result.zoomSteps} steps)`]: ms(result.zoomMs),
      'frame interval while zooming': ms(result.frameIntervalMs),
      'max points handed to uPlot': String(result.maxPointsDrawn),
      'element + uPlot (min+gzip)': `${kb(sizes.withUplot.gzip)} (min ${kb(sizes.withUplot.min)})`,
      'element + uPlot + lit (min+gzip)': `${kb(sizes.withLitAndUplot.gzip)} (min ${kb(sizes.withLitAndUplot.min)})`,
      'element code only (min+gzip)': `${kb(sizes.elementOnly.gzip)} (min ${kb(sizes.elementOnly.min)})`,
    });
    console.log(JSON.stringify(result));
  }
  process.exit(0);
} catch (err) {
  console.error(err);
  process.exit(1);
}
