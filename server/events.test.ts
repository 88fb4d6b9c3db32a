// GET /events: pressure and measurement announcements, room filter, Last-Event-ID resume (also
// across a restart, since ids come from the database), and shutdown ending the streams.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SseClient } from '../test/support/sse.ts';
import { addPatient, request, startTestServer, tempDir, upload, type TestServer } from './test-support.ts';

describe('GET /events', () => {
  let server: TestServer;
  const clients: SseClient[] = [];
  const open = (path: string, headers?: Record<string, string>) => {
    const c = new SseClient(server.url, path, headers);
    clients.push(c);
    return c;
  };

  before(async () => {
    server = await startTestServer({ heartbeatSeconds: 0.2 });
  });
  after(async () => {
    for (const c of clients) c.close();
    await server.stop();
  });

  it('announces measurements and pressure requests, with heartbeats', async () => {
    const c = open('/events');
    await c.until(() => c.lastId !== null, 'the initial id');
    assert.equal(c.status, 200);
    assert.match(String(c.headers['content-type']), /^text\/event-stream/);
    assert.equal(c.headers['x-content-type-options'], 'nosniff');
    await addPatient(server.url, upload({ room_number: 20, patient_mrn: 200 }));
    await request(server.url, 'GET', '/new_cpap_pressure/20/11');
    await c.until(() => c.events.some((e) => e.event === 'pressure'), 'a pressure event');
    const m = c.events.find((e) => e.event === 'measurement')!;
    const md = JSON.parse(m.data) as Record<string, unknown>;
    assert.equal(md.room_number, 20);
    assert.equal(md.patient_mrn, 200);
    assert.equal(md.CPAP_pressure, 10);
    assert.equal(md.index, 0);
    assert.ok(!('flow_image' in md), 'no image inline');
    assert.match(String(md.flow_image_url), /^\/patients\/20\/images\/0\?v=/);
    const p = c.events.find((e) => e.event === 'pressure')!;
    assert.deepEqual(JSON.parse(p.data), { room_number: 20, CPAP_pressure: 11, id: Number(p.id) });
    const ids = c.events.map((e) => Number(e.id));
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'ids increase');
    await c.until(() => c.comments > 0, 'a heartbeat');
  });

  it('filters by ?room=', async () => {
    const c = open('/events?room=21');
    await c.until(() => c.lastId !== null, 'the initial id');
    await request(server.url, 'GET', '/new_cpap_pressure/22/8');
    await request(server.url, 'GET', '/new_cpap_pressure/21/9');
    await c.until(() => c.events.length > 0, 'an event');
    assert.deepEqual(
      c.events.map((e) => JSON.parse(e.data).room_number as number),
      [21],
    );
    assert.equal((await request(server.url, 'GET', '/events?room=abc')).status, 400);
  });

  it('resumes after Last-Event-ID with exactly the missed events', async () => {
    const first = open('/events');
    await first.until(() => first.lastId !== null, 'the initial id');
    const resumeFrom = first.lastId!;
    first.close();
    await request(server.url, 'GET', '/new_cpap_pressure/20/13');
    await request(server.url, 'GET', '/new_cpap_pressure/20/14');
    const again = open('/events', { 'Last-Event-ID': resumeFrom });
    await again.until(() => again.events.length >= 2, 'the replay');
    assert.deepEqual(
      again.events.map((e) => JSON.parse(e.data).CPAP_pressure as number),
      [13, 14],
    );
    await request(server.url, 'GET', '/new_cpap_pressure/20/15');
    await again.until(() => again.events.length >= 3, 'the live event after the replay');
    assert.equal(JSON.parse(again.events[2]!.data).CPAP_pressure, 15);
  });
});

describe('GET /events switched off', () => {
  it('answers 404 like the old server', async () => {
    const server = await startTestServer({ events: false });
    try {
      assert.equal((await request(server.url, 'GET', '/events')).status, 404);
    } finally {
      await server.stop();
    }
  });
});

describe('GET /events after the log was pruned', () => {
  it('sends reset instead of a partial replay', async () => {
    const server = await startTestServer();
    try {
      for (let v = 4; v < 10; v++) await request(server.url, 'GET', `/new_cpap_pressure/1/${v}`);
      await server.patientApp.store.pruneEvents(2);
      const c = new SseClient(server.url, '/events', { 'Last-Event-ID': '1' });
      await c.until(() => c.events.length > 0, 'the reset');
      assert.deepEqual(c.events.map((e) => e.event), ['reset']);
      c.close();
      const ok = new SseClient(server.url, '/events', { 'Last-Event-ID': '4' });
      await ok.until(() => ok.events.length === 2, 'the replay of the kept events');
      assert.deepEqual(ok.events.map((e) => JSON.parse(e.data).CPAP_pressure as number), [8, 9]);
      ok.close();
    } finally {
      await server.stop();
    }
  });
});

describe('GET /events with an id this database never gave out', () => {
  it('sends reset and then the live events (a restored backup must not silence the stream)', async () => {
    const server = await startTestServer();
    try {
      await request(server.url, 'GET', '/new_cpap_pressure/1/5');
      const c = new SseClient(server.url, '/events', { 'Last-Event-ID': '1000000' });
      await c.until(() => c.events.length > 0, 'the reset');
      assert.deepEqual(c.events.map((e) => e.event), ['reset']);
      await request(server.url, 'GET', '/new_cpap_pressure/1/6');
      await c.until(() => c.events.length === 2, 'the live event');
      assert.equal(JSON.parse(c.events[1]!.data).CPAP_pressure, 6);
      assert.ok(Number(c.lastId) < 1000000);
      c.close();
    } finally {
      await server.stop();
    }
  });
});

describe('GET /events across a restart', () => {
  it('resumes from ids stored in the database, and shutdown ends open streams', async () => {
    const dir = tempDir();
    let server = await startTestServer({}, dir);
    await addPatient(server.url, upload({ room_number: 30, patient_mrn: 300 }));
    const c = new SseClient(server.url, '/events');
    await c.until(() => c.lastId !== null, 'the initial id');
    await request(server.url, 'GET', '/new_cpap_pressure/30/10');
    await c.until(() => c.events.length === 1, 'the event');
    const lastSeen = c.lastId!;
    await server.close();
    await c.until(() => c.ended, 'the stream to end on shutdown');

    server = await startTestServer({}, dir);
    try {
      await request(server.url, 'GET', '/new_cpap_pressure/30/20');
      const r = new SseClient(server.url, '/events', { 'Last-Event-ID': lastSeen });
      await r.until(() => r.events.length === 1, 'the replay after restart');
      assert.equal(JSON.parse(r.events[0]!.data).CPAP_pressure, 20);
      assert.ok(Number(r.events[0]!.id) > Number(lastSeen));
      r.close();
    } finally {
      await server.stop();
    }
  });
});
