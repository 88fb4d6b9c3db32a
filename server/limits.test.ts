// Limits for every field (issue 11, item 1): name length and characters, plausible measured values,
// events that carry ids and small fields only, and JSON refused before parsing when nested too deep.
// Each refusal names the field and the range, and normal use next to it still works.
import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import {
  APNEA_COUNT_RANGE,
  BREATH_RATE_RANGE,
  JSON_MAX_DEPTH,
  MESSAGES,
  MRN_RANGE,
  NAME_MAX_LENGTH,
  ROOM_RANGE,
} from '../src/patient-api/contract.ts';
import { openDatabase } from './storage/sqlite-schema.ts';
import { jsonDepthExceeds } from './validate.ts';
import { addPatient, request, startTestServer, tempDir, upload, type TestServer } from './test-support.ts';

let server: TestServer;
before(async () => (server = await startTestServer({ rateLimitRps: 0 })));
after(() => server.stop());

const postRaw = (body: string) => request(server.url, 'POST', '/add_patient', { body, headers: { 'Content-Type': 'application/json' } });

async function refused(body: unknown, message: string, status = 400): Promise<void> {
  const r = await addPatient(server.url, body);
  assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 120)}: ${r.text.slice(0, 200)}`);
  assert.equal(r.json(), message);
}

async function stored(body: unknown): Promise<void> {
  const r = await addPatient(server.url, body);
  assert.equal(r.status, 200, `${JSON.stringify(body).slice(0, 120)}: ${r.text.slice(0, 200)}`);
}

/** `GET /events` with `Last-Event-ID`: the frames up to the id-only frame that closes the replay. */
function replay(lastEventId: number): Promise<{ status: number; frames: { id: number; event: string; data: string }[]; ms: number }> {
  const started = performance.now();
  const u = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: u.hostname, port: u.port, path: '/events', headers: { 'Last-Event-ID': String(lastEventId) }, agent: false },
      (res) => {
        res.setEncoding('utf8');
        let text = '';
        res.on('data', (chunk: string) => {
          text += chunk;
          // The replay ends with an id-only frame.
          const blocks = text.split('\n\n');
          if (!blocks.slice(0, -1).some((b) => /^id: \d+$/.test(b))) return;
          req.destroy();
          const frames = blocks
            .filter((b) => b.includes('\ndata: '))
            .map((b) => {
              const field = (name: string) => b.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? '';
              return { id: Number(field('id')), event: field('event'), data: field('data') };
            });
          resolve({ status: res.statusCode ?? 0, frames, ms: performance.now() - started });
        });
        res.on('end', () => reject(new Error(`the stream ended before the replay did: ${text.slice(0, 200)}`)));
      },
    );
    req.on('error', (e) => (req.destroyed ? undefined : reject(e)));
    req.setTimeout(10_000, () => req.destroy(new Error('replay timed out')));
  });
}

describe('limits for every field', () => {
  it('patient_name: at most the limit, no control characters, no lone surrogates', async () => {
    await stored(upload({ room_number: 1, patient_mrn: 1, patient_name: 'n'.repeat(NAME_MAX_LENGTH) }));
    // Characters outside the BMP count once each.
    await stored(upload({ room_number: 1, patient_mrn: 1, patient_name: '😀'.repeat(NAME_MAX_LENGTH) }));
    await stored(upload({ room_number: 1, patient_mrn: 1, patient_name: 'Zoë Ødegård-Nguyễn 李' }));
    await refused(upload({ patient_name: 'n'.repeat(NAME_MAX_LENGTH + 1) }), MESSAGES.nameTooLong);
    await refused(upload({ patient_name: '😀'.repeat(NAME_MAX_LENGTH + 1) }), MESSAGES.nameTooLong);
    assert.equal(MESSAGES.nameTooLong, `Key patient_name must be at most ${NAME_MAX_LENGTH} characters`);
    for (const bad of ['Ann\u0000Example', 'Ann\nExample', 'tab\there', 'del\u007f', 'c1\u0085', 'lone \ud800 high', 'lone \udc00 low', '\udc00\ud800']) {
      await refused(upload({ patient_name: bad }), MESSAGES.nameCharacters);
    }
    assert.match(MESSAGES.nameCharacters, /^Key patient_name /);
    // The lone surrogate escaped in the JSON text itself, as a careless client sends it.
    const r = await postRaw(JSON.stringify(upload()).replace('"Ann Example"', '"Ann \\ud83d Example"'));
    assert.equal(r.status, 400);
    assert.equal(r.json(), MESSAGES.nameCharacters);
    const p = (await request(server.url, 'GET', '/patients/1?fields=patient_name')).json() as { patient_name: string };
    assert.equal(p.patient_name, 'Zoë Ødegård-Nguyễn 李');
  });

  it('measured values and ids within plausible ranges, each refusal naming the field and the range', async () => {
    await stored(upload({ room_number: ROOM_RANGE.max, patient_mrn: MRN_RANGE.max, breath_rate: BREATH_RATE_RANGE.max, apnea_count: APNEA_COUNT_RANGE.max }));
    await stored(upload({ room_number: 2, patient_mrn: 2, breath_rate: 0, apnea_count: 0 }));
    const cases: [Record<string, unknown>, string][] = [
      [{ patient_mrn: MRN_RANGE.max + 1 }, `Key patient_mrn must be an integer from 0 to ${MRN_RANGE.max}`],
      [{ patient_mrn: '9007199254740991' }, `Key patient_mrn must be an integer from 0 to ${MRN_RANGE.max}`],
      [{ room_number: ROOM_RANGE.max + 1 }, `Key room_number must be an integer from 0 to ${ROOM_RANGE.max}`],
      [{ breath_rate: 120.5 }, `Key breath_rate must be a number from 0 to ${BREATH_RATE_RANGE.max} breaths/min`],
      [{ breath_rate: 1e308 }, `Key breath_rate must be a number from 0 to ${BREATH_RATE_RANGE.max} breaths/min`],
      [{ breath_rate: '500' }, `Key breath_rate must be a number from 0 to ${BREATH_RATE_RANGE.max} breaths/min`],
      [{ apnea_count: APNEA_COUNT_RANGE.max + 1 }, `Key apnea_count must be an integer from 0 to ${APNEA_COUNT_RANGE.max}`],
      [{ CPAP_pressure: 9007199254740991 }, MESSAGES.pressureRange],
    ];
    for (const [change, message] of cases) await refused(upload({ room_number: 3, patient_mrn: 3, ...change } as never), message);
    assert.equal((await request(server.url, 'GET', '/patients/3')).status, 404, 'nothing stored');
    // The pressure routes hold rooms to the same range.
    const asked = await request(server.url, 'GET', `/new_cpap_pressure/${ROOM_RANGE.max + 1}/10`);
    assert.equal(asked.status, 400);
    assert.equal(asked.json(), MESSAGES.outOfRange('room_number', ROOM_RANGE));
    assert.equal((await request(server.url, 'GET', '/new_cpap_pressure/2/10')).status, 200);
  });

  it('events carry ids and small fields, never the name', async () => {
    const before = (await replay(0)).frames.at(-1)?.id ?? 0;
    await stored(upload({ room_number: 4, patient_mrn: 4, patient_name: 'N'.repeat(NAME_MAX_LENGTH) }));
    await stored(upload({ room_number: 4, patient_mrn: 4, patient_name: 'Renamed' }));
    const { frames } = await replay(before);
    assert.deepEqual(frames.map((f) => f.event), ['patient', 'measurement', 'patient', 'measurement']);
    for (const f of frames) {
      const data = JSON.parse(f.data) as Record<string, unknown>;
      assert.ok(!('patient_name' in data), f.data);
      assert.equal(data.room_number, 4);
      assert.equal(data.id, f.id);
      assert.ok(f.data.length < 300, `${f.data.length} characters: ${f.data}`);
    }
    assert.equal((JSON.parse(frames[2]!.data) as { change: string }).change, 'renamed');
  });

  it('an older database loses the names its events copied, on opening', () => {
    const dir = tempDir();
    const file = `${dir}/old.db`;
    try {
      let db = openDatabase(file);
      const insert = db.prepare('INSERT INTO events (type, room_number, data, created_at) VALUES (?, 1, ?, ?)');
      insert.run('measurement', JSON.stringify({ room_number: 1, patient_mrn: 1, patient_name: 'x'.repeat(5000), index: 0, id: 1 }), '');
      insert.run('pressure', JSON.stringify({ room_number: 1, CPAP_pressure: 9, id: 2 }), '');
      db.pragma('user_version = 2'); // as the previous version left it
      db.close();
      db = openDatabase(file);
      const rows = db.prepare('SELECT data FROM events ORDER BY id').all() as { data: string }[];
      assert.deepEqual(rows.map((r) => JSON.parse(r.data) as unknown), [
        { room_number: 1, patient_mrn: 1, index: 0, id: 1 },
        { room_number: 1, CPAP_pressure: 9, id: 2 },
      ]);
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('JSON nesting', () => {
  it('counts depth outside strings only', () => {
    const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    assert.equal(jsonDepthExceeds(nested(JSON_MAX_DEPTH), JSON_MAX_DEPTH), false);
    assert.equal(jsonDepthExceeds(nested(JSON_MAX_DEPTH + 1), JSON_MAX_DEPTH), true);
    assert.equal(jsonDepthExceeds(`{"a":"${'['.repeat(100)}"}`, JSON_MAX_DEPTH), false);
    assert.equal(jsonDepthExceeds(`{"a":"x\\"${'{'.repeat(100)}"}`, JSON_MAX_DEPTH), false, 'an escaped quote does not end the string');
    assert.equal(jsonDepthExceeds(`{"a":"x\\\\", "b":${nested(40)}}`, JSON_MAX_DEPTH), true, 'an escaped backslash does');
    assert.equal(jsonDepthExceeds('{"a":"unterminated', JSON_MAX_DEPTH), false, 'left to JSON.parse');
  });

  it('refuses deeply nested bodies cheaply, before parsing, and takes nesting within the limit', async () => {
    let r = await postRaw(`{"x":${'['.repeat(JSON_MAX_DEPTH)}${']'.repeat(JSON_MAX_DEPTH)}}`);
    assert.equal(r.status, 400);
    assert.equal(r.json(), MESSAGES.jsonTooDeep);
    r = await postRaw(`${'['.repeat(JSON_MAX_DEPTH)}${']'.repeat(JSON_MAX_DEPTH)}`);
    assert.equal(r.json(), MESSAGES.notDictionary, 'depth 32 is parsed and then validated');
    // 8 MB of nested arrays (4 million deep), eight at once: the old server took 1.26 GB and 8.6 s.
    const deep = '['.repeat(4_000_000) + ']'.repeat(4_000_000);
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 8 }, () => postRaw(deep)));
    const ms = performance.now() - started;
    for (const a of answers) {
      assert.equal(a.status, 400);
      assert.equal(a.json(), MESSAGES.jsonTooDeep);
    }
    console.log(`8 bodies of 8 MB nested 4 million deep refused in ${ms.toFixed(0)} ms`);
    assert.ok(ms < 3000, `${ms} ms`);
    await stored(upload({ room_number: 5, patient_mrn: 5 }));
  });
});

