// The storage layer on PostgreSQL as several instances use it: two stores on one database (two
// servers' pools), migrations raced at start, events committed in id order under concurrent writes,
// idempotency keys raced across instances; streamed and cached lists from two servers on one database;
// retention; the DATABASE_URL setting; readiness when the database goes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { loadConfig } from './config.ts';
import { openPostgres, type PostgresStorage } from './storage/postgres.ts';
import { schemaVersion } from './storage/sqlite-schema.ts';
import type { ValidUpload } from './validate.ts';
import { jpegBase64, request, startTestServer, tempDir } from './test-support.ts';
import { dropTestDatabase, testDatabase } from '../test/support/postgres.ts';

const none = { keep: 0, days: 0 };
const up = (room: number, mrn: number, apnea: number, name = 'Pat'): ValidUpload => ({
  patient_mrn: mrn,
  room_number: room,
  patient_name: name,
  CPAP_pressure: 10,
  breath_rate: 12.5,
  apnea_count: apnea,
  flow_image: '',
  image_type: null,
});

describe('PostgreSQL storage shared by two instances', () => {
  const key = tempDir();
  let url: string;
  let a: PostgresStorage;
  let b: PostgresStorage;
  before(async () => {
    url = await testDatabase(key);
    // Both start at once on an empty database: one migrates, the other waits and finds it done.
    [a, b] = await Promise.all([openPostgres(url, none, 8), openPostgres(url, none, 8)]);
  });
  after(async () => {
    await Promise.all([a.close(), b.close()]);
    await dropTestDatabase(key);
  });

  it('migrates once to the same schema version as SQLite', async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const r = await c.query<{ v: number }>('SELECT version AS v FROM schema_migrations ORDER BY version');
      assert.deepEqual(r.rows.map((x) => x.v), Array.from({ length: schemaVersion }, (_, i) => i + 1));
    } finally {
      await c.end();
    }
    assert.deepEqual(await a.check(), { ok: true });
  });

  it("sees the other instance's writes in lists, list versions and events", async () => {
    const before = await b.listVersion();
    const r = await a.upload(up(1, 100, 0, 'Seen'));
    assert.equal(r.created, true);
    assert.equal((await b.list({ images: false, room: 1 }))[0]?.patient_name, 'Seen');
    const afterUpload = await b.listVersion();
    assert.notEqual(afterUpload, before);
    const events = await b.eventsAfter(r.events[0]!.id - 1, 10);
    assert.deepEqual(events.map((e) => e.id), r.events.map((e) => e.id));
    for (const e of events) assert.equal((JSON.parse(e.data) as { id: number }).id, e.id, 'the payload carries its own id');
    assert.equal(await a.lastEventId(), await b.lastEventId());
    await a.requestPressure(1, 12);
    assert.equal(await b.listVersion(), afterUpload, 'a pressure request changes no list: the cache stays');
  });

  it('first uploads to new rooms racing from both instances make one patient each and keep every measurement', async () => {
    const rooms = [11, 12, 13, 14];
    const results = await Promise.all(
      Array.from({ length: 80 }, (_, i) => (i % 2 ? a : b).upload(up(rooms[i % rooms.length]!, 500 + (i % rooms.length), i))),
    );
    assert.equal(results.filter((r) => r.created).length, rooms.length, 'one "created" per room');
    const listed = await a.list({ images: false });
    for (const [k, room] of rooms.entries()) {
      const rec = listed.find((p) => p.room_number === room)!;
      assert.equal(rec.patient_mrn, 500 + k);
      assert.equal(rec.apnea_count.length, 20);
    }
  });

  it('an Idempotency-Key raced across both instances stores the upload once', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).upload(up(20, 2000, 7), 'same-key')));
    assert.equal(results.filter((r) => !r.replayed).length, 1);
    assert.ok(results.every((r) => r.created && !r.conflict), 'replays answer as the original did');
    assert.equal((await b.list({ images: false, room: 20 }))[0]!.apnea_count.length, 1);
    const other = await a.upload(up(20, 2000, 8), 'same-key');
    assert.equal(other.conflict, true);
  });

  it('a reader following eventsAfter during concurrent writes on both instances misses no id', async () => {
    const start = await a.lastEventId();
    const seen: number[] = [];
    let cursor = start;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        for (const e of await b.eventsAfter(cursor, 1000)) {
          seen.push(e.id);
          cursor = e.id;
        }
      }
    })();
    await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        i % 3 === 0 ? a.requestPressure(30 + (i % 5), 4 + (i % 20)) : (i % 2 ? a : b).upload(up(30 + (i % 5), 3000 + (i % 5), i)),
      ),
    );
    writing = false;
    await reader;
    for (const e of await b.eventsAfter(cursor, 1000)) seen.push(e.id);
    const all = (await a.eventsAfter(start, 10_000)).map((e) => e.id);
    assert.ok(all.length >= 120);
    assert.deepEqual(seen, all, 'the follower saw every committed id, in order');
  });

  it('refuses a database whose schema is newer than this server', async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query('INSERT INTO schema_migrations (version) VALUES (99)');
      await assert.rejects(openPostgres(url, none, 1), /schema \d+ is newer than this server/);
      assert.match(((await a.check()) as { problem: string }).problem, /schema \d+, expected/);
    } finally {
      await c.query('DELETE FROM schema_migrations WHERE version = 99');
      await c.end();
    }
  });
});

