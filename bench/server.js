#!/usr/bin/env node
// `node bench/server.js [--short] [--duration 5] [--concurrency 32] [--streams 1000]`
// Benchmarks the reference patient server on loopback: starts it on a temp database (the built
// dist/server/server.js when it is newer than server/, otherwise server/main.ts through tsx), seeds
// 100 patients x 10 measurements with realistic ~13 KB JPEG flow images (a 17 MB list, as the lab's
// screens store them), then drives a keep-alive load generator in a separate process against
// GET /get_all_patients, a bare node:http server writing the same bytes from memory (the machine's
// ceiling, measured in the same run; the ratio is printed), and POST /add_patient, and finally
// opens N server-sent event streams and reports the server's RSS before and after. Stops itself.
// Short mode: 10 patients, 0.5 s per route, 100 streams.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { jpegBase64, makePng } from '../test/support/images.js';
import { SHORT } from './support.js';

const root = path.resolve(import.meta.dirname, '..');
const self = import.meta.filename;

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

// ---------------------------------------------------------------- images
const jpeg = Buffer.from(jpegBase64, 'base64');

/**
 * A valid JPEG of `size` bytes like a screen's flow image: the small JPEG with a comment segment of
 * pseudo-random bytes (entropy-coded data compresses as little), different per seed.
 */
function realisticJpeg(size, seed) {
  const n = size - jpeg.length - 4;
  const seg = Buffer.alloc(4 + n);
  seg[0] = 0xff;
  seg[1] = 0xfe;
  seg.writeUInt16BE(n + 2, 2);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 4; i < seg.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    seg[i] = x & 0xff;
  }
  return Buffer.concat([jpeg.subarray(0, 2), seg, jpeg.subarray(2)]);
}

function body(room, mrn, i, realistic = false) {
  const image = realistic ? realisticJpeg(12_500 + ((room * 10 + i) % 1000), room * 10 + i) : i % 2 ? jpeg : makePng(32, 16, room + i);
  return JSON.stringify({
    patient_mrn: mrn,
    room_number: room,
    patient_name: `Patient ${room}`,
    CPAP_pressure: 4 + (i % 20),
    breath_rate: 12 + (i % 7) / 2,
    apnea_count: i % 5,
    flow_image: image.toString('base64'),
  });
}

