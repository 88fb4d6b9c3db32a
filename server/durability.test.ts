// No lost data: concurrent uploads to one room, SIGKILL during a stream of uploads, and restarts.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { describe, it } from 'node:test';
import { addPatient, backendConfig, BACKENDS, request, startTestServer, tempDir, upload, type Backend } from './test-support.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');

interface Room {
  room_number: number;
  patient_mrn: number;
  patient_name: string;
  apnea_count: (number | null)[];
  CPAP_pressure: number[];
}

async function roomOf(base: string, room: number): Promise<Room | undefined> {
  const all = (await request(base, 'GET', '/get_all_patients')).json() as Room[];
  return all.find((p) => p.room_number === room);
}

/** The real entry point in its own process, so that SIGKILL kills exactly what production runs. */
async function spawnServer(dbPath: string, backend: Backend): Promise<{ child: ChildProcess; url: string }> {
  const { databaseUrl } = await backendConfig(backend, path.dirname(dbPath));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--db', dbPath], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'info', RATE_LIMIT_RPS: '0', DATABASE_URL: databaseUrl ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 15_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    lines.on('line', (line) => {
      const m = /"msg":"listening","url":"([^"]+)"/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  // Keep draining the request log so the child never blocks on a full pipe.
  lines.on('line', () => {});
  return { child, url };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

for (const backend of BACKENDS) describe(`no lost data on ${backend}`, () => {
  it('200 concurrent uploads to one room store 200 measurements', async () => {
    const server = await startTestServer({ rateLimitRps: 0 }, undefined, backend);
    try {
      await addPatient(server.url, upload({ room_number: 1, patient_mrn: 10, CPAP_pressure: '' }));
      const replies = await Promise.all(
        Array.from({ length: 200 }, (_, i) => addPatient(server.url, upload({ room_number: 1, patient_mrn: 10, apnea_count: i }))),
      );
      assert.ok(replies.every((r) => r.status === 200 && r.json() === 'Patient successfully updated'));
      const p = (await roomOf(server.url, 1))!;
      assert.equal(p.apnea_count.length, 200);
      assert.deepEqual([...p.apnea_count].sort((a, b) => a! - b!), Array.from({ length: 200 }, (_, i) => i));
    } finally {
      await server.stop();
    }
  });

  it('an Idempotency-Key stores a retried upload once, even when retries race', async () => {
    const server = await startTestServer({ rateLimitRps: 0 }, undefined, backend);
    try {
      const send = (key: string, body = upload({ room_number: 5, patient_mrn: 50 })) =>
        addPatient(server.url, body, { 'Idempotency-Key': key });
      const first = await Promise.all(Array.from({ length: 5 }, () => send('upload-1')));
      assert.ok(first.every((r) => r.status === 200 && r.json() === 'New patient created'));
      assert.equal(first.filter((r) => r.headers['idempotent-replayed'] === 'true').length, 4);
      assert.equal((await send('upload-2')).json(), 'Patient successfully updated');
      assert.equal((await roomOf(server.url, 5))!.CPAP_pressure.length, 2);
      const conflict = await send('upload-2', upload({ room_number: 5, patient_mrn: 50, CPAP_pressure: 20 }));
      assert.equal(conflict.status, 422);
      assert.equal(conflict.json(), 'Idempotency-Key was already used for a different upload');
      const bad = await send('has space');
      assert.equal(bad.status, 400);
      assert.equal((await roomOf(server.url, 5))!.CPAP_pressure.length, 2);
    } finally {
      await server.stop();
    }
  });

  it('a restart keeps patients, measurements and pending pressure requests', async () => {
    const dir = tempDir();
    let server = await startTestServer({}, dir, backend);
    await addPatient(server.url, upload({ room_number: 2, patient_mrn: 20, patient_name: 'Kept' }));
    await addPatient(server.url, upload({ room_number: 2, patient_mrn: 20, patient_name: '', CPAP_pressure: 11 }));
    await addPatient(server.url, upload({ room_number: 3, patient_mrn: 30 }));
    assert.equal((await request(server.url, 'GET', '/new_cpap_pressure/2/14')).status, 200);
    await server.close();
    server = await startTestServer({}, dir, backend);
    try {
      const p = (await roomOf(server.url, 2))!;
      assert.equal(p.patient_name, 'Kept');
      assert.deepEqual(p.CPAP_pressure, [10, 11]);
      assert.ok(await roomOf(server.url, 3));
      assert.equal((await request(server.url, 'GET', '/CPAP_query/2')).json(), 14);
      assert.equal((await request(server.url, 'GET', '/CPAP_query/3')).json(), null);
    } finally {
      await server.stop();
    }
  });

  it('SIGKILL during a stream of uploads loses none that were answered 200', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'patients.db');
    let { child, url } = await spawnServer(dbPath, backend);
    try {
      assert.equal((await addPatient(url, upload({ room_number: 9, patient_mrn: 90, CPAP_pressure: '' }))).status, 200);
      assert.equal((await request(url, 'GET', '/new_cpap_pressure/9/17')).status, 200);
      const acknowledged: number[] = [];
      let next = 0;
      let stop = false;
      const worker = async () => {
        while (!stop) {
          const marker = next++;
          try {
            const r = await addPatient(url, upload({ room_number: 9, patient_mrn: 90, apnea_count: marker }));
            if (r.status === 200) acknowledged.push(marker);
          } catch {
            return; // the server is gone
          }
        }
      };
      const workers = Array.from({ length: 8 }, worker);
      while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 10));
      child.kill('SIGKILL');
      await killed(child);
      stop = true;
      await Promise.all(workers);

      ({ child, url } = await spawnServer(dbPath, backend));
      const p = (await roomOf(url, 9))!;
      const stored = new Set(p.apnea_count);
      const lost = acknowledged.filter((m) => !stored.has(m));
      assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged uploads lost`);
      assert.equal(p.apnea_count.length, stored.size, 'no duplicates');
      assert.equal((await request(url, 'GET', '/CPAP_query/9')).json(), 17);
    } finally {
      child.kill('SIGKILL');
      await killed(child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SIGTERM shuts down gracefully and the data is there afterwards', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'patients.db');
    let { child, url } = await spawnServer(dbPath, backend);
    try {
      await addPatient(url, upload({ room_number: 4, patient_mrn: 40 }));
      child.kill('SIGTERM');
      await killed(child);
      assert.equal(child.exitCode, 0);
      ({ child, url } = await spawnServer(dbPath, backend));
      assert.ok(await roomOf(url, 4));
    } finally {
      child.kill('SIGKILL');
      await killed(child);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
