import type { ChildProcess } from 'node:child_process';

export interface Instance {
  name: string;
  port: number;
  url: string;
  proc: ChildProcess;
  /** SIGKILL, as a crash would. */
  kill(): boolean;
  stop(): Promise<void>;
}

export interface Nginx {
  url: string;
  port: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

export interface Cluster {
  /** nginx's address: the public one. */
  url: string;
  databaseUrl: string;
  instances: Instance[];
  nginx: Nginx;
  /** The environment every instance got. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number>;
export function nginxConfig(listenPort: number, upstreamPorts: number[]): string;
export function startInstance(options: {
  port: number;
  env: Record<string, string | undefined>;
  fromSource?: boolean;
  logFile: string;
  name: string;
}): Promise<Instance>;
export function startNginx(options: { prefix: string; port: number; upstreamPorts: number[] }): Promise<Nginx>;
export function startCluster(options: {
  dir: string;
  instances?: number;
  port?: number;
  instancePorts?: number[];
  databaseUrl?: string;
  pgPort?: number;
  env?: Record<string, string | undefined>;
  fromSource?: boolean;
}): Promise<Cluster>;