// ---------------------------------------------------------------- load child
function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function loadChild(spec) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const u = new URL(spec.url);
  const latencies = [];
  let errors = 0;
  let bytes = 0;
  let n = 0;
  const one = (measure) =>
    new Promise((resolve) => {
      const payload = spec.method === 'POST' ? body(1 + (n % 100), 1000 + (n % 100), n) : undefined;
      n++;
      const t0 = process.hrtime.bigint();
      const req = http.request(
        { host: u.hostname, port: u.port, path: spec.path, method: spec.method, agent, headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {} },
        (res) => {
          res.on('data', (d) => (bytes += d.length));
          res.on('end', () => {
            if (res.statusCode !== 200) errors++;
            else if (measure) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(payload);
    });
  const run = async (ms, measure) => {
    const end = Date.now() + ms;
    await Promise.all(
      Array.from({ length: spec.concurrency }, async () => {
        while (Date.now() < end) await one(measure);
      }),
    );
  };
  await run(spec.warmupMs, false);
  const t0 = Date.now();
  bytes = 0;
  await run(spec.durationMs, true);
  const seconds = (Date.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  agent.destroy();
  process.stdout.write(
    JSON.stringify({
      requests: latencies.length,
      errors,
      rps: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      mbPerS: bytes / seconds / 1e6,
    }) + '\n',
  );
}

async function sseChild(spec) {
  const u = new URL(spec.url);
  let open = 0;
  let delivered = 0;
  const sockets = [];
  for (let i = 0; i < spec.streams; i++) {
    const req = http.get({ host: u.hostname, port: u.port, path: '/events', agent: false }, (res) => {
      let seenFirst = false;
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        if (!seenFirst) {
          seenFirst = true;
          if (++open === spec.streams) process.stdout.write('open\n');
        }
        if (chunk.includes('event: pressure')) {
          if (++delivered === spec.streams) process.stdout.write('delivered\n');
        }
      });
    });
    req.on('error', (e) => process.stderr.write(`sse error: ${e.message}\n`));
    sockets.push(req);
    // Pace the connects a little so the listen backlog never overflows.
    if (i % 100 === 99) await new Promise((r) => setTimeout(r, 20));
  }
  process.stdin.on('data', () => {});
  process.stdin.on('end', () => process.exit(0));
}

// ---------------------------------------------------------------- parent
function spawnChild(mode, spec, stdin = 'ignore') {
  return spawn(process.execPath, [self, mode, JSON.stringify(spec)], { stdio: [stdin, 'pipe', 'inherit'] });
}

function runLoad(spec) {
  return new Promise((resolve, reject) => {
    const child = spawnChild('--load', spec);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load child exited ${code}`))));
  });
}

function rssKb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

function newest(dir) {
  let t = 0;
  for (const f of fs.readdirSync(dir)) if (f.endsWith('.ts') && !f.includes('test')) t = Math.max(t, fs.statSync(path.join(dir, f)).mtimeMs);
  return t;
}

async function post(url, pathName, payload) {
  const r = await fetch(url + pathName, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: payload });
  await r.text();
  if (r.status !== 200) throw new Error(`${pathName}: ${r.status}`);
}

async function main() {
  const durationMs = arg('duration', SHORT ? 0.5 : 5) * 1000;
  const concurrency = arg('concurrency', 32);
  const streams = arg('streams', SHORT ? 100 : 1000);
  const patients = SHORT ? 10 : 100;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-server-'));
  const built = path.join(root, 'dist/server/server.js');
  const useBuilt = fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest(path.join(root, 'server'));
  const args = useBuilt ? [built] : ['--import', 'tsx', path.join(root, 'server/main.ts')];
  const children = [];
  const startServer = async () => {
    const proc = spawn(process.execPath, [...args, '--port', '0', '--host', '127.0.0.1', '--db', path.join(dir, 'bench.db')], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', RATE_LIMIT_RPS: '0', API_TOKEN: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(proc);
    const url = await new Promise((resolve, reject) => {
      readline.createInterface({ input: proc.stderr }).on('line', (line) => {
        const m = /listening on (http:\/\/\S+)/.exec(line);
        if (m) resolve(m[1]);
        else process.stderr.write(`server: ${line}\n`);
      });
      proc.once('exit', (code) => reject(new Error(`server exited ${code}`)));
    });
    return { proc, url };
  };
  const stopServer = async (proc) => {
    proc.kill('SIGTERM');
    if (proc.exitCode === null) await new Promise((r) => proc.once('exit', r));
  };
  const cleanup = () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const guard = setTimeout(() => {
    console.error('bench: took too long, stopping');
    cleanup();
    process.exit(1);
  }, (SHORT ? 45 : 120) * 1000);
  try {
    let { proc: server, url } = await startServer();
    console.log(`bench: server ${useBuilt ? 'dist/server/server.js' : 'server/main.ts via tsx'} at ${url}, ${os.cpus().length} CPUs, Node ${process.version}`);

    let t = Date.now();
    for (let room = 1; room <= patients; room++) {
      await Promise.all(Array.from({ length: 10 }, (_, i) => post(url, '/add_patient', body(room, 1000 + room, i, true))));
    }
    const all = Buffer.from(await (await fetch(`${url}/get_all_patients`)).arrayBuffer());
    console.log(`bench: seeded ${patients} patients x 10 measurements (~13 KB JPEGs) in ${Date.now() - t} ms; get_all_patients body ${(all.length / 1024).toFixed(0)} KB`);
    const bodyFile = path.join(dir, 'all.json');
    fs.writeFileSync(bodyFile, all);

    const rows = [];
    const warmupMs = SHORT ? 200 : 1000;
    const get = await runLoad({ url, method: 'GET', path: '/get_all_patients', concurrency: Math.min(concurrency, 16), durationMs, warmupMs });
    rows.push([`GET /get_all_patients (${patients} x 10)`, Math.min(concurrency, 16), get]);
    // The ceiling: plain node:http writing the same bytes from memory, same load, same run.
    const bare = spawnChild('--bare', { file: bodyFile });
    children.push(bare);
    const bareUrl = await new Promise((resolve, reject) => {
      readline.createInterface({ input: bare.stdout }).once('line', resolve);
      bare.once('exit', (code) => reject(new Error(`bare server exited ${code}`)));
    });
    const ceiling = await runLoad({ url: bareUrl, method: 'GET', path: '/get_all_patients', concurrency: Math.min(concurrency, 16), durationMs, warmupMs });
    bare.kill('SIGTERM');
    rows.push(['bare node:http, same bytes from memory', Math.min(concurrency, 16), ceiling]);
    const slim = await runLoad({ url, method: 'GET', path: '/patients?fields=room_number,patient_mrn', concurrency, durationMs, warmupMs });
    rows.push(['GET /patients?fields=room_number,patient_mrn', concurrency, slim]);
    const add = await runLoad({ url, method: 'POST', path: '/add_patient', concurrency, durationMs, warmupMs });
    rows.push(['POST /add_patient (append, with image)', concurrency, add]);

    console.log('');
    console.log('| route | conc. | req/s | p50 ms | p99 ms | errors |');
    console.log('|---|---:|---:|---:|---:|---:|');
    for (const [name, c, r] of rows) {
      console.log(`| ${name} | ${c} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.errors} |`);
    }
    console.log('');
    console.log(
      `get_all_patients vs the bare-buffer ceiling: ${get.rps.toFixed(0)} vs ${ceiling.rps.toFixed(0)} req/s = ${(get.rps / ceiling.rps).toFixed(2)} ` +
        `(${(all.length / 1e6).toFixed(1)} MB per answer; acceptance: at least 0.60)`,
    );

    // A fresh process for the memory reading, so the load's heap growth does not hide (or pose as)
    // the streams' cost. The same database: this is also a restart.
    await stopServer(server);
    ({ proc: server, url } = await startServer());
    await (await fetch(`${url}/health`)).text();
    await new Promise((r) => setTimeout(r, SHORT ? 200 : 1000));
    const before = rssKb(server.pid);
    const sse = spawnChild('--sse', { url, streams }, 'pipe');
    children.push(sse);
    const lines = readline.createInterface({ input: sse.stdout });
    const waitLine = (want, ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "${want}" from the SSE child`)), ms);
        lines.on('line', (l) => {
          if (l === want) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    t = Date.now();
    await waitLine('open', 30_000);
    const openMs = Date.now() - t;
    await new Promise((r) => setTimeout(r, SHORT ? 200 : 1000));
    const after = rssKb(server.pid);
    t = Date.now();
    const delivered = waitLine('delivered', 10_000);
    await (await fetch(`${url}/new_cpap_pressure/1/12`)).text();
    await delivered;
    const fanoutMs = Date.now() - t;
    console.log('');
    console.log('| event streams | server RSS before | RSS with streams open | per stream | open all | one event to all |');
    console.log('|---:|---:|---:|---:|---:|---:|');
    console.log(
      `| ${streams} | ${(before / 1024).toFixed(1)} MB | ${(after / 1024).toFixed(1)} MB | ${((after - before) / streams).toFixed(1)} KB | ${openMs} ms | ${fanoutMs} ms |`,
    );
    sse.stdin.end();
    await stopServer(server);
  } finally {
    clearTimeout(guard);
    cleanup();
  }
}

/** The ceiling: a bare node:http server answering every request with the same bytes from memory. */
function bareChild(spec) {
  const bytes = fs.readFileSync(spec.file);
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
    res.end(bytes);
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
}

const mode = process.argv[2];
if (mode === '--bare') bareChild(JSON.parse(process.argv[3]));
else if (mode === '--load') await loadChild(JSON.parse(process.argv[3]));
else if (mode === '--sse') await sseChild(JSON.parse(process.argv[3]));
else await main();
