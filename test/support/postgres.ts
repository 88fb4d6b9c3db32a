/**
 * PostgreSQL for the tests: one throwaway cluster per test process, started on first use and stopped
 * at exit, and a database of its own per test server (`testDatabase()`), so suites share no state.
 * The cluster is Debian's PostgreSQL 15 (deploy/postgres.js: as root it runs as the `postgres` user).
 * `initdb` runs once per machine into a known template folder; each process copies it (about 40 MB,
 * well under a second) instead of running initdb again. A cluster left by a process that was killed
 * is stopped by the next process that starts.
 * On CI or anywhere with a server already running, `DATABASE_URL_TEST` (a URL whose user may CREATE
 * DATABASE) or the libpq variables (`PGHOST`, `PGPORT`, `PGUSER`, ...) name it and no cluster is made.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres } from '../../deploy/postgres.js';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const ROOT = path.join(os.tmpdir(), 'dae-pg-test');
const TEMPLATE = path.join(ROOT, 'template-15');
/** Throwaway settings: the tests kill servers, never PostgreSQL, so durability on disk is not needed. */
const SETTINGS = ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off', 'max_connections = 300', "shared_buffers = '32MB'"];

interface Cluster {
  /** A URL for administration (CREATE DATABASE); the database part is replaced per test. */
  adminUrl: string;
  stop(): void;
}

let cluster: Promise<Cluster> | null = null;
let counter = 0;

function owner(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
}

function chownTree(dir: string, who: { uid?: number; gid?: number }): void {
  if (who.uid !== undefined) execFileSync('chown', ['-R', `${who.uid}:${who.gid}`, dir]);
}

/** initdb once per machine into TEMPLATE (made in a side folder and renamed: racing processes are safe). */
function template(who: { uid?: number; gid?: number }): string {
  if (fs.existsSync(path.join(TEMPLATE, 'PG_VERSION'))) return TEMPLATE;
  const side = `${TEMPLATE}.${process.pid}`;
  fs.rmSync(side, { recursive: true, force: true });
  fs.mkdirSync(side, { recursive: true });
  chownTree(side, who);
  const r = spawnSync(path.join(BIN, 'initdb'), ['-D', side, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    ...who,
    encoding: 'utf8',
  });
  if (r.error) throw new Error(`initdb: ${r.error.message} (is Debian's postgresql installed? apt-get install postgresql)`);
  if (r.status !== 0) throw new Error(`initdb failed (exit ${r.status}):\n${r.stderr || r.stdout}`);
  fs.appendFileSync(path.join(side, 'postgresql.conf'), `\n# data-app-elements tests\n${SETTINGS.join('\n')}\n`);
  chownTree(side, who);
  try {
    fs.renameSync(side, TEMPLATE);
  } catch {
    fs.rmSync(side, { recursive: true, force: true }); // another process finished first
  }
  return TEMPLATE;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stops and removes the clusters of test processes that are gone (killed before their exit hook). */
function reapStale(who: { uid?: number; gid?: number }): void {
  for (const name of fs.existsSync(ROOT) ? fs.readdirSync(ROOT) : []) {
    const m = /^run-(\d+)$/.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    const dir = path.join(ROOT, name);
    spawnSync(path.join(BIN, 'pg_ctl'), ['-D', path.join(dir, 'pgdata'), '-m', 'immediate', '-w', 'stop'], { ...who, stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function startLocal(): Promise<Cluster> {
  const who = owner();
  fs.mkdirSync(ROOT, { recursive: true, mode: 0o755 });
  fs.chmodSync(ROOT, 0o755);
  reapStale(who);
  const source = template(who);
  const dir = path.join(ROOT, `run-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(source, path.join(dir, 'pgdata'), { recursive: true });
  chownTree(dir, who);
  fs.chmodSync(path.join(dir, 'pgdata'), 0o700);
  fs.rmSync(path.join(dir, 'pgdata', 'postmaster.pid'), { force: true });
  // The free port may be taken between the probe and the start (pg_ctl then only says "could not
  // start server"; the reason is in the log): one more try on another port.
  let started;
  for (let attempt = 0; ; attempt++) {
    try {
      started = startPostgres({ dir, port: await freePort(), database: 'postgres' });
      break;
    } catch (e) {
      if (attempt > 0) throw e;
    }
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      started.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop();
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
  }
  return { adminUrl: started.url, stop };
}

function external(): Cluster | null {
  const url = process.env.DATABASE_URL_TEST;
  if (url) return { adminUrl: url, stop: () => {} };
  if (process.env.PGHOST) {
    const u = new URL('postgres://localhost/postgres');
    u.hostname = process.env.PGHOST.startsWith('/') ? 'localhost' : process.env.PGHOST;
    if (process.env.PGHOST.startsWith('/')) u.searchParams.set('host', process.env.PGHOST);
    if (process.env.PGPORT) u.port = process.env.PGPORT;
    u.username = process.env.PGUSER ?? 'postgres';
    if (process.env.PGPASSWORD) u.password = process.env.PGPASSWORD;
    return { adminUrl: u.toString(), stop: () => {} };
  }
  return null;
}

function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The test cluster (started on first call in this process). */
export function testCluster(): Promise<Cluster> {
  cluster ??= Promise.resolve(external() ?? startLocal());
  return cluster;
}

const byKey = new Map<string, Promise<string>>();

/**
 * A database of its own for `key` (a test's temp folder: the same key gives the same database, so a
 * restarted server finds its data); returns its `postgres://` URL.
 */
export function testDatabase(key: string): Promise<string> {
  let url = byKey.get(key);
  if (!url) {
    url = (async () => {
      const { adminUrl } = await testCluster();
      const name = `t_${process.pid}_${++counter}_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
      } finally {
        await admin.end();
      }
      return databaseUrl(adminUrl, name);
    })();
    byKey.set(key, url);
    url.catch(() => byKey.delete(key));
  }
  return url;
}

/** Drops `key`'s database (a test's cleanup); the cluster itself goes at exit. */
export async function dropTestDatabase(key: string): Promise<void> {
  const url = byKey.get(key);
  if (!url) return;
  byKey.delete(key);
  const name = new URL(await url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: (await testCluster()).adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
