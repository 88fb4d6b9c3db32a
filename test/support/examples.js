// The Python host examples (examples/flask, examples/fastapi, examples/django) started from a test,
// each on free ports with temporary storage, resolved once it answers. They serve the library as
// built (dist/cdn): build first (`node scripts/build.js`). The reference server is dist/server/server.js.
//
//   const flask = await startFlaskExample();           // { url, pageUrl, apiUrl, db, stop() }
//   const fastapi = await startFastapiExample({ cors: false });
//   const django = await startDjangoExample();
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const EXAMPLES = path.join(ROOT, 'examples');
/** Debian's Python, which has python3-flask, -fastapi, -uvicorn, -django (another python3 may not). */
export const PYTHON = process.env.EXAMPLES_PYTHON || '/usr/bin/python3';

/** A port nobody listens on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Whether Debian's Python has `modules` (the tests skip with this reason otherwise). */
export function pythonMissing(modules) {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} not found`;
  return new Promise((resolve) => {
    const child = spawn(PYTHON, ['-c', modules.map((m) => `import ${m}`).join('; ')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.on('exit', (code) => resolve(code === 0 ? false : `${PYTHON} lacks ${modules.join(', ')} (apt-get install python3-...): ${err.trim().split('\n').pop()}`));
  });
}

/**
 * Spawns a child and keeps its output (for the error when it does not come up); `stop()` ends it
 * (SIGTERM, SIGKILL after 5 s) and resolves when it has exited.
 */
function spawnProcess(name, cmd, args, options) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  const keep = (chunk) => {
    output += chunk;
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let exitInfo = null;
  exited.then((info) => (exitInfo = info));
  return {
    name,
    child,
    output: () => output,
    exited: () => exitInfo,
    async stop() {
      if (exitInfo) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves when `url` answers 200; rejects with the process's output when it exits or times out. */
async function waitUntilUp(proc, url, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const exit = proc.exited();
    if (exit) throw new Error(`${proc.name} exited (${exit.code ?? exit.signal}) before answering ${url}:\n${proc.output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await proc.stop();
  throw new Error(`${proc.name} did not answer ${url} within ${timeout} ms:\n${proc.output()}`);
}

/**
 * The reference patient server as built (`node dist/server/server.js`) on a temporary database.
 * `allowedOrigins`: CORS origins (array or comma string); omitted = none (no CORS).
 * @returns {{ url, port, db, dir, output(), stop() }} `url` ends with `/`.
 */
export async function startReferenceServer({ port, db, allowedOrigins, args = [] } = {}) {
  const server = path.join(ROOT, 'dist/server/server.js');
  if (!fs.existsSync(server)) throw new Error(`${server} is missing: run node scripts/build.js first`);
  port ??= await freePort();
  const dir = db ? null : tempDir('example-ref-');
  db ??= path.join(dir, 'patients.db');
  const origins = Array.isArray(allowedOrigins) ? allowedOrigins.join(',') : allowedOrigins;
  const proc = spawnProcess(
    'reference server',
    process.execPath,
    [server, '--port', String(port), '--host', '127.0.0.1', '--db', db, '--log-level', 'silent', '--rate-limit', '0',
      ...(origins ? ['--allowed-origins', origins] : []), ...args],
    { cwd: ROOT, env: { ...process.env, ALLOWED_ORIGINS: '' } },
  );
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilUp(proc, `${url}health`);
  return {
    url,
    port,
    db,
    dir,
    output: proc.output,
    async stop() {
      await proc.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * examples/flask: the host at `url`, the dashboard at `pageUrl` (`/monitor/`), the patient API
 * (implemented by the host in Python over sqlite3) at `apiUrl` (the host's root), stored in `db`.
 */
export async function startFlaskExample({ port, db, env = {} } = {}) {
  port ??= await freePort();
  const dir = db ? null : tempDir('example-flask-');
  db ??= path.join(dir, 'patients.db');
  const proc = spawnProcess('flask example', PYTHON, [path.join(EXAMPLES, 'flask/app.py')], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PATIENTS_DB: db, PYTHONUNBUFFERED: '1', ...env },
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilUp(proc, `${url}health`);
  return {
    url,
    pageUrl: `${url}monitor/`,
    apiUrl: url,
    port,
    db,
    output: proc.output,
    async stop() {
      await proc.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * examples/fastapi under uvicorn, with the reference server on another port as its patient API.
 * `cors: false` starts the reference server without this app's origin allowed (the page's calls are
 * then blocked by the browser). `api` is the reference server ({ url, db, stop }).
 */
export async function startFastapiExample({ port, apiPort, cors = true, env = {} } = {}) {
  port ??= await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const api = await startReferenceServer({ port: apiPort, allowedOrigins: cors ? [origin] : undefined });
  let proc;
  try {
    proc = spawnProcess(
      'fastapi example',
      PYTHON,
      ['-m', 'uvicorn', '--app-dir', path.join(EXAMPLES, 'fastapi'), 'app:app', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
      { cwd: ROOT, env: { ...process.env, PATIENT_API_URL: api.url, PYTHONUNBUFFERED: '1', ...env } },
    );
    await waitUntilUp(proc, `${origin}/healthz`);
  } catch (e) {
    await api.stop();
    throw e;
  }
  return {
    url: `${origin}/`,
    pageUrl: `${origin}/`,
    apiUrl: api.url,
    port,
    api,
    db: api.db,
    output: proc.output,
    async stop() {
      await proc.stop();
      await api.stop();
    },
  };
}

/**
 * examples/django under `manage.py runserver --noreload`, proxying `/api/` to the reference server
 * on another port; the browser sees only the Django origin. `api` is the reference server.
 */
export async function startDjangoExample({ port, apiPort, env = {} } = {}) {
  port ??= await freePort();
  const api = await startReferenceServer({ port: apiPort });
  const origin = `http://127.0.0.1:${port}`;
  let proc;
  try {
    proc = spawnProcess(
      'django example',
      PYTHON,
      [path.join(EXAMPLES, 'django/manage.py'), 'runserver', '--noreload', `127.0.0.1:${port}`],
      { cwd: ROOT, env: { ...process.env, PATIENT_API_URL: api.url, PYTHONUNBUFFERED: '1', ...env } },
    );
    await waitUntilUp(proc, `${origin}/api/health`);
  } catch (e) {
    await api.stop();
    throw e;
  }
  return {
    url: `${origin}/`,
    pageUrl: `${origin}/`,
    apiUrl: `${origin}/api/`,
    port,
    api,
    db: api.db,
    output: proc.output,
    async stop() {
      await proc.stop();
      await api.stop();
    },
  };
}
