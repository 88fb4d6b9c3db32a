// Real reference patient servers for the browser tests: started once per web-test-runner run, each
// on its own temporary SQLite file, and announced to the tests at /__patient-servers as
// `{ push, poll, nocors }`: `push` is the reference server, `poll` the same server with `--events off`
// (it polls like the lab's old one), both allowing any origin (the test page's is another); `nocors`
// allows no other origin, as a server whose CORS nobody configured.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Starts `server/main.ts` with `args`; resolves with its URL and a stop function. */
export async function startPatientServer(args = [], cors = ['--allowed-origins', '*']) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wtr-patients-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--port', '0', '--db', path.join(dir, 'patients.db'), '--log-level', 'silent', '--rate-limit', '0', ...cors, ...args],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const url = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`patient server did not start: ${err}`)), 30000);
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /listening on (\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].endsWith('/') ? m[1] : `${m[1]}/`);
      }
    });
    child.on('exit', (code) => reject(new Error(`patient server exited with ${code}: ${err}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** The web-test-runner plugin: servers up for the whole run, their URLs at /__patient-servers. */
export function patientServersPlugin() {
  let servers = null;
  return {
    name: 'patient-servers',
    async serverStart() {
      const [push, poll, nocors] = await Promise.all([startPatientServer(), startPatientServer(['--events', 'off']), startPatientServer([], [])]);
      servers = { push, poll, nocors };
    },
    async serverStop() {
      await Promise.all(Object.values(servers ?? {}).map((s) => s.stop()));
    },
    serve(context) {
      if (context.path !== '/__patient-servers') return undefined;
      return { body: JSON.stringify(Object.fromEntries(Object.entries(servers).map(([k, s]) => [k, s.url]))), type: 'json' };
    },
  };
}
