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

// ---- The JavaScript examples (examples/plain-html, examples/vite, examples/react) ----

/** npm's cache for the examples' installs, kept between runs (the registry is slow to ask twice). */
export const NPM_CACHE = path.join(ROOT, '.cache', 'npm');

/** Runs a command to its end; rejects with its output when it fails. Resolves to its output. */
export function run(cmd, args, { cwd = ROOT, env = {}, timeout = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed (${code ?? signal}):\n${out.slice(-6000)}`));
    });
  });
}

/**
 * `npm pack` of the repository as built (build first) into `dest`; also unpacked there.
 * @returns {{ tarball: string, unpacked: string }} `unpacked` is the package folder (`package/`).
 */
export async function packLibrary(dest) {
  fs.mkdirSync(dest, { recursive: true });
  const out = await run('npm', ['pack', '--json', '--pack-destination', dest, '--cache', NPM_CACHE], { env: { npm_config_loglevel: 'error' } });
  const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')));
  const tarball = path.join(dest, filename);
  await run('tar', ['-xzf', tarball, '-C', dest]);
  return { tarball, unpacked: path.join(dest, 'package') };
}

/**
 * The Python hosts' environment serving the library as the package ships it: `npm pack` into `dest`
 * ({@link packLibrary}) and `DASHBOARD_LIB` at the unpacked tarball's dist/cdn, not the repository's.
 * @returns {Promise<{ DASHBOARD_LIB: string }>}
 */
export async function packedLibraryEnv(dest) {
  const { unpacked } = await packLibrary(dest);
  return { DASHBOARD_LIB: path.join(unpacked, 'dist/cdn') };
}

/**
 * Copies examples/NAME (without node_modules, dist, lockfile) into `dest` and installs it there with
 * `data-app-elements` taken from `tarball` (the dependency the example names as `file:`).
 */
export async function installExample(name, dest, tarball) {
  const src = path.join(EXAMPLES, name);
  fs.cpSync(src, dest, {
    recursive: true,
    filter: (f) => {
      const rel = path.relative(src, f).split(path.sep).join('/');
      return !/^(node_modules|dist)(\/|$)/.test(rel) && rel !== 'package-lock.json';
    },
  });
  const pkgFile = path.join(dest, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  pkg.dependencies['data-app-elements'] = `file:${tarball}`;
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--cache', NPM_CACHE], {
    cwd: dest,
    env: { npm_config_loglevel: 'error', npm_config_update_notifier: 'false' },
  });
  return dest;
}

/**
 * examples/plain-html/serve.js serving `dir` on 127.0.0.1 (`cors`: `Access-Control-Allow-Origin: *`,
 * as a CDN sends). `probe`: a path under `dir` that answers 200 once it is up.
 * @returns {{ url, port, output(), stop() }} `url` ends with `/`.
 */
export async function serveStatic(dir, { port, cors = false, probe = '' } = {}) {
  port ??= await freePort();
  const proc = spawnProcess(`static server for ${dir}`, process.execPath,
    [path.join(EXAMPLES, 'plain-html/serve.js'), dir, String(port), ...(cors ? ['--cors'] : [])], { cwd: ROOT });
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilUp(proc, url + probe);
  return { url, port, output: proc.output, stop: () => proc.stop() };
}

/** `vite preview` of an installed example (built first) on `port`. */
export async function vitePreview(dir, { port } = {}) {
  port ??= await freePort();
  const proc = spawnProcess(`vite preview in ${dir}`, process.execPath,
    [path.join(dir, 'node_modules/vite/bin/vite.js'), 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: dir });
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilUp(proc, url);
  return { url, port, output: proc.output, stop: () => proc.stop() };
}
