#!/usr/bin/env node
// `node deploy/cluster.js [--instances 2] [--port 8080] [--dir ./data/cluster] [--pg-port 5433] [--database-url URL]`
// Starts the scale-out example on this machine: a PostgreSQL cluster in DIR on --pg-port (made on first
// run, kept between runs; or the database at --database-url / DATABASE_URL), N patient servers on it
// (127.0.0.1:8801, 8802, ...) and nginx in front of them on --port (deploy/nginx.conf with a prefix in
// DIR/nginx, no system service). Ctrl-C (or SIGTERM) stops all of it. The tests and bench/scale.js
// use `startCluster` from this file with free ports and temp folders.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startPostgres } from './postgres.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';

/** A port the OS says is free now (another process could take it before we bind: rare, and loud). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `url` answers 200, rejects when `proc` exits first or after `seconds`. */
async function waitReady(url, proc, seconds, what) {
  const deadline = Date.now() + seconds * 1000;
  let exited = null;
  proc.once('exit', (code, signal) => (exited = code ?? signal));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${what} exited (${exited}) before it was ready`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await r.arrayBuffer();
      if (r.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`${what} not ready after ${seconds} s`);
}

/** The nginx.conf of deploy/ with this cluster's listen port and upstream lines. */
export function nginxConfig(listenPort, upstreamPorts) {
  const text = fs.readFileSync(path.join(import.meta.dirname, 'nginx.conf'), 'utf8');
  const lines = upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n');
  const out = text
    .replace(/(# upstream servers begin\n)[\s\S]*?(\n\s*# upstream servers end)/, `$1${lines}$2`)
    .replace(/listen 127\.0\.0\.1:\d+;/, `listen 127.0.0.1:${listenPort};`);
  if (!out.includes(lines) || !out.includes(`listen 127.0.0.1:${listenPort};`)) throw new Error('deploy/nginx.conf: the upstream markers or the listen line are missing');
  return out;
}

/**
 * One patient server process on `port` with `env` added (an `undefined` value removes the variable).
 * `fromSource`: server/main.ts through tsx (no build needed); otherwise the built
 * dist/server/server.js. Its output goes to `logFile`.
 */
export async function startInstance({ port, env, fromSource, logFile, name }) {
  const entry = fromSource ? ['--import', 'tsx', path.join(ROOT, 'server/main.ts')] : [path.join(ROOT, 'dist/server/server.js')];
  const log = fs.openSync(logFile, 'a');
  // An `undefined` in `env` removes that variable (e.g. DATABASE_URL for a SQLite instance).
  const fullEnv = { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' };
  for (const [k, v] of Object.entries(fullEnv)) if (v === undefined) delete fullEnv[k];
  const proc = spawn(process.execPath, entry, {
    cwd: ROOT,
    env: fullEnv,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const instance = {
    name,
    port,
    url,
    proc,
    /** SIGKILL, as a crash would: no graceful shutdown. */
    kill: () => proc.kill('SIGKILL'),
    stop: () => stopProcess(proc, 'SIGTERM', 15_000),
  };
  try {
    await waitReady(`${url}/health/ready`, proc, 60, `${name} (log: ${logFile})`);
  } catch (e) {
    proc.kill('SIGKILL');
    const tail = fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
    throw new Error(`${e.message}\n${tail}`);
  }
  return instance;
}

/** nginx in the foreground on `prefix` (its logs and temp files there), balancing `upstreamPorts`. */
export async function startNginx({ prefix, port, upstreamPorts }) {
  for (const d of ['logs', 'tmp']) fs.mkdirSync(path.join(prefix, d), { recursive: true });
  // As root, nginx's workers run as `nobody` and write large request bodies under tmp/: every folder
  // above must let them through (mkdtemp makes its folders 0700), or those uploads fail with 500.
  if (process.getuid?.() === 0) {
    for (let d = path.resolve(prefix); d !== path.dirname(d); d = path.dirname(d)) {
      if ((fs.statSync(d).mode & 0o001) === 0) throw new Error(`nginx: ${d} is private: its workers (user nobody) cannot reach ${prefix} (chmod 755 it)`);
    }
  }
  const conf = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(port, upstreamPorts));
  const args = ['-p', prefix + '/', '-c', conf, '-e', path.join(prefix, 'logs/error.log'), '-g', 'daemon off;'];
  const check = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  if (check.error) throw new Error(`nginx: ${check.error.message} (apt-get install nginx)`);
  if (check.status !== 0) throw new Error(`nginx -t failed:\n${check.stderr}`);
  const proc = spawn(NGINX, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr.on('data', (d) => (err += d));
  const url = `http://127.0.0.1:${port}`;
  // Any answer means it is up: /health is the instances' (none may be ready yet only on a restart).
  try {
    await waitReady(`${url}/health`, proc, 30, `nginx (${err.trim()})`);
  } catch (e) {
    proc.kill('SIGKILL');
    throw e;
  }
  return {
    url,
    port,
    proc,
    // QUIT: graceful (open event streams are cut when the instances stop anyway).
    stop: () => stopProcess(proc, 'SIGQUIT', 5_000),
  };
}