describe('PostgreSQL lists and retention', () => {
  it('a streamed list (no cache) and a cached one from two servers on one database are the same bytes', async () => {
    const dir = tempDir();
    const cached = await startTestServer({}, dir, 'postgres');
    // A second instance on the same database that never caches: every list is streamed from a snapshot.
    const second = await startTestServer({ listCacheBytes: 0, databaseUrl: await testDatabase(dir) }, tempDir());
    try {
      for (let i = 0; i < 6; i++) {
        await request(i % 2 ? cached.url : second.url, 'POST', '/add_patient', {
          json: { patient_mrn: 40 + (i % 3), room_number: 40 + (i % 3), patient_name: `N"${i}\\`, CPAP_pressure: 5 + i, breath_rate: 12, apnea_count: i, flow_image: jpegBase64 },
        });
      }
      const a = await request(cached.url, 'GET', '/get_all_patients');
      const b = await request(second.url, 'GET', '/get_all_patients');
      assert.equal(a.status, 200);
      assert.equal(b.text, a.text);
      const rows = a.json() as { flow_image: string[]; patient_name: string }[];
      assert.equal(rows.length, 3);
      assert.ok(rows.every((r) => r.flow_image.length === 2 && r.flow_image.every((f) => f === jpegBase64)));
      const picked = await request(second.url, 'GET', '/patients?fields=room_number,flow_image&mrn=41');
      assert.deepEqual(picked.json(), [{ room_number: 41, flow_image: [jpegBase64, jpegBase64] }]);
    } finally {
      await second.stop();
      await cached.stop();
    }
  });

  it('keeps the newest N per room on upload and drops measurements older than D days', async () => {
    const key = tempDir();
    const url = await testDatabase(key);
    const s = await openPostgres(url, { keep: 3, days: 2 }, 2);
    try {
      let last;
      for (let i = 0; i < 5; i++) last = await s.upload(up(1, 1, i));
      const rec = (await s.list({ images: false, room: 1 }))[0]!;
      assert.deepEqual(rec.apnea_count, [2, 3, 4]);
      assert.equal((JSON.parse(last!.events.at(-1)!.data) as { index: number }).index, 2, "the event's index after the trim");
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`UPDATE measurements SET timestamp = '2000-01-01 00:00:00' WHERE apnea_count = 2`);
      await c.end();
      assert.equal(await s.pruneMeasurements(), 1);
      assert.deepEqual((await s.list({ images: false, room: 1 }))[0]!.apnea_count, [3, 4]);
    } finally {
      await s.close();
      await dropTestDatabase(key);
    }
  });
});

describe('DATABASE_URL', () => {
  it('chooses PostgreSQL for a postgres:// URL and refuses anything else without echoing a password', () => {
    assert.equal(loadConfig([], {}).databaseUrl, null);
    assert.equal(loadConfig([], { DATABASE_URL: 'postgres://u@db:5432/p' }).databaseUrl, 'postgres://u@db:5432/p');
    assert.equal(loadConfig(['--database-url', 'postgresql://db/p'], { DATABASE_URL: '' }).databaseUrl, 'postgresql://db/p');
    assert.equal(loadConfig([], { DATABASE_URL: '' }).databaseUrl, null);
    assert.throws(() => loadConfig([], { DATABASE_URL: 'mysql://u:hunter2@db/p' }), (e: Error) => /expected a postgres:\/\//.test(e.message) && !e.message.includes('hunter2'));
    assert.throws(() => loadConfig(['--db-pool', '0'], {}), /expected 1 to 1000/);
  });

  it('a server on an unreachable database refuses to start, naming it without the password', async () => {
    const config = { databaseUrl: 'postgres://user:hunter2@127.0.0.1:1/none' };
    await assert.rejects(startTestServer(config), (e: Error) => /database postgres:\/\/user:\*\*\*@127\.0\.0\.1:1\/none/.test(e.message) && !e.message.includes('hunter2'));
  });

  it('/health/ready is 200 on PostgreSQL, and 503 once its database is gone', async () => {
    const server = await startTestServer({}, undefined, 'postgres');
    try {
      assert.equal((await request(server.url, 'GET', '/health/ready')).status, 200);
      await dropTestDatabase(server.dir);
      const r = await request(server.url, 'GET', '/health/ready');
      assert.equal(r.status, 503);
      assert.equal((r.json() as { status: string }).status, 'database unavailable');
    } finally {
      await server.stop();
    }
  });
});
