// Pieces of the web-test-runner setup that are ours: serving ../shared to tests,
// CSS `?inline` imports as JS modules, and a reporter that counts results
// (Chromium's path and flags: test/support/chromium.js).
import fs from 'node:fs';
import path from 'node:path';

export const SHARED_DIR = path.resolve(process.cwd(), '..', 'shared');

/** Serves ../shared (spec and CPAP samples) under /__shared/ so tests read samples by path. */
export function sharedFilesPlugin() {
  return {
    name: 'shared-files',
    serve(context) {
      if (!context.path.startsWith('/__shared/')) return undefined;
      const rel = decodeURIComponent(context.path.slice('/__shared/'.length));
      const file = path.resolve(SHARED_DIR, rel);
      if (!file.startsWith(SHARED_DIR + path.sep) || !fs.existsSync(file)) return undefined;
      return { body: fs.readFileSync(file), type: file.endsWith('.json') ? 'json' : 'text/plain' };
    },
  };
}

/** Serves `import css from './x.css?inline'` as a JS module whose default export is the CSS text. */
export function cssInlinePlugin() {
  return {
    name: 'css-inline',
    resolveMimeType(context) {
      if (context.path.endsWith('.css') && context.URL.searchParams.has('inline')) return 'js';
      return undefined;
    },
    transform(context) {
      if (context.path.endsWith('.css') && context.URL.searchParams.has('inline')) {
        return { body: `export default ${JSON.stringify(String(context.body))};` };
      }
      return undefined;
    },
  };
}

/** Writes {passed, failed, skipped} for the whole run to `file` (read by scripts/test.js). */
export function countingReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0, failed = 0, skipped = 0;
      const walk = (suite) => {
        if (!suite) return;
        for (const t of suite.tests ?? []) {
          if (t.skipped) skipped++;
          else if (t.passed) passed++;
          else failed++;
        }
        for (const s of suite.suites ?? []) walk(s);
      };
      for (const s of sessions) {
        walk(s.testResults);
        // A file that failed to load or threw outside a test counts as one failure.
        if (!s.passed && (s.errors?.length ?? 0) > 0) failed++;
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify({ passed, failed, skipped }));
    },
  };
}

/**
 * Serves /__csp/<name>.html (from test/browser/csp/) with the CSP the elements must live under,
 * so test/browser/csp.test.ts can load it in an iframe and watch for `securitypolicyviolation`.
 */
export const ELEMENTS_CSP = "default-src 'self'; style-src 'self'";
export function cspPagePlugin() {
  const dir = path.resolve(process.cwd(), 'test', 'browser', 'csp');
  return {
    name: 'csp-page',
    serve(context) {
      if (!context.path.startsWith('/__csp/')) return undefined;
      const file = path.resolve(dir, path.basename(context.path));
      if (!file.startsWith(dir + path.sep) || !file.endsWith('.html') || !fs.existsSync(file)) return undefined;
      return { body: fs.readFileSync(file, 'utf8'), type: 'html', headers: { 'Content-Security-Policy': ELEMENTS_CSP } };
    },
  };
}

/** Serves `import data from './x.json'` (as Vite does) as a JS module; a `fetch` of the same file stays JSON. */
export function jsonModulePlugin() {
  const isImport = (context) => context.path.endsWith('.json') && context.get('sec-fetch-dest') === 'script';
  return {
    name: 'json-module',
    resolveMimeType(context) {
      return isImport(context) ? 'js' : undefined;
    },
    transform(context) {
      if (isImport(context)) return { body: `export default ${String(context.body)};` };
      return undefined;
    },
  };
}
