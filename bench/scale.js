#!/usr/bin/env node
// `node bench/scale.js [--short] [--duration 5] [--concurrency 32] [--instances 1,2,4]`
// Requests per second and latency of POST /add_patient and GET /get_all_patients on SQLite (one
// server, no proxy), on PostgreSQL with one server without a proxy, and with 1, 2 and 4 servers behind
// nginx (deploy/cluster.js: the deployment example itself), each configuration on a fresh database
// seeded with the same 100 rooms, with 20 event streams open meanwhile (as the screens keep them;
// through nginx they spread over the servers). PostgreSQL runs with its default, durable settings (fsync on,
// synchronous_commit on): an upload answered 200 is on disk.
// The load comes from bench/server.js's keep-alive generator in its own process; everything (load,
// nginx, servers, PostgreSQL) shares this machine's cores, which the table prints, with the CPU time
// each part spent per request (from /proc: the servers, PostgreSQL's processes, nginx's workers).
// Short mode: SQLite and 2 servers on PostgreSQL, 0.3 s per route, 4 streams.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort, startCluster, startInstance } from '../deploy/cluster.js';
import { startPostgres } from '../deploy/postgres.js';
import { ROOT, SHORT, TICK_MS, procStat, watchdog } from './support.js';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const durationMs = Number(arg('duration', SHORT ? 0.3 : 5)) * 1000;
const warmupMs = SHORT ? 200 : 1000;
const concurrency = Number(arg('concurrency', 32));
const counts = String(arg('instances', SHORT ? '2' : '1,2,4')).split(',').map(Number);
const rooms = SHORT ? 20 : 100;
const streams = SHORT ? 4 : 20;
const server = {
  RATE_LIMIT_RPS: '0',
  LOG_LEVEL: 'silent',
  API_TOKEN: '',
};

/** bench/server.js's load generator in a child process: `{ requests, errors, rps, p50, p99 }`. */
function load(url, method, route, ms = durationMs) {
  const spec = { url, method, path: route, concurrency, durationMs: ms, warmupMs: 0 };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bench/server.js'), '--load', JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`))));
  });
}

/** The same rooms in every configuration: one upload each, without an image. */
async function seed(url) {
  for (let first = 1; first <= rooms; first += 20) {
    await Promise.all(
      Array.from({ length: Math.min(20, rooms - first + 1) }, async (_, i) => {
        const room = first + i;
        const r = await fetch(`${url}/add_patient`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ patient_mrn: 1000 + room, room_number: room, patient_name: `Patient ${room}`, CPAP_pressure: 10, breath_rate: 14, apnea_count: 1, flow_image: '' }),
        });
        await r.text();
        if (r.status !== 200) throw new Error(`seeding room ${room}: ${r.status}`);
      }),
    );
  }
}

/**
 * CPU time in ms used so far by each root process and its children (live ones, and those it has
 * reaped): a part of the deployment (the servers, PostgreSQL's postmaster, nginx's master).
 */
function cpuMs(roots) {
  const procs = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let f;
    try {
      f = procStat(`/proc/${name}/stat`);
    } catch {
      continue; // exited meanwhile
    }
    procs.push({ pid: Number(name), ppid: f[1], own: f[11] + f[12], reaped: f[13] + f[14] });
  }
  let ticks = 0;
  for (const p of procs) if (roots.includes(p.pid) || roots.includes(p.ppid)) ticks += p.own + p.reaped;
  return ticks * TICK_MS;
}

/**
 * Warm-up, then the measured load, with the CPU time each part of the deployment spent on it: CPU
 * per request depends far less on what else runs on the machine than requests per second do.
 */
/** `n` event streams held open (as the screens keep them), reading and dropping what they get. */
function openStreams(url, n) {
  const u = new URL(url);
  const reqs = Array.from({ length: n }, () => {
    const req = http.get({ host: u.hostname, port: u.port, path: '/events', agent: false }, (res) => res.resume());
    req.on('error', () => {});
    return req;
  });
  return () => reqs.forEach((r) => r.destroy());
}

