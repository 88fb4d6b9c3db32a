// What the benchmarks share: the short mode, a watchdog, the one page server (Vite, for the pages in
// bench/pages/, which import the library's TypeScript sources) and a page runner that fails fast.
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** `--short` or BENCH_SHORT=1: small inputs, one repetition (the check that the benches still run). */
export const SHORT = process.argv.includes('--short') || process.env.BENCH_SHORT === '1';

/** Milliseconds per clock tick of /proc's CPU times (USER_HZ 100). */
export const TICK_MS = 10;

/**
 * A /proc stat file's fields after the command name (which may hold spaces): state [0], ppid [1],
 * utime [11], stime [12], cutime [13], cstime [14], as numbers; throws when the process is gone.
 */
export function procStat(file) {
  const text = fs.readFileSync(file, 'utf8');
  return text.slice(text.lastIndexOf(')') + 2).split(' ').map(Number);
}

/** CPU time (user + system, ms) of a /proc stat file's process or thread. */
export const cpuMsOf = (file) => {
  const f = procStat(file);
  return (f[11] + f[12]) * TICK_MS;
};

/** Runs a bench's `main` and ends the process: 0 when it finished, 1 with its one-line error when not. */
export async function runBench(name, main) {
  try {
    await main();
    process.exit(0);
  } catch (e) {
    console.error(`${name} failed: ${e.message}`);
    process.exit(1);
  }
}

/** Ends the process with a clear message when a bench has not finished after `seconds`. */
export function watchdog(name, seconds, cleanup = () => {}) {
  const timer = setTimeout(() => {
    console.error(`${name}: no result after ${seconds} s, stopping`);
    try {
      cleanup();
    } finally {
      process.exit(1);
    }
  }, seconds * 1000);
  timer.unref();
  return timer;
}

/**
 * Serves files of .bench/ (the generated inputs) at /__bench/<name>, streamed with their length so
 * the page sees real progress; everything else is Vite's.
 */
function benchFilesPlugin() {
  const dir = path.join(ROOT, '.bench');
  return {
    name: 'bench-files',
    configureServer(server) {
      server.middlewares.use('/__bench/', (req, res, next) => {
        const file = path.resolve(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname.slice(1)));
        if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return next();
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': fs.statSync(file).size });
        fs.createReadStream(file).pipe(res);
      });
    },
  };
}

/**
 * The one page server of the benchmarks: Vite on 127.0.0.1 with the repository as its root, so a page
 * under bench/pages/ imports src/ directly and workers load as Vite serves them (no dist/, no bare
 * specifiers for the browser to resolve). Returns `{ url, close }`.
 */
export async function startPageServer() {
  const { createServer } = await import('vite');
  const server = await createServer({
    root: ROOT,
    configFile: false,
    logLevel: 'error',
    clearScreen: false,
    cacheDir: path.join(ROOT, 'node_modules/.vite-bench'),
    plugins: [benchFilesPlugin()],
    optimizeDeps: {
      entries: ['bench/pages/*.html'],
      include: ['lit', 'lit/decorators.js', 'lit/directives/class-map.js', 'uplot', 'comlink'],
    },
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  const { port } = server.httpServer.address();
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

const FATAL_CONSOLE = /Failed to (resolve|load|fetch)|Uncaught|SyntaxError|TypeError|ReferenceError|does not provide an export/;

/**
 * Watches a page for what would otherwise leave a bench waiting: an uncaught error, a module that
 * does not load, a page that reports `window.__benchError`. `waitFor(expression, seconds)` resolves
 * once the expression is truthy in the page and rejects at once on any of those, or at the timeout
 * with the page's console errors in the message.
 */
export function watchPage(page, name) {
  const errors = [];
  let fail;
  const failed = new Promise((_, reject) => (fail = reject));
  failed.catch(() => {});
  page.on('pageerror', (e) => {
    errors.push(e.message);
    fail(new Error(`${name}: the page threw: ${e.message}`));
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    errors.push(msg.text());
    if (FATAL_CONSOLE.test(msg.text())) fail(new Error(`${name}: the page failed: ${msg.text()}`));
  });
  page.on('crash', () => fail(new Error(`${name}: the page crashed`)));
  return {
    async waitFor(expression, seconds) {
      const done = page
        .waitForFunction(`(${expression}) || window.__benchError`, null, { timeout: seconds * 1000, polling: 100 })
        .catch((e) => {
          const seen = errors.length ? `; page errors: ${errors.join(' | ')}` : '';
          throw new Error(`${name}: waited ${seconds} s for ${expression}${seen} (${e.message.split('\n')[0]})`);
        });
      await Promise.race([done, failed]);
      const error = await page.evaluate(() => window.__benchError);
      if (error) throw new Error(`${name}: the page reported: ${error}`);
    },
  };
}
