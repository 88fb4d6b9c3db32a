/**
 * Starting the analysis worker from any page: the worker's script is one self-contained module
 * (no imports), next to this module in every build (`analysis.worker.js`).
 *
 * - Same origin as the page: a plain URL, in the one form (a `URL` of a literal path relative to
 *   `import.meta.url`, straight inside the `Worker` constructor) that bundlers which build
 *   `data-app-elements` into an app (Vite, webpack) recognise, so they emit the worker.
 * - Another origin (the library from a CDN): browsers refuse a cross-origin worker script, so the
 *   worker starts from a same-origin `blob:` module whose only line imports the real script
 *   (fetched with CORS, like the page's own module scripts). The page's CSP must allow
 *   `worker-src blob:` and `script-src <that origin>`.
 * - A host that moves files: `setWorkerUrl(url)` names the script; it is started the same way
 *   (plain when it is on the page's origin, through the module shim otherwise).
 */

let override: string | null = null;
/** One shim per worker URL for the page's lifetime (a few bytes each), so a restart reuses it. */
const shims = new Map<string, string>();

/**
 * Where the analysis worker's script is, for hosts that serve the library's files somewhere else
 * than beside it (a bundler or a static-file pipeline that moves them): the URL of
 * `analysis.worker.js` from `dist/lib` or `dist/cdn`, absolute or relative to the page.
 * Applies to workers started from now on; `null` goes back to the script beside the library.
 */
export function setWorkerUrl(url: string | URL | null): void {
  override = url === null ? null : String(url);
}

/** The URL the worker will be started from (for diagnostics and tests). */
export function workerUrl(): URL {
  if (override !== null) return new URL(override, document.baseURI);
  // Beside this module: the built `analysis.worker.js` (the build writes its name here), or the source `.ts`.
  return new URL('./analysis.worker.ts', import.meta.url);
}

/** A `blob:` module on the page's origin that imports `url`: a worker may start from it. */
function moduleShim(url: URL): string {
  let shim = shims.get(url.href);
  if (!shim) {
    shim = URL.createObjectURL(new Blob([`import ${JSON.stringify(url.href)};`], { type: 'text/javascript' }));
    shims.set(url.href, shim);
  }
  return shim;
}

/** Starts the analysis worker: plain from the page's origin, through a `blob:` module shim from another. */
export function startWorker(): Worker {
  const options: WorkerOptions = { type: 'module', name: 'cpap-analysis' };
  const url = workerUrl();
  // Only an http(s) URL is compared: webpack turns `import.meta.url` into a build-time `file:` URL
  // (its worker is then the one `new Worker(new URL(...))` below makes it emit).
  // `self.origin`, the page's origin (also in an `about:srcdoc` frame, where `location.origin` is "null").
  const crossOrigin = /^https?:$/.test(url.protocol) && url.origin !== self.origin;
  if (crossOrigin) return new Worker(moduleShim(url), options);
  if (override !== null) return new Worker(url, options);
  // The default, in the form bundlers recognise (the build turns the `.ts` into the built `.js`).
  return new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'cpap-analysis' });
}
