// Issue 11, item 4: one server process per database file. Real processes: a second server on the same
// SQLite file fails at start with a clear message; the first goes on; a lock left by a killed server
// is taken over; another file beside it is no conflict.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { addPatient, request, startTestServer, tempDir, upload } from './test-support.ts';

const main = path.join(import.meta.dirname, 'main.ts');

interface Proc {
  proc: ChildProcess;
  /** The URL once listening, or the exit code and stderr when it failed to start. */
  started: Promise<{ url: string } | { code: number | null; stderr: string }>;
}

function startProcess(db: string): Proc {
  const proc = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--db', db, '--log-level', 'silent'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const started = new Promise<{ url: string } | { code: number | null; stderr: string }>((resolve) => {
    readline.createInterface({ input: proc.stderr! }).on('line', (l) => {
      stderr += l + '\n';
      const m = /listening on (http:\/\/\S+)/.exec(l);
      if (m) resolve({ url: m[1]! });
    });
    proc.once('exit', (code) => resolve({ code, stderr }));
  });
  return { proc, started };
}

async function stop(p: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (p.exitCode !== null || p.signalCode !== null) return;
  const exited = new Promise((r) => p.once('exit', r));
  p.kill(signal);
  await exited;
}

describe('one server process per database file', () => {
  it('a second process on the same file fails at start naming the holder; the first serves on; another file is fine', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const db = path.join(dir, 'patients.db');
    const a = startProcess(db);
    let c: Proc | null = null;
    try {
      const first = await a.started;
      assert.ok('url' in first, JSON.stringify(first));
      assert.equal((await addPatient(first.url, upload())).status, 200);
      const lock = JSON.parse(fs.readFileSync(`${db}.lock`, 'utf8')) as { pid: number };
      assert.equal(lock.pid, a.proc.pid);

      const b = startProcess(db);
      const second = await b.started;
      assert.ok(!('url' in second), 'the second server must not start');
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`database .*patients\\.db is in use by another patient server: pid ${a.proc.pid}`));
      assert.match(second.stderr, /One server process per database file: stop that one, or start this one with another --db/);

      // The first is untouched: its lock, its answers.
      assert.equal((JSON.parse(fs.readFileSync(`${db}.lock`, 'utf8')) as { pid: number }).pid, a.proc.pid);
      assert.equal((await request(first.url, 'GET', '/health/ready')).status, 200);
      assert.equal(((await request(first.url, 'GET', '/get_all_patients')).json() as unknown[]).length, 1);

      c = startProcess(path.join(dir, 'other.db'));
      assert.ok('url' in (await c.started), 'another file in the same folder is no conflict');
    } finally {
      await stop(a.proc);
      if (c) await stop(c.proc);
    }
    assert.equal(fs.existsSync(`${db}.lock`), false, 'a graceful stop removes the lock');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a lock left by a killed server (kill -9) is taken over; the data is there', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const db = path.join(dir, 'patients.db');
    const a = startProcess(db);
    const first = await a.started;
    assert.ok('url' in first);
    assert.equal((await addPatient(first.url, upload())).status, 200);
    await stop(a.proc, 'SIGKILL');
    assert.ok(fs.existsSync(`${db}.lock`), 'kill -9 leaves the lock file');
    const b = startProcess(db);
    try {
      const second = await b.started;
      assert.ok('url' in second, JSON.stringify(second));
      assert.equal(((await request(second.url, 'GET', '/get_all_patients')).json() as unknown[]).length, 1);
      assert.equal((JSON.parse(fs.readFileSync(`${db}.lock`, 'utf8')) as { pid: number }).pid, b.proc.pid);
    } finally {
      await stop(b.proc);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a second server in the same process on the same file is refused too; after close the file is free', async () => {
    const dir = tempDir();
    const one = await startTestServer({}, dir);
    await assert.rejects(startTestServer({}, dir), /is in use by another patient server: pid \d+ .*\(this process/);
    assert.equal((await request(one.url, 'GET', '/health/ready')).status, 200);
    await one.close();
    const two = await startTestServer({}, dir);
    await two.stop();
  });

  it('a database in a folder that does not exist yet (a fresh checkout\'s ./data) is made, lock and all', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'not', 'yet', 'patients.db');
    const server = await startTestServer({ dbPath }, dir);
    try {
      assert.equal((await request(server.url, 'GET', '/health/ready')).status, 200);
      assert.ok(fs.existsSync(dbPath) && fs.existsSync(`${dbPath}.lock`));
    } finally {
      await server.stop();
    }
  });
});
