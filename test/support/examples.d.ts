// Types for test/support/examples.js.
export const ROOT: string;
export const EXAMPLES: string;
export const PYTHON: string;
export function freePort(): Promise<number>;
/** false when Debian's Python has every module, else the reason (for `skip`). */
export function pythonMissing(modules: string[]): Promise<false | string> | string;

export interface ReferenceServer {
  /** Ends with `/`. */
  url: string;
  port: number;
  /** The SQLite file. */
  db: string;
  dir: string | null;
  output(): string;
  stop(): Promise<void>;
}
export function startReferenceServer(options?: { port?: number; db?: string; allowedOrigins?: string | string[]; args?: string[] }): Promise<ReferenceServer>;

export interface RunningExample {
  /** The host's root URL, ending with `/`. */
  url: string;
  /** The page with <cpap-dashboard>. */
  pageUrl: string;
  /** The patient API's base URL as the page uses it, ending with `/`. */
  apiUrl: string;
  port: number;
  /** Where the patients are stored: the example's own SQLite file (flask) or the reference server's. */
  db: string;
  output(): string;
  stop(): Promise<void>;
}
export interface ProxiedExample extends RunningExample {
  /** The reference server behind the host. */
  api: ReferenceServer;
}
export function startFlaskExample(options?: { port?: number; db?: string; env?: Record<string, string> }): Promise<RunningExample>;
export function startFastapiExample(options?: { port?: number; apiPort?: number; cors?: boolean; env?: Record<string, string> }): Promise<ProxiedExample>;
export function startDjangoExample(options?: { port?: number; apiPort?: number; env?: Record<string, string> }): Promise<ProxiedExample>;

/** npm's cache for the JavaScript examples' installs (`.cache/npm`). */
export const NPM_CACHE: string;
/** Runs a command to its end; rejects with its output when it fails; resolves to its output. */
export function run(cmd: string, args: string[], options?: { cwd?: string; env?: Record<string, string>; timeout?: number }): Promise<string>;
/** `npm pack` of the repository into `dest`, and unpacked there (`unpacked` is its `package/` folder). */
export function packLibrary(dest: string): Promise<{ tarball: string; unpacked: string }>;
/** The Python hosts' environment: the library packed into `dest`, DASHBOARD_LIB at its dist/cdn. */
export function packedLibraryEnv(dest: string): Promise<{ DASHBOARD_LIB: string }>;
/** Copies examples/NAME into `dest` and installs it there with data-app-elements from `tarball`. */
export function installExample(name: string, dest: string, tarball: string): Promise<string>;
export interface StaticServer {
  /** Ends with `/`. */
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}
/** examples/plain-html/serve.js serving `dir`; `cors`: `Access-Control-Allow-Origin: *`. */
export function serveStatic(dir: string, options?: { port?: number; cors?: boolean; probe?: string }): Promise<StaticServer>;
/** `vite preview` of an installed, built example. */
export function vitePreview(dir: string, options?: { port?: number }): Promise<StaticServer>;
