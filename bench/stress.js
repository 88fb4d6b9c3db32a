#!/usr/bin/env node
// `npm run stress [-- --short] [-- --url http://host:port --token T --pid N --db FILE] [--json]`
// A bounded hostile battery against the reference patient server (issue 11, item 7). Without --url it
// starts one itself (server/main.ts through tsx) on a temp database, with a token, a CORS origin and
// 127.0.0.1 as a trusted proxy, so each case can speak as its own client (X-Forwarded-For) and only the
// burst case meets the rate limit; if that server exits, it is counted as a crash and restarted.
// The cases: the issue's "Why" list (an 8 MiB name then small uploads, replay from Last-Event-ID 0,
// deeply nested JSON, Host spoofing, GET writes and cookie writes from other sites, huge images and the
// list they make, many concurrent uploads to one room, slow connections, path traversal, bad JSON,
// wrong types and out-of-range values, bursts over the rate limit) and server/hostile.test.ts's.
// Prints requests tried, answers by status class, crashes, hangs (a request over the timeout), the
// server's peak memory (VmHWM/VmRSS from /proc/<pid>/status) and the database growth per small upload.
// `--short` takes a few seconds (npm test runs it through server/stress.test.ts). Status class `reset`:
// the server closed the connection before answering (a body refused while it was still being sent).
// Against `--url`, give the server's `--token`, `--pid` (memory) and `--db` (growth); without
// `--trusted-proxies 127.0.0.1` there, every case shares one rate-limit bucket. STRESS_DEBUG=1 prints
// every answer that is not a 4xx.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { jpegBase64, makePng } from '../test/support/images.js';

const root = path.resolve(import.meta.dirname, '..');
let TOKEN = 'stress-token-0123456789';

/** Status class of an answer: '2xx'..'5xx', or 'reset' (no answer), or 'timeout'. */
function statusClass(status) {
  return `${Math.floor(status / 100)}xx`;
}