describe('one long name no longer amplifies later writes', () => {
  it('an 8 MiB name attempt, then 20 small uploads: the database grows by less than 100 KB and Last-Event-ID: 0 replays everything', async () => {
    const dbPath = `${server.dir}/patients.db`;
    const inspector = new Database(dbPath);
    const size = () => {
      // Everything committed into the main file, so its size is the database's size.
      inspector.pragma('wal_checkpoint(TRUNCATE)');
      return fs.statSync(dbPath).size;
    };
    try {
      const room = 777;
      const firstSize = size();
      const mib = 8 * 1024 * 1024;
      // At the body limit: refused as a body; just under it: refused as a name.
      let r = await addPatient(server.url, upload({ room_number: room, patient_mrn: 70, patient_name: 'x'.repeat(mib), flow_image: '' }));
      assert.equal(r.status, 413);
      r = await addPatient(server.url, upload({ room_number: room, patient_mrn: 70, patient_name: 'x'.repeat(mib - 1024), flow_image: '' }));
      assert.equal(r.status, 400);
      assert.equal(r.json(), MESSAGES.nameTooLong);
      const small = { patient_mrn: 70, room_number: room, patient_name: '', CPAP_pressure: 10, breath_rate: 14.5, apnea_count: 1, flow_image: '' };
      assert.ok(JSON.stringify(small).length <= 125);
      for (let i = 0; i < 20; i++) await stored(small);
      const grown = size() - firstSize;
      console.log(`database growth over an 8 MiB name attempt and 20 small uploads: ${grown} bytes`);
      assert.ok(grown < 100 * 1024, `grew by ${grown} bytes`);

      const all = (inspector.prepare('SELECT count(*) AS n, max(id) AS last FROM events').get() as { n: number; last: number });
      const { status, frames, ms } = await replay(0);
      console.log(`Last-Event-ID: 0 replayed ${frames.length} events in ${ms.toFixed(0)} ms`);
      assert.equal(status, 200);
      assert.equal(frames.length, all.n, 'every stored event');
      assert.equal(frames.at(-1)!.id, all.last);
      const mine = frames.filter((f) => (JSON.parse(f.data) as { room_number: number }).room_number === room);
      assert.deepEqual(mine.map((f) => f.event), ['patient', ...Array(20).fill('measurement')]);
      assert.deepEqual(mine.slice(1).map((f) => (JSON.parse(f.data) as { index: number }).index), [...Array(20).keys()]);
    } finally {
      inspector.close();
    }
  });
});
