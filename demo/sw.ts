// The demo's service worker, built into dist/demo/sw.js by scripts/service-worker.js and registered
// by demo/main.ts. It keeps the app shell (the pages, their CSS and JS, the manifest and icons) and
// the library (/lib/..., the analysis worker and the lazy chunks) in one cache named after the
// build's hash, so the screen opens and analyses offline. It answers only GET requests for those
// files (and navigations, with the cached page when the network is down); everything else, the
// patient API above all, goes to the network untouched and is never stored.
import { CACHE_PREFIX, isPatientPath } from './sw-policy.ts';

/** Set by the build: the files to keep (relative to this script) and the hash of their contents. */
declare const __PRECACHE__: string[];
declare const __VERSION__: string;

// The service-worker types (lib "webworker") cannot share a program with the DOM's: the few used here.
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}
const sw = self as unknown as ServiceWorkerScope;

const CACHE = `${CACHE_PREFIX}${__VERSION__}`;
/** The root of the app: where this script is served (the demo's `/`). */
const root = new URL('./', sw.location.href);
// A file list that named a patient path would still not get it kept.
const precached = new Set(__PRECACHE__.filter((p) => !isPatientPath(p)).map((p) => new URL(p, root).href));
/** The page a navigation gets when the network is down and its own URL is not kept. */
const shell = new URL('./', root).href;

sw.addEventListener('install', (event) => {
  // `reload`: from the server, not from the HTTP cache, so the cache holds exactly this build.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([...precached].map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== root.origin || !url.href.startsWith(root.href)) return;
  if (isPatientPath(url.pathname.slice(root.pathname.length))) return;
  const key = url.origin + url.pathname;
  if (precached.has(key)) {
    // A kept file of this build: from the cache (the URL's query, e.g. the demo's `?cold`, ignored).
    event.respondWith(caches.open(CACHE).then((c) => c.match(key)).then((hit) => hit ?? fetch(request)));
  } else if (request.mode === 'navigate' && !key.slice(root.href.length).includes('/')) {
    // Another page beside the shell (its relative URLs hold there): the network's answer, or the
    // shell when the network is down. Deeper paths are left to the browser.
    event.respondWith(fetch(request).catch(() => caches.open(CACHE).then((c) => c.match(shell)).then((hit) => hit ?? Response.error())));
  }
});