async function measure(label, instances, url, parts) {
  await seed(url);
  // Screens are open while the lab works: each server sends every write to its streams.
  const closeStreams = openStreams(url, streams);
  const rows = [];
  for (const [method, route] of [['GET', '/get_all_patients'], ['POST', '/add_patient']]) {
    await load(url, method, route, warmupMs);
    const before = Object.fromEntries(Object.entries(parts).map(([k, pids]) => [k, cpuMs(pids)]));
    const r = await load(url, method, route);
    const cpu = Object.fromEntries(Object.entries(parts).map(([k, pids]) => [k, (cpuMs(pids) - before[k]) / Math.max(1, r.requests + r.errors)]));
    rows.push({ label, instances, route: `${method} ${route}`, ...r, cpu });
  }
  closeStreams();
  return rows;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  // PostgreSQL runs as its own user (when we are root) and keeps its cluster in here.
  fs.chmodSync(dir, 0o755);
  const stops = [];
  const cleanup = async () => {
    for (const stop of stops.reverse()) await stop().catch((e) => console.error(`bench scale: ${e.message}`));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const procs = [];
  let stopPostgres = () => {};
  const timer = watchdog('bench scale', SHORT ? 80 : 600, () => {
    for (const p of procs) p.kill('SIGKILL');
    stopPostgres();
  });
  // The built server when it is newer than every server source, else the sources through tsx.
  const built = path.join(ROOT, 'dist/server/server.js');
  const sources = fs.readdirSync(path.join(ROOT, 'server'), { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
  const newest = Math.max(...sources.map((f) => fs.statSync(path.join(ROOT, 'server', f)).mtimeMs));
  const fromSource = !fs.existsSync(built) || fs.statSync(built).mtimeMs < newest;
  const rows = [];
  try {
    // SQLite: one server, no proxy (what one machine runs today).
    fs.mkdirSync(path.join(dir, 'sqlite'));
    const one = await startInstance({
      port: await freePort(),
      env: { ...server, DATABASE_URL: undefined, DB_PATH: path.join(dir, 'sqlite/patients.db') },
      fromSource,
      logFile: path.join(dir, 'sqlite/server.log'),
      name: 'sqlite server',
    });
    procs.push(one.proc);
    stops.push(one.stop);
    rows.push(...(await measure('SQLite, direct', 1, one.url, { server: [one.proc.pid] })));
    await stops.pop()();

    const pg = startPostgres({ dir: path.join(dir, 'postgres'), port: await freePort(), database: 'scale_setup' });
    stops.push(async () => pg.stop());
    stopPostgres = () => pg.stop();
    const postmaster = Number(fs.readFileSync(path.join(dir, 'postgres/pgdata/postmaster.pid'), 'utf8').split('\n')[0]);
    if (!SHORT) {
      // One server on PostgreSQL without nginx: the database's cost apart from the proxy's.
      const direct = await startInstance({
        port: await freePort(),
        env: { ...server, DATABASE_URL: pg.createDatabase('scale_direct') },
        fromSource,
        logFile: path.join(dir, 'postgres-direct.log'),
        name: 'postgres server',
      });
      procs.push(direct.proc);
      stops.push(direct.stop);
      rows.push(...(await measure('PostgreSQL, direct', 1, direct.url, { server: [direct.proc.pid], postgres: [postmaster] })));
      await stops.pop()();
    }
    for (const n of counts) {
      const cluster = await startCluster({ dir: path.join(dir, `cluster-${n}`), instances: n, databaseUrl: pg.createDatabase(`scale_${n}`), env: server, fromSource });
      procs.push(...cluster.instances.map((s) => s.proc), cluster.nginx.proc);
      stops.push(cluster.stop);
      const parts = { server: cluster.instances.map((i) => i.proc.pid), postgres: [postmaster], nginx: [cluster.nginx.proc.pid] };
      rows.push(...(await measure('PostgreSQL, nginx', n, cluster.url, parts)));
      await stops.pop()();
    }
  } finally {
    clearTimeout(timer);
    await cleanup();
  }

  const cores = os.cpus().length;
  console.log(`bench scale: ${cores} cores (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ${fromSource ? 'server/main.ts via tsx' : 'dist/server/server.js'}, concurrency ${concurrency}, ${durationMs / 1000} s per route after ${warmupMs / 1000} s warm-up, ${rooms} rooms, ${streams} event streams open`);
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} (others' work on the machine counts here)`);
  console.log('');
  console.log('| backend | servers | route | req/s | p50 ms | p99 ms | errors | CPU ms per request: servers | PostgreSQL | nginx | requests per CPU-second |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  const ms = (v) => (v === undefined ? '' : v.toFixed(2));
  for (const r of rows) {
    const total = (r.cpu.server ?? 0) + (r.cpu.postgres ?? 0) + (r.cpu.nginx ?? 0);
    console.log(
      `| ${r.label} | ${r.instances} | ${r.route} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} | ` +
        `${ms(r.cpu.server)} | ${ms(r.cpu.postgres)} | ${ms(r.cpu.nginx)} | ${total > 0 ? (1000 / total).toFixed(0) : ''} |`,
    );
  }
  console.log('');
  console.log(`requests per CPU-second: what one core would serve if it did nothing else (the servers', PostgreSQL's and nginx's CPU per request added up; the load generator not counted); ${cores} cores bound the sum.`);
}

await main();
