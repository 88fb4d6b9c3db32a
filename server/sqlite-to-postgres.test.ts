// deploy/sqlite-to-postgres.js: a ward's SQLite file moved to PostgreSQL answers the same lists,
// pressure requests and idempotent retries, and clients resume their event streams with the ids they had.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { SseClient } from '../test/support/sse.ts';
import { addPatient, backendConfig, request, startTestServer, tempDir, upload } from './test-support.ts';

const script = path.resolve(import.meta.dirname, '../deploy/sqlite-to-postgres.js');
const copy = (db: string, url: string) => spawnSync(process.execPath, [script, '--db', db, '--database-url', url], { encoding: 'utf8' });

describe('deploy/sqlite-to-postgres.js', () => {
  it('copies every row with its ids; the PostgreSQL server answers as the SQLite one did', async () => {
    const sqliteDir = tempDir();
    const sqlite = await startTestServer({}, sqliteDir);
    for (let i = 0; i < 6; i++) {
      const r = await addPatient(sqlite.url, upload({ room_number: 10 + (i % 3), patient_mrn: 100 + (i % 3), patient_name: `Room ${10 + (i % 3)}`, CPAP_pressure: 5 + i }), { 'Idempotency-Key': `k${i}` });
      assert.equal(r.status, 200);
    }
    assert.equal((await request(sqlite.url, 'GET', '/new_cpap_pressure/11/12')).status, 200);
    const before = (await request(sqlite.url, 'GET', '/get_all_patients')).text;
    const stream = new SseClient(sqlite.url, '/events');
    await stream.until(() => stream.lastId !== null, 'the first id');
    const lastId = Number(stream.lastId);
    stream.close();
    const db = path.join(sqliteDir, 'patients.db');

    const pgDir = tempDir();
    const { databaseUrl } = await backendConfig('postgres', pgDir);
    // Refused while the SQLite server runs, and into a database without the schema.
    const held = copy(db, databaseUrl!);
    assert.equal(held.status, 1);
    assert.match(held.stderr, /in use by process \d+: stop that server first/);
    await sqlite.close();
    const bare = copy(db, databaseUrl!);
    assert.equal(bare.status, 1);
    assert.match(bare.stderr, /no schema yet: start one server on it once/);

    // One start makes the schema; then the copy.
    await (await startTestServer({ databaseUrl }, pgDir)).close();
    const done = copy(db, databaseUrl!);
    assert.equal(done.status, 0, done.stderr);
    assert.match(done.stdout, /copied 3 patients, 6 measurements, 1 pressure_requests, \d+ events, 6 upload_keys/);
    assert.equal(copy(db, databaseUrl!).status, 1, 'a second copy into the same database is refused');

    const pg = await startTestServer({ databaseUrl }, pgDir, 'postgres');
    try {
      assert.equal((await request(pg.url, 'GET', '/get_all_patients')).text, before, 'the same list, byte for byte');
      assert.equal((await request(pg.url, 'GET', '/CPAP_query/11')).status, 200);
      assert.match((await request(pg.url, 'GET', '/CPAP_query/11')).text, /12/);
      // An upload retried with a key the SQLite server had seen is still a replay.
      const retried = await addPatient(pg.url, upload({ room_number: 10, patient_mrn: 100, patient_name: 'Room 10', CPAP_pressure: 5 }), { 'Idempotency-Key': 'k0' });
      assert.equal(retried.status, 200);
      assert.equal((await request(pg.url, 'GET', '/get_all_patients')).text, before, 'the retry stored nothing');
      // A client resumes with the id it had on SQLite: it gets the new write only, with a later id.
      const resumed = new SseClient(pg.url, '/events', { 'Last-Event-ID': String(lastId) });
      await resumed.until(() => resumed.lastId !== null, 'the resumed stream');
      assert.equal((await request(pg.url, 'GET', '/new_cpap_pressure/12/9')).status, 200);
      await resumed.until(() => resumed.events.length === 1, 'the new event');
      assert.equal(resumed.events[0]!.event, 'pressure');
      assert.ok(Number(resumed.events[0]!.id) > lastId, 'ids continue after the copied ones');
      resumed.close();
    } finally {
      await pg.stop();
      fs.rmSync(sqliteDir, { recursive: true, force: true });
    }
  });
});
