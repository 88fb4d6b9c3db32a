// Types for scripts/service-worker.js.
export interface PrecacheManifest {
  /** What the service worker keeps, relative to it: `./` (the page), `./assets/...`, `./lib/...`. */
  urls: string[];
  /** Hash of those files' contents: the cache's name ends with it. */
  version: string;
}
export function precacheManifest(demoDir: string, libDir: string): PrecacheManifest;
export function buildServiceWorker(distDir: string): Promise<PrecacheManifest>;
