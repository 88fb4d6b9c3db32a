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
