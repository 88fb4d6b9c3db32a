import path from 'node:path';
import { parseCidr } from './ip.ts';
import { redactUrl } from './redact-url.ts';

/** Everything the server reads from the environment and the command line, resolved once at start. */
export interface ServerConfig {
  port: number;
  host: string;
  dbPath: string;
  /** `postgres://...` (DATABASE_URL): PostgreSQL instead of the SQLite file, shared by several instances. */
  databaseUrl: string | null;
  /** PostgreSQL connections per instance. */
  dbPool: number;
  /** When set, write routes need `Authorization: Bearer <token>`, and read routes too unless `publicReads`. */
  apiToken: string | null;
  /** With a token set, leave the read routes open (the behaviour before reads were guarded). */
  publicReads: boolean;
  /**
   * `Host` names answered besides the defaults (the listen address, localhost, 127.0.0.1, [::1], with
   * the port): `name` (any port) or `name:port`; `*` = any. Others get 421 (DNS rebinding).
   */
  allowedHosts: string[];
  /** Serve `GET /new_cpap_pressure/<room>/<value>` (the old monitoring stations); off = POST only. */
  legacyGetWrites: boolean;
  /** Origins allowed to call the API from other pages (CORS). `*` allows any. */
  allowedOrigins: string[];
  /** Largest JSON body accepted, in bytes (413 above it). */
  bodyLimit: number;
  /** Largest decoded flow image accepted, in bytes (413 above it). */
  imageLimit: number;
  /** Token bucket per client address: refill rate per second; 0 disables rate limiting. */
  rateLimitRps: number;
  rateLimitBurst: number;
  logLevel: 'info' | 'silent';
  /** SQLite `synchronous`: NORMAL survives a killed process; FULL also an OS crash, at an fsync per write. */
  dbSync: 'normal' | 'full';
  /** Folder holding `dist/demo` and `dist/cdn` (served at /lib/); null means the repository root found from this file. */
  distDir: string | null;
  /** Serve `GET /events`; off makes the server look like the old one (polling only), for clients' tests. */
  events: boolean;
  /** Seconds between SSE heartbeat comments. */
  heartbeatSeconds: number;
  /** How long shutdown waits for in-flight requests before cutting connections. */
  shutdownGraceMs: number;
  /** `GET /get_all_patients` answers up to this many bytes are kept encoded between writes; larger ones are streamed. */
  listCacheBytes: number;
  /** Image-carrying lists larger than this (estimated from SQLite) are refused with a clear 400; 0 = no cap. */
  listLimitBytes: number;
  /** Measurements kept per room (the newest); 0 = all. */
  keepMeasurements: number;
  /** Measurements older than this many days are dropped; 0 = kept for ever. */
  keepDays: number;
  /** Lifetime of a session cookie from `POST /session`, in hours. */
  sessionHours: number;
  /** Key for signing session cookies; null = a random one per process (sessions end on restart). */
  sessionSecret: string | null;
  /** CIDR ranges (IPv4, IPv6) of clients answered at all; empty = everyone. Others get 403. */
  allowedIps: string[];
  /** CIDR ranges of reverse proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed. */
  trustedProxies: string[];
}

export const defaultConfig: ServerConfig = {
  port: 8787,
  host: '127.0.0.1',
  dbPath: './data/patients.db',
  databaseUrl: null,
  dbPool: 10,
  apiToken: null,
  publicReads: false,
  allowedHosts: [],
  legacyGetWrites: true,
  allowedOrigins: [],
  bodyLimit: 8 * 1024 * 1024,
  imageLimit: 5 * 1024 * 1024,
  rateLimitRps: 200,
  rateLimitBurst: 1000,
  logLevel: 'info',
  dbSync: 'normal',
  distDir: null,
  events: true,
  heartbeatSeconds: 15,
  shutdownGraceMs: 10_000,
  listCacheBytes: 64 * 1024 * 1024,
  listLimitBytes: 0,
  keepMeasurements: 0,
  keepDays: 0,
  sessionHours: 12,
  sessionSecret: null,
  allowedIps: [],
  trustedProxies: [],
};

const flagToKey: Record<string, keyof ServerConfig> = {
  '--port': 'port',
  '--host': 'host',
  '--db': 'dbPath',
  '--database-url': 'databaseUrl',
  '--db-pool': 'dbPool',
  '--token': 'apiToken',
  '--allowed-origins': 'allowedOrigins',
  '--allowed-hosts': 'allowedHosts',
  '--public-reads': 'publicReads',
  '--legacy-get-writes': 'legacyGetWrites',
  '--body-limit': 'bodyLimit',
  '--image-limit': 'imageLimit',
  '--rate-limit': 'rateLimitRps',
  '--rate-burst': 'rateLimitBurst',
  '--log-level': 'logLevel',
  '--db-sync': 'dbSync',
  '--events': 'events',
  '--list-cache': 'listCacheBytes',
  '--list-limit': 'listLimitBytes',
  '--keep-measurements': 'keepMeasurements',
  '--keep-days': 'keepDays',
  '--session-hours': 'sessionHours',
  '--session-secret': 'sessionSecret',
  '--allowed-ips': 'allowedIps',
  '--trusted-proxies': 'trustedProxies',
};