/** Sends `signal`, then SIGKILL after `graceMs`; resolves when the process has exited. */
function stopProcess(proc, signal, graceMs) {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill(signal);
    setTimeout(() => proc.kill('SIGKILL'), graceMs).unref();
  });
}

/**
 * PostgreSQL (started in `dir`, unless `databaseUrl` is given), `instances` patient servers on it and
 * nginx in front. Ports: `port` for nginx, `instancePorts` for the servers (free ones when omitted).
 * `env`: extra environment of every server. Returns `{ url, databaseUrl, instances, nginx, stop }`.
 */
export async function startCluster({ dir, instances = 2, port, instancePorts, databaseUrl, pgPort, env = {}, fromSource = false }) {
  fs.mkdirSync(dir, { recursive: true });
  const started = [];
  const stopAll = async () => {
    for (const s of started.reverse()) await s.stop();
  };
  try {
    let db = databaseUrl;
    if (!db) {
      const pg = startPostgres({ dir: path.join(dir, 'postgres'), port: pgPort ?? (await freePort()) });
      started.push({ stop: async () => pg.stop() });
      db = pg.url;
    }
    const nginxPort = port ?? (await freePort());
    const ports = instancePorts ?? (await Promise.all(Array.from({ length: instances }, () => freePort())));
    const shared = {
      DATABASE_URL: db,
      // The public address is nginx's: the servers answer its Host and believe its X-Forwarded-For.
      ALLOWED_HOSTS: `127.0.0.1:${nginxPort},localhost:${nginxPort}`,
      TRUSTED_PROXIES: '127.0.0.1/32',
      // One key for every instance, so a session cookie made by one is good on the others.
      SESSION_SECRET: process.env.SESSION_SECRET ?? randomBytes(32).toString('hex'),
      LOG_LEVEL: 'info',
      ...env,
    };
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    const servers = await Promise.all(
      ports.map((p, i) =>
        startInstance({ port: p, env: shared, fromSource, name: `instance ${i + 1}`, logFile: path.join(dir, 'logs', `instance-${i + 1}.log`) }),
      ),
    );
    started.push(...servers);
    const nginx = await startNginx({ prefix: path.join(dir, 'nginx'), port: nginxPort, upstreamPorts: ports });
    started.push(nginx);
    return { url: nginx.url, databaseUrl: db, instances: servers, nginx, env: shared, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

if (process.argv[1] === import.meta.filename) {
  const instances = Number(arg('instances', 2));
  const port = Number(arg('port', 8080));
  const dir = path.resolve(arg('dir', path.join(ROOT, 'data/cluster')));
  const fromSource = !fs.existsSync(path.join(ROOT, 'dist/server/server.js'));
  if (fromSource) console.log('dist/server/server.js is not built (npm run build): running server/main.ts through tsx');
  const cluster = await startCluster({
    dir,
    instances,
    port,
    instancePorts: Array.from({ length: instances }, (_, i) => 8801 + i),
    databaseUrl: arg('database-url', process.env.DATABASE_URL),
    pgPort: Number(arg('pg-port', 5433)),
    fromSource,
  }).catch((e) => {
    console.error(`cluster: ${e.message}`);
    process.exit(1);
  });
  console.log(`PostgreSQL     ${cluster.databaseUrl}`);
  for (const s of cluster.instances) console.log(`${s.name.padEnd(14)} ${s.url}  (log: ${path.join(dir, 'logs')})`);
  console.log(`nginx          ${cluster.url}  <- open this; Ctrl-C stops everything`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      console.log('stopping nginx, the servers and PostgreSQL...');
      await cluster.stop();
      process.exit(0);
    });
  }
}
