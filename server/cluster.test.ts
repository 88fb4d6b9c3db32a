// Several instances behind nginx on one PostgreSQL (issue 12): real nginx, real PostgreSQL and real
// server processes (server/main.ts through tsx), started by deploy/cluster.js as the example runs them.
// Writes through one instance reach the lists, pressure queries and event streams of the other;
// large uploads and lists pass nginx whole; Last-Event-ID resumes on either; a cut LISTEN connection is
// re-made without losing events; an instance killed with SIGKILL in the middle of 200 concurrent
// uploads loses and doubles none of those answered 200.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { startCluster, type Cluster, type Instance } from '../deploy/cluster.js';
import { testDatabase } from '../test/support/postgres.ts';
import { SseClient } from '../test/support/sse.ts';
import { addPatient, jpegBase64, request, tempDir, upload, type Reply } from './test-support.ts';

const upstreamOf = (r: { headers: Record<string, unknown> }) => String(r.headers['x-upstream']);

describe('two instances behind nginx on one PostgreSQL', { timeout: 180_000 }, () => {
  let dir: string;
  let cluster: Cluster;
  let db: pg.Client;
  const clients: SseClient[] = [];
  const sse = (base: string, path = '/events', headers: Record<string, string> = {}) => {
    const c = new SseClient(base, path, headers);
    clients.push(c);
    return c;
  };
  /** The instance whose address nginx put in X-Upstream. */
  const instanceAt = (upstream: string): Instance => {
    const found = cluster.instances.find((s) => upstream === `127.0.0.1:${s.port}`);
    assert.ok(found, `X-Upstream ${upstream} names no instance`);
    return found;
  };

  before(async () => {
    dir = tempDir();
    // nginx's workers (as root: user nobody) write large upload bodies under the cluster folder.
    fs.chmodSync(dir, 0o755);
    // The test cluster's PostgreSQL (or DATABASE_URL_TEST / PGHOST on CI), a database of our own.
    const databaseUrl = await testDatabase(dir);
    cluster = await startCluster({ dir: `${dir}/cluster`, instances: 2, databaseUrl, fromSource: true, env: { RATE_LIMIT_RPS: '0' } });
    db = new pg.Client(databaseUrl);
    await db.connect();
  });
  after(async () => {
    for (const c of clients) c.close();
    await db?.end();
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an upload through one instance is in the list and on the event stream of the other', async () => {
    const [a, b] = cluster.instances as [Instance, Instance];
    const onA = sse(a.url);
    const viaNginx = sse(cluster.url);
    await onA.until(() => onA.lastId !== null, 'the stream on instance 1');
    await viaNginx.until(() => viaNginx.lastId !== null, 'the stream through nginx');
    const streamInstance = instanceAt(String(viaNginx.headers['x-upstream']));

    // Through nginx until it picks the instance the nginx stream is not on (least_conn: the next one).
    let reply: Reply | null = null;
    for (let i = 0; i < 6 && (reply === null || instanceAt(upstreamOf(reply)) === streamInstance); i++) {
      reply = await addPatient(cluster.url, upload({ room_number: 500 + i, patient_mrn: 5000 + i, patient_name: `Via nginx ${i}` }));
      assert.equal(reply.status, 200, reply.text);
    }
    const writer = instanceAt(upstreamOf(reply!));
    assert.notEqual(writer, streamInstance, 'nginx sent an upload to the other instance');

    // Straight through instance 2 too, seen on instance 1's stream and list.
    const direct = await addPatient(b.url, upload({ room_number: 600, patient_mrn: 6000, patient_name: 'Through instance 2' }));
    assert.equal(direct.status, 200, direct.text);
    const listA = (await request(a.url, 'GET', '/get_all_patients')).json() as { room_number: number; patient_name: string }[];
    assert.ok(listA.some((p) => p.room_number === 600 && p.patient_name === 'Through instance 2'), 'instance 1 lists the upload made through instance 2');
    // A pressure request made through instance 1 is what instance 2 answers to the room's CPAP.
    assert.equal((await request(a.url, 'POST', '/new_cpap_pressure', { json: { room_number: 600, CPAP_pressure: 13 } })).status, 200);
    assert.equal((await request(b.url, 'GET', '/CPAP_query/600')).json(), 13);
    const isMeasurement = (c: SseClient, r: number) => c.events.some((e) => e.event === 'measurement' && JSON.parse(e.data).room_number === r);
    await onA.until(() => isMeasurement(onA, 600), 'instance 2\'s upload on instance 1\'s stream', 5000);

    // Every upload made through nginx: on the stream nginx opened on the other instance, and listed there.
    const made = (await db.query<{ room_number: number }>('SELECT room_number FROM patients WHERE room_number BETWEEN 500 AND 599')).rows.map((r) => r.room_number);
    assert.ok(made.length >= 1);
    for (const r of made) await viaNginx.until(() => isMeasurement(viaNginx, r), `room ${r} on the nginx stream`, 5000);
    const listOther = (await request(streamInstance.url, 'GET', '/get_all_patients')).json() as { room_number: number }[];
    for (const r of made) assert.ok(listOther.some((p) => p.room_number === r), `room ${r} listed on ${streamInstance.name}`);
    assert.notEqual(writer.url, streamInstance.url);
  });

  it('a 2 MB upload goes through nginx (its body over the memory buffer, to a temp file) and the list comes back whole', async () => {
    // A valid JPEG of about 2 MB: the small one with comment segments of filler bytes.
    const small = Buffer.from(jpegBase64, 'base64');
    const segments = Array.from({ length: 32 }, (_, i) => {
      const seg = Buffer.alloc(4 + 65_000, 0x20 + i);
      seg[0] = 0xff;
      seg[1] = 0xfe;
      seg.writeUInt16BE(65_002, 2);
      return seg;
    });
    const image = Buffer.concat([small.subarray(0, 2), ...segments, small.subarray(2)]).toString('base64');
    const r = await addPatient(cluster.url, upload({ room_number: 900, patient_mrn: 9000, flow_image: image }));
    assert.equal(r.status, 200, r.text);
    const viaNginx = await request(cluster.url, 'GET', '/get_all_patients');
    const direct = await request(cluster.instances[0]!.url, 'GET', '/get_all_patients');
    assert.equal(viaNginx.status, 200);
    assert.ok(viaNginx.body.length > 2_000_000, `the list carries the image (${viaNginx.body.length} bytes)`);
    assert.ok(viaNginx.body.equals(direct.body), 'nginx passes the list byte for byte');
  });

  it('a client that reconnects to the other instance with Last-Event-ID misses nothing', async () => {
    const [a, b] = cluster.instances as [Instance, Instance];
    // The reference: a client that stays connected to instance 2 the whole time.
    const steady = sse(b.url);
    const first = sse(a.url);
    await steady.until(() => steady.lastId !== null, 'the steady stream');
    await first.until(() => first.lastId !== null, 'the first stream');
    const startId = Number(steady.lastId);

    // Writes through both instances (and nginx) while the client moves: before, during, after.
    let writing = true;
    let n = 0;
    const writes = (async () => {
      while (writing) {
        const base = [a.url, b.url, cluster.url][n % 3]!;
        const r = n % 2 ? await request(base, 'POST', '/new_cpap_pressure', { json: { room_number: 700 + (n % 5), CPAP_pressure: 4 + (n % 16) } }) : await addPatient(base, upload({ room_number: 700 + (n % 5), patient_mrn: 7000 + (n % 5) }));
        assert.equal(r.status, 200, r.text);
        n++;
      }
    })();
    await first.until(() => first.events.length >= 5, 'events before the move', 10_000);
    first.close();
    const resumeFrom = first.lastId!;
    const seenBefore = first.events.filter((e) => Number(e.id) > startId);
    await new Promise((r) => setTimeout(r, 150));
    const moved = sse(b.url, '/events', { 'Last-Event-ID': resumeFrom });
    await moved.until(() => moved.events.length >= 5, 'events after the move', 10_000);
    writing = false;
    await writes;
    const lastWritten = Number((await db.query<{ id: number }>('SELECT max(id)::int AS id FROM events')).rows[0]!.id);
    await steady.until(() => Number(steady.lastId) >= lastWritten, 'the steady stream to catch up', 10_000);
    await moved.until(() => Number(moved.lastId) >= lastWritten, 'the moved stream to catch up', 10_000);

    const ids = (events: { id: string | null }[]) => events.map((e) => Number(e.id));
    const reference = ids(steady.events.filter((e) => Number(e.id) > startId));
    const resumed = [...ids(seenBefore), ...ids(moved.events)];
    assert.ok(n >= 6, `writes happened during the move (${n})`);
    assert.deepEqual(resumed, reference, 'the client that moved saw exactly the events of the one that stayed, in order');
    const inDb = (await db.query<{ id: number }>('SELECT id::int FROM events WHERE id > $1 ORDER BY id', [startId])).rows.map((r) => r.id);
    assert.deepEqual(reference, inDb, 'and those are every event committed since');
  });

  it('an instance whose LISTEN connection is cut listens again and delivers what was written meanwhile', async () => {
    const [a, b] = cluster.instances as [Instance, Instance];
    const onA = sse(a.url);
    await onA.until(() => onA.lastId !== null, 'the stream on instance 1');
    const listeners = async () =>
      (await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'patient-server events' AND datname = current_database()")).rows;
    assert.equal((await listeners()).length, 2, 'one LISTEN connection per instance');
    await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', ['patient-server events']);
    // Written while instance 1 is not listening: its notice is lost, the reconnect must catch it up.
    const r = await request(b.url, 'POST', '/new_cpap_pressure', { json: { room_number: 950, CPAP_pressure: 7 } });
    assert.equal(r.status, 200, r.text);
    // Well before the 15 s heartbeat's own catch-up read.
    await onA.until(() => onA.events.some((e) => e.event === 'pressure' && JSON.parse(e.data).room_number === 950), 'the write on instance 1 after its reconnect', 5000);
    const deadline = Date.now() + 5000;
    while ((await listeners()).length < 2 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    assert.equal((await listeners()).length, 2, 'both instances listen again');
  });

  it('an instance killed with SIGKILL during 200 concurrent uploads: every upload answered 200 is stored once', async (t) => {
    const [a] = cluster.instances as [Instance, Instance];
    const total = 200;
    let answered = 0;
    let retries = 0;
    let killed = false;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    /** A client as the dashboard's outbox is: the same Idempotency-Key on every try, retried on 502/503 and network errors. */
    const send = async (i: number): Promise<number> => {
      const body = upload({ room_number: 2000 + i, patient_mrn: 20000 + i, patient_name: `Upload ${i}` });
      for (let attempt = 0; attempt < 20; attempt++) {
        let status: number;
        try {
          status = (await addPatient(cluster.url, body, { 'Idempotency-Key': `kill-test-${i}` })).status;
        } catch {
          status = 0;
        }
        if (status === 200) {
          if (++answered === 40 && !killed) {
            killed = true;
            a.kill();
          }
          return status;
        }
        if (status !== 0 && status !== 502 && status !== 503 && status !== 504) return status;
        retries++;
        await sleep(100 + attempt * 100);
      }
      return -1;
    };
    const statuses = await Promise.all(Array.from({ length: total }, (_, i) => send(i)));
    assert.ok(killed, 'instance 1 was killed during the run');
    await new Promise<void>((resolve) => (a.proc.exitCode !== null || a.proc.signalCode ? resolve() : a.proc.once('exit', () => resolve())));
    assert.equal(a.proc.signalCode, 'SIGKILL');
    assert.ok(answered < total || retries > 0, 'the kill fell in the middle of the uploads');
    const ok = statuses.flatMap((s, i) => (s === 200 ? [2000 + i] : []));
    t.diagnostic(`${ok.length} of ${total} answered 200, ${retries} retries after the kill`);
    assert.ok(ok.length >= total - 5, `most uploads succeeded after retries (${ok.length} of ${total}; statuses ${[...new Set(statuses)].join(',')})`);

    const counts = new Map(
      (await db.query<{ room_number: number; n: number }>('SELECT room_number, count(*)::int AS n FROM measurements WHERE room_number BETWEEN 2000 AND 2199 GROUP BY room_number')).rows.map((r) => [r.room_number, r.n]),
    );
    for (const room of ok) assert.equal(counts.get(room), 1, `room ${room} (answered 200) stored exactly once`);
    for (const [room, n] of counts) assert.ok(n <= 1, `room ${room} stored ${n} times`);
    // The survivor serves the whole list through nginx.
    const list = await request(cluster.url, 'GET', '/get_all_patients');
    assert.equal(list.status, 200);
    const listed = new Set((list.json() as { room_number: number }[]).map((p) => p.room_number));
    for (const room of ok) assert.ok(listed.has(room), `room ${room} listed after the kill`);
  });
});