const envToKey: Record<string, keyof ServerConfig> = {
  PORT: 'port',
  HOST: 'host',
  DB_PATH: 'dbPath',
  DATABASE_URL: 'databaseUrl',
  DB_POOL: 'dbPool',
  API_TOKEN: 'apiToken',
  ALLOWED_ORIGINS: 'allowedOrigins',
  ALLOWED_HOSTS: 'allowedHosts',
  PUBLIC_READS: 'publicReads',
  LEGACY_GET_WRITES: 'legacyGetWrites',
  BODY_LIMIT: 'bodyLimit',
  IMAGE_LIMIT: 'imageLimit',
  RATE_LIMIT_RPS: 'rateLimitRps',
  RATE_LIMIT_BURST: 'rateLimitBurst',
  LOG_LEVEL: 'logLevel',
  DB_SYNC: 'dbSync',
  EVENTS: 'events',
  LIST_CACHE: 'listCacheBytes',
  LIST_LIMIT: 'listLimitBytes',
  KEEP_MEASUREMENTS: 'keepMeasurements',
  KEEP_DAYS: 'keepDays',
  SESSION_HOURS: 'sessionHours',
  SESSION_SECRET: 'sessionSecret',
  ALLOWED_IPS: 'allowedIps',
  TRUSTED_PROXIES: 'trustedProxies',
};

function setValue(config: ServerConfig, key: keyof ServerConfig, raw: string, source: string): void {
  switch (key) {
    case 'port':
    case 'bodyLimit':
    case 'imageLimit':
    case 'rateLimitRps':
    case 'rateLimitBurst':
    case 'listCacheBytes':
    case 'listLimitBytes':
    case 'keepMeasurements':
    case 'keepDays': {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${source}: expected a non-negative integer, got "${raw}"`);
      config[key] = n;
      break;
    }
    case 'dbPool': {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 1000) throw new Error(`${source}: expected 1 to 1000 connections, got "${raw}"`);
      config.dbPool = n;
      break;
    }
    case 'databaseUrl':
      if (raw !== '' && !/^postgres(?:ql)?:\/\//i.test(raw)) {
        throw new Error(`${source}: expected a postgres://user@host:port/database URL (or empty for SQLite), got "${redactUrl(raw)}"`);
      }
      config.databaseUrl = raw === '' ? null : raw;
      break;
    case 'apiToken':
      config.apiToken = raw === '' ? null : raw;
      break;
    case 'allowedOrigins':
      config.allowedOrigins = raw.split(',').map((s) => s.trim().replace(/\/$/, '')).filter(Boolean);
      break;
    case 'logLevel':
      if (raw !== 'info' && raw !== 'silent') throw new Error(`${source}: expected info or silent, got "${raw}"`);
      config.logLevel = raw;
      break;
    case 'allowedHosts':
      config.allowedHosts = raw.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      break;
    case 'events':
    case 'publicReads':
    case 'legacyGetWrites': {
      const on = ['on', 'true', '1'].includes(raw) ? true : ['off', 'false', '0'].includes(raw) ? false : undefined;
      if (on === undefined) throw new Error(`${source}: expected on or off, got "${raw}"`);
      config[key] = on;
      break;
    }
    case 'sessionHours': {
      const n = Number(raw);
      if (!Number.isFinite(n) || n <= 0 || n > 24 * 366) throw new Error(`${source}: expected hours above 0 (at most a year), got "${raw}"`);
      config.sessionHours = n;
      break;
    }
    case 'sessionSecret':
      if (raw !== '' && raw.length < 32) throw new Error(`${source}: a session secret needs at least 32 characters`);
      config.sessionSecret = raw === '' ? null : raw;
      break;
    case 'allowedIps':
    case 'trustedProxies': {
      const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
      for (const entry of list) {
        try {
          parseCidr(entry);
        } catch (e) {
          throw new Error(`${source}: ${(e as Error).message}`);
        }
      }
      config[key] = list;
      break;
    }
    case 'dbSync':
      if (raw !== 'normal' && raw !== 'full') throw new Error(`${source}: expected normal or full, got "${raw}"`);
      config.dbSync = raw;
      break;
    case 'host':
    case 'dbPath':
      config[key] = raw;
      break;
    default:
      throw new Error(`${source}: not configurable`);
  }
}

/** Switches that take no value: `--public-reads` is `--public-reads on`. */
const switches: Record<string, [string, string]> = {
  '--public-reads': ['--public-reads', 'on'],
  '--no-legacy-get-writes': ['--legacy-get-writes', 'off'],
};

/**
 * Defaults, then environment, then flags (`--port 9000` or `--port=9000`; the switches
 * `--public-reads`, `--no-legacy-get-writes` take no value): the most explicit wins.
 */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): ServerConfig {
  const config: ServerConfig = { ...defaultConfig };
  for (const [name, key] of Object.entries(envToKey)) {
    const v = env[name];
    if (v !== undefined) setValue(config, key, v, name);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const switched = eq < 0 ? switches[arg] : undefined;
    if (switched) {
      setValue(config, flagToKey[switched[0]]!, switched[1], arg);
      continue;
    }
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const key = flagToKey[flag];
    if (!key) throw new Error(`unknown flag ${flag} (known: ${[...Object.keys(flagToKey), ...Object.keys(switches)].join(' ')})`);
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    setValue(config, key, value, flag);
  }
  config.dbPath = path.resolve(config.dbPath);
  return config;
}