export async function runStress(options = {}) {
  const short = options.short ?? false;
  if (options.token) TOKEN = options.token;
  const timeoutMs = options.timeoutMs ?? (short ? 10_000 : 30_000);
  const log = options.log ?? (() => {});
  const stats = { requests: 0, classes: {}, crashes: 0, hangs: 0, hangList: [], fivexx: [], peakRssMb: 0, cases: {} };
  let current = 'setup';
  const count = (key, what) => {
    stats.classes[key] = (stats.classes[key] ?? 0) + 1;
    const c = (stats.cases[current] ??= { requests: 0 });
    c[key] = (c[key] ?? 0) + 1;
    if (key === '5xx') stats.fivexx.push(`${current}: ${what}`);
    if (process.env.STRESS_DEBUG && key !== '4xx') console.error(`  ${key} ${current}: ${what}`);
    if (key === 'timeout') {
      stats.hangs++;
      stats.hangList.push(`${current}: ${what}`);
    }
  };

  // ------------------------------------------------------------ the server
  const dir = options.url ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'stress-'));
  const dbPath = options.db ?? (dir ? path.join(dir, 'stress.db') : null);
  let proc = null;
  let url = options.url ?? null;
  let pid = options.pid ?? null;
  let stopping = false;
  const start = async () => {
    proc = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'server/main.ts'), '--port', '0', '--host', '127.0.0.1', '--db', dbPath],
      {
        cwd: root,
        env: {
          ...process.env,
          LOG_LEVEL: 'silent',
          API_TOKEN: TOKEN,
          ALLOWED_ORIGINS: 'https://host.example',
          TRUSTED_PROXIES: '127.0.0.1/32,::1/128',
          RATE_LIMIT_RPS: '200',
          RATE_LIMIT_BURST: '1000',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    pid = proc.pid;
    const p = proc;
    p.once('exit', (code, signal) => {
      if (stopping) return;
      stats.crashes++;
      log(`stress: the server exited (${code ?? signal}) during ${current}; restarting`);
      start().catch((e) => log(`stress: restart failed: ${e}`));
    });
    url = await new Promise((resolve, reject) => {
      readline.createInterface({ input: p.stderr }).on('line', (line) => {
        const m = /listening on (http:\/\/\S+)/.exec(line);
        if (m) resolve(m[1]);
        else log(`server: ${line}`);
      });
      p.once('exit', (code) => reject(new Error(`server exited ${code} before listening`)));
    });
  };
  if (!url) await start();

  const readMem = () => {
    if (!pid) return;
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      for (const key of ['VmHWM', 'VmRSS']) {
        const kb = Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
        stats.peakRssMb = Math.max(stats.peakRssMb, kb / 1024);
      }
    } catch {
      /* exited between samples */
    }
  };
  const sampler = setInterval(readMem, 50);
  /** The database's size: everything checkpointed into the main file first (as server/limits.test.ts does). */
  let inspector = null;
  const dbBytes = async () => {
    if (!dbPath) return NaN;
    if (!inspector) {
      const { default: Database } = await import('better-sqlite3');
      inspector = new Database(dbPath, { fileMustExist: true });
    }
    inspector.pragma('wal_checkpoint(TRUNCATE)');
    return fs.statSync(dbPath).size;
  };

  // ------------------------------------------------------------ requests
  let clientN = 0;
  /** A client address of its own for each case (believed from the trusted proxy 127.0.0.1). */
  const newClient = () => `10.${77 + ((clientN >> 16) & 0x7f)}.${(clientN >> 8) & 0xff}.${clientN++ & 0xff}`;
  let caseClient = newClient();

  /** One request; resolves {status, text} (status 0: reset, -1: timeout). Never rejects. */
  function send(method, p, { body, headers = {}, auth = true, raw = false, readMs } = {}) {
    const u = new URL(url);
    const h = { 'X-Forwarded-For': caseClient, ...(auth ? { Authorization: `Bearer ${TOKEN}` } : {}), ...headers };
    if (body !== undefined && !Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
    stats.requests++;
    stats.cases[current] ??= { requests: 0 };
    stats.cases[current].requests++;
    const what = `${method} ${p.slice(0, 60)}`;
    return new Promise((resolve) => {
      let done = false;
      let timer;
      const finish = (status, text = '') => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        count(status === -1 ? 'timeout' : status === 0 ? 'reset' : statusClass(status), `${what} -> ${text.slice(0, 120)}`);
        resolve({ status, text });
      };
      let req;
      try {
        req = http.request({ host: u.hostname, port: u.port, method, path: p, headers: h, agent: false, insecureHTTPParser: raw }, onResponse);
      } catch (e) {
        // Node's client refuses to send it (an unescaped character): nothing reached the server.
        stats.requests--;
        stats.cases[current].requests--;
        stats.cases[current].notSent = (stats.cases[current].notSent ?? 0) + 1;
        done = true;
        return resolve({ status: 0, text: String(e) });
      }
      function onResponse(res) {
        const parts = [];
        let size = 0;
        res.on('data', (d) => {
          size += d.length;
          if (size < 1 << 20) parts.push(d);
        });
        res.on('end', () => finish(res.statusCode, Buffer.concat(parts).toString('utf8')));
        res.on('error', () => finish(res.statusCode, Buffer.concat(parts).toString('utf8')));
        // A stream (events): read for a while, then close it ourselves.
        if (readMs) setTimeout(() => {
          finish(res.statusCode, Buffer.concat(parts).toString('utf8'));
          req.destroy();
        }, readMs);
      }
      timer = setTimeout(() => {
        req.destroy();
        finish(-1);
      }, timeoutMs);
      req.on('error', () => finish(0));
      req.end(body);
    });
  }
  const json = (v) => JSON.stringify(v);
  const up = (o = {}) => ({ patient_mrn: 1001, room_number: 101, patient_name: 'Ann Example', CPAP_pressure: 10, breath_rate: 14.5, apnea_count: 2, flow_image: jpegBase64, ...o });
  const post = (p, v, opts) => send('POST', p, { body: typeof v === 'string' || Buffer.isBuffer(v) ? v : json(v), ...opts });
  const results = {};

  const cases = {
    async longNameThenSmallUploads() {
      const room = 201;
      await post('/add_patient', up({ room_number: room, patient_mrn: 2001 }));
      const before = await dbBytes();
      await post('/add_patient', up({ room_number: room, patient_mrn: 2001, patient_name: 'x'.repeat(8 * 1024 * 1024 - 400) }));
      const n = short ? 5 : 20;
      for (let i = 0; i < n; i++) await post('/add_patient', up({ room_number: room, patient_mrn: 2001, patient_name: '', flow_image: '', apnea_count: i }));
      results.growthPerUploadBytes = ((await dbBytes()) - before) / n;
      const replay = await send('GET', '/events', { headers: { 'Last-Event-ID': '0' }, readMs: short ? 300 : 1500 });
      results.replayMeasurementEvents = (replay.text.match(/event: measurement/g) ?? []).length;
      results.replayHasError = /Error|ERR_/.test(replay.text);
    },
    async nestedJson() {
      const deep = '['.repeat(4_000_000) + ']'.repeat(4_000_000);
      await Promise.all(Array.from({ length: short ? 1 : 8 }, () => post('/add_patient', deep)));
      await post('/add_patient', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
      await post('/new_cpap_pressure', '['.repeat(1000));
    },
    async hostSpoofing() {
      for (const host of ['attacker.example', 'attacker.example:80', 'localhost.attacker.example', '127.0.0.1.nip.io', '', 'x'.repeat(2000)]) {
        for (const p of ['/get_all_patients', '/patients', '/events', '/health']) await send('GET', p, { headers: { Host: host }, readMs: p === '/events' ? 300 : undefined });
      }
    },
    async crossSiteWrites() {
      for (const headers of [{ 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'https://evil.example' }, { Referer: 'https://evil.example/x' }, {}]) {
        await send('GET', '/new_cpap_pressure/101/25', { headers, auth: false });
        await post('/new_cpap_pressure', { room_number: 101, new_value: 25 }, { headers, auth: false });
      }
      const set = await new Promise((resolve) => {
        const u = new URL(url);
        const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path: '/session', agent: false, headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': caseClient } }, (res) => {
          res.resume();
          count(statusClass(res.statusCode), 'POST /session');
          resolve(String(res.headers['set-cookie'] ?? ''));
        });
        req.on('error', () => resolve(''));
        req.end(json({ token: TOKEN }));
      });
      stats.requests++;
      const c = /patient_session=[^;]+/.exec(set)?.[0] ?? 'patient_session=none';
      await post('/add_patient', up(), { auth: false, headers: { Cookie: c, Origin: 'https://evil.example' } });
      await post('/add_patient', up(), { auth: false, headers: { Cookie: c } });
      await post('/add_patient', 'a=1', { auth: false, headers: { Cookie: c, Origin: url, 'Content-Type': 'text/plain' } });
      await send('GET', '/new_cpap_pressure/101/20', { auth: false, headers: { Cookie: c } });
      await send('GET', '/get_all_patients', { auth: false, headers: { Cookie: 'patient_session=AAAA.1.BBBB' } });
      await post('/session', 'token=x', { auth: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      await post('/session', { token: 'wrong' }, { auth: false });
    },
    async auth() {
      for (const a of [undefined, 'Bearer wrong', `Basic ${TOKEN}`, 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${'x'.repeat(10_000)}`]) {
        const headers = a ? { Authorization: a } : {};
        await post('/add_patient', up(), { auth: false, headers });
        await send('GET', '/get_all_patients', { auth: false, headers });
      }
    },
    async hugeImages() {
      const limit = 5 * 1024 * 1024;
      const png = makePng(4, 4);
      const atLimit = Buffer.concat([png, Buffer.alloc(limit - png.length - 16)]).toString('base64');
      const over = Buffer.concat([png, Buffer.alloc(limit + 10)]).toString('base64');
      await post('/add_patient', up({ room_number: 301, patient_mrn: 3001, flow_image: over }));
      const n = short ? 2 : 20;
      for (let i = 0; i < n; i++) await post('/add_patient', up({ room_number: 301 + (i % 4), patient_mrn: 3001 + (i % 4), flow_image: atLimit }));
      await send('GET', '/get_all_patients');
      await send('GET', '/patients?fields=flow_image');
      await send('GET', '/patients/301/images/0');
    },
    async concurrentUploadsOneRoom() {
      const n = short ? 100 : 1500;
      const room = 401;
      await post('/add_patient', up({ room_number: room, patient_mrn: 4001 }));
      const ok = await Promise.all(
        Array.from({ length: n }, (_, i) => {
          if (i % 500 === 0) caseClient = newClient(); // a burst of 1000 per client
          return post('/add_patient', up({ room_number: room, patient_mrn: 4001, apnea_count: i }));
        }),
      );
      const stored = await send('GET', `/patients/${room}?fields=measurement_count`);
      results.concurrentUploads = { sent: n, answered200: ok.filter((r) => r.status === 200).length, stored: (JSON.parse(stored.text || '{}').measurement_count ?? 0) - 1 };
    },
    async slowConnections() {
      const u = new URL(url);
      const n = short ? 20 : 200;
      const sockets = [];
      for (let i = 0; i < n; i++) {
        const s = net.connect(Number(u.port), u.hostname);
        s.on('error', () => {});
        s.write(i % 2 ? 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n' : `POST /add_patient HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n{"a":`);
        sockets.push(s);
      }
      const drip = setInterval(() => sockets.forEach((s, i) => !s.destroyed && s.write(i % 2 ? 'X-A: b\r\n' : ' ')), 500);
      // The server keeps answering others while they dribble.
      const t0 = Date.now();
      await send('GET', '/health');
      results.healthWhileSlowMs = Date.now() - t0;
      // Node cuts them at headersTimeout (20 s) / requestTimeout (60 s), checked every 30 s.
      const waitMs = short ? 1000 : 95_000;
      const until = Date.now() + waitMs;
      while (Date.now() < until && sockets.some((s) => !s.destroyed && !s.readableEnded)) await new Promise((r) => setTimeout(r, 250));
      clearInterval(drip);
      results.slowConnectionsCut = `${sockets.filter((s) => s.destroyed || s.readableEnded).length}/${n} within ${waitMs / 1000} s`;
      sockets.forEach((s) => s.destroy());
    },
    async pathTraversal() {
      const variants = [
        '/../secret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '/lib/../secret.txt', '/lib/%2e%2e/secret.txt',
        '/lib/..%2f..%2fpatients.db', '/..%5csecret.txt', '/%00', '/index.html%00.js', '/.env', '/%E0%A4%A', '//etc/passwd',
        '/lib//etc/passwd', '/..%252f..%252fetc/passwd', '/%c0%ae%c0%ae/etc/passwd', '/lib/%c0%af', '/....//....//etc/passwd',
        '/lib/....\\\\secret.txt', '/%2e%2e%5c%2e%2e%5cwindows', '/lib/%252e%252e/x', '/./././../x', '/lib/.%2e/x', '/%2e/%2e%2e/x',
        '/..;/secret.txt', '/lib/..;/x', '/?/../secret', '/lib/%u002e%u002e/x', '/.git/config', '/lib/.git/HEAD', '/data/patients.db',
        '/server/main.ts', '/package.json', '/' + 'a/'.repeat(500) + '../'.repeat(600) + 'etc/passwd',
      ];
      for (const p of variants) {
        const r = await send('GET', p, { raw: true });
        if (/root:|TOKEN|\[core\]|SQLite format/.test(r.text)) results.traversalLeak = p;
      }
      results.traversalVariants = variants.length;
    },
    async badJson() {
      for (const b of ['{"patient_mrn": 1,', '', '   ', 'null', '[]', '"text"', '1e400', '{"a":1}{"b":2}', '\ufeff{}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}', Buffer.from([0xff, 0xfe, 0x00, 0x7b]), '{' + '"k":1,'.repeat(200_000) + '"z":1}']) {
        await post('/add_patient', b);
        await post('/new_cpap_pressure', b);
      }
      await post('/add_patient', 'patient_mrn=1', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      await post('/add_patient', json(up()), { headers: { 'Content-Type': 'text/plain' } });
      await post('/add_patient', json(up()), { headers: { 'Content-Type': 'application/json; charset=utf-16' } });
      await post('/add_patient', 'x'.repeat(9 * 1024 * 1024));
    },
    async wrongTypes() {
      const bad = [true, null, [], {}, 1.5, -3, ' 12', '1e3', 'NaN', 9007199254740993, 1e308, -0.0001, '\u0000', '\ud800', 'x'.repeat(201)];
      for (const key of ['patient_mrn', 'room_number', 'patient_name', 'CPAP_pressure', 'breath_rate', 'apnea_count', 'flow_image']) {
        for (const v of bad) await post('/add_patient', up({ [key]: v, room_number: key === 'room_number' ? v : 501 }));
        const missing = up({ room_number: 501 });
        delete missing[key];
        await post('/add_patient', missing);
      }
      for (const [r, v] of [[101, 9007199254740991], ['x', 10], [101, 3], [101, 26], [-1, 10], [1e12, 10]]) {
        await post('/new_cpap_pressure', { room_number: r, new_value: v });
        await send('GET', `/new_cpap_pressure/${encodeURIComponent(r)}/${encodeURIComponent(v)}`);
      }
      for (const p of ['/CPAP_query/1%20OR%201=1', '/CPAP_query/-1', '/patients?fields=nope', '/patients?mrn=x', '/patients/abc', '/patients/1/images/-1', '/patients/1/images/99999999999999999999', '/events?room=x', '/events?lastEventId=abc']) {
        await send('GET', p, { readMs: p.startsWith('/events') ? 200 : undefined });
      }
      await post('/add_patient', up(), { headers: { 'Idempotency-Key': 'x'.repeat(300) } });
    },
    async methodsAndHeaders() {
      for (const m of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE', 'PROPFIND', 'HEAD']) {
        for (const p of ['/add_patient', '/get_all_patients', '/new_cpap_pressure', '/session', '/']) await send(m, p, { headers: m === 'OPTIONS' ? { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } : {} });
      }
      await send('GET', '/health', { headers: { 'X-Big': 'x'.repeat(20_000) } });
      const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`X-H${i}`, 'v']));
      await send('GET', '/health', { headers: many });
      await send('GET', '/health', { headers: { 'X-Forwarded-For': 'garbage, ::zz, 999.1.1.1' } });
    },
    async abortedUploads() {
      const u = new URL(url);
      const n = short ? 10 : 100;
      await Promise.all(
        Array.from({ length: n }, () => new Promise((resolve) => {
          const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path: '/add_patient', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': 1_000_000, Authorization: `Bearer ${TOKEN}`, 'X-Forwarded-For': caseClient } });
          req.on('error', () => resolve());
          req.write('{"patient_mrn":' + ' '.repeat(50_000));
          setTimeout(() => {
            req.destroy();
            resolve();
          }, 50);
        })),
      );
      await send('GET', '/health');
    },
    async eventStreams() {
      const n = short ? 50 : 1000;
      await Promise.all(Array.from({ length: n }, () => send('GET', '/events', { readMs: short ? 300 : 2000 })));
    },
    async burstOverRateLimit() {
      // Burst 1000, refill 200/s: 2000 at once from one client must meet the limit.
      const replies = await Promise.all(Array.from({ length: 2000 }, () => send('GET', '/health')));
      results.burst429 = replies.filter((r) => r.status === 429).length;
    },
  };

  const only = options.only ? new Set(options.only) : null;
  for (const [name, fn] of Object.entries(cases)) {
    if (only && !only.has(name)) continue;
    current = name;
    caseClient = newClient();
    const t0 = Date.now();
    try {
      await fn();
    } catch (e) {
      stats.cases[name] = { ...stats.cases[name], failed: String(e) };
    }
    readMem();
    log(`stress: ${name} ${Date.now() - t0} ms ${JSON.stringify(stats.cases[name])}`);
    // Still up? A case that killed it has been counted (crash) and the server restarted.
    current = `${name} (after)`;
    if ((await send('GET', '/health')).status !== 200 && options.url) stats.crashes++;
  }
  clearInterval(sampler);
  readMem();
  inspector?.close();
  stopping = true;
  if (proc && proc.exitCode === null) {
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  return { ...stats, results };
}

function summary(s) {
  const classes = Object.entries(s.classes).sort().map(([k, v]) => `${k} ${v}`).join(', ');
  return [
    `requests tried: ${s.requests}`,
    `answers by status class: ${classes}`,
    `crashes (server exits/restarts): ${s.crashes}`,
    `hangs (over the timeout): ${s.hangs}${s.hangList.length ? ` (${s.hangList.slice(0, 5).join('; ')})` : ''}`,
    `5xx answers: ${s.fivexx.length}${s.fivexx.length ? ` (${s.fivexx.slice(0, 5).join('; ')})` : ''}`,
    `server peak memory: ${s.peakRssMb ? `${s.peakRssMb.toFixed(0)} MB RSS` : 'n/a (give --pid)'}`,
    `database growth per small upload after an 8 MiB name attempt: ${Number.isFinite(s.results.growthPerUploadBytes) ? `${Math.round(s.results.growthPerUploadBytes)} bytes` : 'n/a (give --db)'}`,
    `replay from Last-Event-ID 0: ${s.results.replayMeasurementEvents} measurement events${s.results.replayHasError ? ', WITH AN ERROR' : ''}`,
    `concurrent uploads to one room: ${JSON.stringify(s.results.concurrentUploads)}`,
    `slow connections cut: ${s.results.slowConnectionsCut}; /health while they dribble: ${s.results.healthWhileSlowMs} ms`,
    `path traversal variants: ${s.results.traversalVariants}, leaked: ${s.results.traversalLeak ?? 'none'}`,
    `burst of 2000 from one client: ${s.results.burst429} answered 429`,
  ].join('\n');
}

if (process.argv[1] === import.meta.filename) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const t0 = Date.now();
  const s = await runStress({
    short: process.argv.includes('--short'),
    url: arg('url'),
    pid: arg('pid') ? Number(arg('pid')) : undefined,
    db: arg('db'),
    token: arg('token'),
    only: arg('only')?.split(','),
    log: (m) => console.error(m),
  });
  if (process.argv.includes('--json')) console.log(JSON.stringify(s));
  else console.log(`${summary(s)}\n(${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  process.exit(s.fivexx.length || s.crashes || s.hangs ? 1 : 0);
}
