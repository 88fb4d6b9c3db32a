// Real reference patient servers for the browser tests: started once per web-test-runner run, each
// on its own temporary SQLite file, and announced to the tests at /__patient-servers as
// `{ push, poll }`: `push` is the reference server, `poll` the same server with `--events off`,
// which speaks only the lab's old polling routes. Both allow any origin (the test page's is another).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** Starts `server/main.ts` with `args`; resolves with its URL and a stop function. */
export async function startPatientServer(args = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wtr-patients-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--port', '0', '--db', path.join(dir, 'patients.db'), '--log-level', 'silent', '--allowed-origins', '*', '--rate-limit', '0', ...args],
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
      const [push, poll] = await Promise.all([startPatientServer(), startPatientServer(['--events', 'off'])]);
      servers = { push, poll };
    },
    async serverStop() {
      await Promise.all([servers?.push.stop(), servers?.poll.stop()]);
    },
    serve(context) {
      if (context.path !== '/__patient-servers') return undefined;
      return { body: JSON.stringify({ push: servers.push.url, poll: servers.poll.url }), type: 'json' };
    },
  };
}
