/**
 * The PostgreSQL backend (`DATABASE_URL=postgres://...`): several server processes share one database.
 * Writes are transactions in READ COMMITTED with advisory locks for what must not interleave:
 * - one upload per room at a time (`pg_advisory_xact_lock(ROOM_LOCK, room)`), so two first uploads
 *   to an empty room cannot both insert its patient;
 * - an Idempotency-Key is inserted first (`ON CONFLICT DO NOTHING`): a retry racing the original waits
 *   for its commit, then finds the key and answers as a replay; stored exactly once;
 * - events are inserted last, under one transaction-wide lock (EVENT_LOCK) held to the commit, so ids
 *   commit in order and `eventsAfter` never skips an id that commits later. The same transaction
 *   `NOTIFY`s EVENTS_CHANNEL with its last id (delivered on commit only).
 * Not applicable here: the `<db>.lock` file (many instances are the point), SQLite's quick_check
 * (`check(true)` runs the same schema and query check as the cheap form) and a second connection for
 * streamed lists (a pooled client holds a REPEATABLE READ snapshot instead).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  SERVER_EVENTS,
  type MeasurementEventData,
  type PatientEventData,
  type PressureEventData,
} from '../../src/patient-api/contract.ts';
import { redactUrl } from '../redact-url.ts';
import type { ValidUpload } from '../validate.ts';
import { estimateListBytes, groupRecords, imageJson, isMeasurementField, listJson, type ListPatientRow, type ListSmallRow } from './list-json.ts';
import { listenForCommits } from './postgres-listen.ts';
import { migratePg, pgMigrations, schemaVersionOf } from './postgres-schema.ts';
import {
  EVENTS_CHANNEL,
  formatTimestamp,
  imageUrl,
  type CheckResult,
  type ImageRow,
  type ListedRecord,
  type ListOptions,
  type PatientField,
  type Retention,
  type Storage,
  type StoredEvent,
  type UploadResult,
} from './types.ts';

const ROOM_LOCK = 7_265_001;
const EVENT_LOCK = 7_265_002;

// int8 (counts, BIGSERIAL ids, MRNs) as numbers: every value here is below 2^53.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const PATIENT = 'SELECT room_number, patient_mrn, patient_name FROM patients';
const SMALL = 'SELECT id, room_number, cpap_pressure, breath_rate, apnea_count, image_etag, timestamp FROM measurements';

type EventType = StoredEvent['type'];

export class PostgresStorage implements Storage {
  readonly backend = 'postgres';
  readonly location: string;

  constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly retention: Retention,
  ) {
    this.location = redactUrl(url);
  }

  private async tx<T>(work: (c: pg.PoolClient) => Promise<T>, isolation = 'READ COMMITTED'): Promise<T> {
    const c = await this.pool.connect();
    let broken = false;
    try {
      await c.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      // A connection that cannot even roll back is dropped, not handed to the next request.
      await c.query('ROLLBACK').catch(() => (broken = true));
      throw e;
    } finally {
      c.release(broken);
    }
  }

  /** Appends events (last in a write: takes the event-order lock held until commit) and notifies. */
  private async addEvents(c: pg.ClientBase, items: { type: EventType; room: number; data: Record<string, unknown> }[]): Promise<StoredEvent[]> {
    if (items.length === 0) return [];
    await c.query('SELECT pg_advisory_xact_lock($1)', [EVENT_LOCK]);
    const now = new Date().toISOString();
    const out: StoredEvent[] = [];
    for (const it of items) {
      // The payload carries its own id last, as SQLite's rows do: appended in the same statement.
      const body = JSON.stringify(it.data);
      const r = await c.query<{ id: number; data: string }>(
        `INSERT INTO events (id, type, room_number, data, created_at)
         SELECT n.id, $1, $2, CASE WHEN $3 = '{}' THEN '{"id":' || n.id || '}' ELSE left($3, -1) || ',"id":' || n.id || '}' END, $4
         FROM (SELECT nextval(pg_get_serial_sequence('events', 'id')) AS id) n RETURNING id, data`,
        [it.type, it.room, body, now],
      );
      out.push({ id: r.rows[0]!.id, type: it.type, room_number: it.room, data: r.rows[0]!.data });
    }
    await c.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, String(out[out.length - 1]!.id)]);
    return out;
  }

  async upload(u: ValidUpload, key?: string): Promise<UploadResult> {
    return this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1, $2)', [ROOM_LOCK, u.room_number]);
      if (key !== undefined) {
        const hash = createHash('sha256').update(JSON.stringify(u)).digest('base64url');
        const put = await c.query(
          `INSERT INTO upload_keys (key, body_hash, created, created_at) VALUES ($1, $2, 0, $3) ON CONFLICT (key) DO NOTHING`,
          [key, hash, new Date().toISOString()],
        );
        if (put.rowCount === 0) {
          const seen = (await c.query<{ body_hash: string; created: number }>('SELECT body_hash, created FROM upload_keys WHERE key = $1', [key])).rows[0]!;
          return { created: seen.created === 1, events: [], replayed: true, conflict: seen.body_hash !== hash };
        }
        const result = await this.uploadIn(c, u);
        if (result.created) await c.query('UPDATE upload_keys SET created = 1 WHERE key = $1', [key]);
        return result;
      }
      return this.uploadIn(c, u);
    });
  }

  private async uploadIn(c: pg.ClientBase, u: ValidUpload): Promise<UploadResult> {
    const pending: { type: EventType; room: number; data: Record<string, unknown> }[] = [];
    const existing = (await c.query<ListPatientRow>(`${PATIENT} WHERE room_number = $1`, [u.room_number])).rows[0];
    const now = new Date();
    if (!existing || existing.patient_mrn !== u.patient_mrn) {
      if (existing) {
        // A new patient took the room: the old record, its measurements and its pressure request go.
        await c.query('DELETE FROM patients WHERE room_number = $1', [u.room_number]);
        await c.query('DELETE FROM pressure_requests WHERE room_number = $1', [u.room_number]);
      }
      await c.query('INSERT INTO patients (room_number, patient_mrn, patient_name, created_at) VALUES ($1, $2, $3, $4)', [
        u.room_number,
        u.patient_mrn,
        u.patient_name,
        now.toISOString(),
      ]);
      const data: Omit<PatientEventData, 'id'> = { room_number: u.room_number, patient_mrn: u.patient_mrn, change: existing ? 'replaced' : 'created' };
      pending.push({ type: SERVER_EVENTS.patient, room: u.room_number, data });
    } else if (u.patient_name !== '' && u.patient_name !== existing.patient_name) {
      await c.query('UPDATE patients SET patient_name = $1 WHERE room_number = $2', [u.patient_name, u.room_number]);
      const data: Omit<PatientEventData, 'id'> = { room_number: u.room_number, patient_mrn: u.patient_mrn, change: 'renamed' };
      pending.push({ type: SERVER_EVENTS.patient, room: u.room_number, data });
    }
    if (u.CPAP_pressure !== null && u.breath_rate !== null) {
      const timestamp = formatTimestamp(now);
      const etag = u.flow_image ? createHash('sha256').update(u.flow_image).digest('base64url').slice(0, 22) : null;
      await c.query(
        `INSERT INTO measurements (room_number, cpap_pressure, breath_rate, apnea_count, flow_image, image_type, image_etag, timestamp)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [u.room_number, u.CPAP_pressure, u.breath_rate, u.apnea_count, u.flow_image, u.image_type, etag, timestamp],
      );
      // Retention: the room's oldest measurements go before the new one gets its index.
      if (this.retention.keep > 0) {
        await c.query(
          `DELETE FROM measurements WHERE room_number = $1 AND id <= (
             SELECT id FROM measurements WHERE room_number = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)`,
          [u.room_number, this.retention.keep],
        );
      }
      if (this.retention.days > 0) await c.query('DELETE FROM measurements WHERE room_number = $1 AND timestamp < $2', [u.room_number, this.cutoff(now)]);
      const index = (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM measurements WHERE room_number = $1', [u.room_number])).rows[0]!.n - 1;
      const data: Omit<MeasurementEventData, 'id'> = {
        room_number: u.room_number,
        patient_mrn: u.patient_mrn,
        index,
        CPAP_pressure: u.CPAP_pressure,
        breath_rate: u.breath_rate,
        apnea_count: u.apnea_count,
        timestamp,
        flow_image_url: etag ? imageUrl(u.room_number, index, etag) : null,
      };
      pending.push({ type: SERVER_EVENTS.measurement, room: u.room_number, data });
    }
    return { created: !existing, events: await this.addEvents(c, pending) };
  }

  private cutoff(now: Date): string {
    return formatTimestamp(new Date(now.getTime() - this.retention.days * 86_400_000));
  }

  async requestPressure(room: number, value: number): Promise<StoredEvent> {
    return this.tx(async (c) => {
      await c.query(
        `INSERT INTO pressure_requests (room_number, cpap_pressure, requested_at) VALUES ($1, $2, $3)
         ON CONFLICT (room_number) DO UPDATE SET cpap_pressure = excluded.cpap_pressure, requested_at = excluded.requested_at`,
        [room, value, formatTimestamp(new Date())],
      );
      const data: Omit<PressureEventData, 'id'> = { room_number: room, CPAP_pressure: value };
      return (await this.addEvents(c, [{ type: SERVER_EVENTS.pressure, room, data }]))[0]!;
    });
  }

  async hasPatient(room: number): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM patients WHERE room_number = $1', [room])).rowCount! > 0;
  }

  async pendingPressure(room: number): Promise<number | null> {
    const r = await this.pool.query<{ cpap_pressure: number }>('SELECT cpap_pressure FROM pressure_requests WHERE room_number = $1', [room]);
    return r.rows[0]?.cpap_pressure ?? null;
  }

  async list(options: ListOptions): Promise<ListedRecord[]> {
    const wanted = options.measurements ?? true;
    const image = options.images ? 'flow_image' : `'' AS flow_image`;
    // One snapshot for both queries: a write between them cannot leave a record half-listed.
    return this.tx(async (c) => {
      let patients: ListPatientRow[];
      let measurements: (ListSmallRow & { room_number: number; flow_image: string })[] = [];
      if (options.room !== undefined) {
        patients = (await c.query<ListPatientRow>(`${PATIENT} WHERE room_number = $1`, [options.room])).rows;
        if (patients.length && wanted) measurements = (await c.query(`${SMALL.replace('FROM', `, ${image} FROM`)} WHERE room_number = $1 ORDER BY id`, [options.room])).rows;
      } else {
        patients =
          options.mrn !== undefined
            ? (await c.query<ListPatientRow>(`${PATIENT} WHERE patient_mrn = $1 ORDER BY room_number`, [options.mrn])).rows
            : (await c.query<ListPatientRow>(`${PATIENT} ORDER BY room_number`)).rows;
        if (patients.length && wanted) measurements = (await c.query(`${SMALL.replace('FROM', `, ${image} FROM`)} ORDER BY room_number, id`)).rows;
      }
      return groupRecords(patients, measurements);
    }, 'REPEATABLE READ READ ONLY');
  }

  async image(room: number, index: number): Promise<ImageRow | null> {
    const r = await this.pool.query<ImageRow>(
      'SELECT flow_image, image_type, image_etag FROM measurements WHERE room_number = $1 ORDER BY id LIMIT 1 OFFSET $2',
      [room, index],
    );
    const row = r.rows[0];
    return row && row.image_etag ? row : null;
  }

  async eventsAfter(after: number, limit: number): Promise<StoredEvent[]> {
    return (await this.pool.query<StoredEvent>('SELECT id, type, room_number, data FROM events WHERE id > $1 ORDER BY id LIMIT $2', [after, limit])).rows;
  }

  async firstEventId(): Promise<number | null> {
    return (await this.pool.query<{ id: number | null }>('SELECT min(id) AS id FROM events')).rows[0]?.id ?? null;
  }

  async lastEventId(): Promise<number> {
    return (await this.pool.query<{ id: number | null }>('SELECT max(id) AS id FROM events')).rows[0]?.id ?? 0;
  }

  /** Other instances' commits: LISTEN on a dedicated connection (postgres-listen.ts). */
  watchCommits(onCommit: (lastId: number | null) => void): Promise<() => Promise<void>> {
    return listenForCommits(this.url, onCommit);
  }

  /**
   * Any instance's change to a list adds a patient or measurement event, or changes a count (retention):
   * together they key the cache. Pressure events are left out: they change no list.
   */
  async listVersion(): Promise<string> {
    const r = await this.pool.query<{ v: string }>(
      `SELECT (SELECT coalesce(max(id), 0) FROM events WHERE type <> $1) || ':' || (SELECT count(*) FROM measurements) || ':' ||
              (SELECT count(*) FROM patients) AS v`,
      [SERVER_EVENTS.pressure],
    );
    return r.rows[0]!.v;
  }

  async estimateList(): Promise<number> {
    const r = await this.pool.query<{ bytes: number; n: number; p: number }>(
      `SELECT coalesce(sum(octet_length(flow_image)), 0)::bigint AS bytes, count(*)::int AS n, (SELECT count(*)::int FROM patients) AS p FROM measurements`,
    );
    const { bytes, n, p } = r.rows[0]!;
    return estimateListBytes(bytes, n, p);
  }

  async encodeList(fields: readonly PatientField[]): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const piece of this.listPieces(fields)) parts.push(typeof piece === 'string' ? Buffer.from(piece) : piece);
    return Buffer.concat(parts);
  }

  async *listPieces(fields: readonly PatientField[], mrn?: number): AsyncGenerator<string | Buffer, void, undefined> {
    const c = await this.pool.connect();
    let broken = false;
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const patients = (
        mrn === undefined
          ? await c.query<ListPatientRow>(`${PATIENT} ORDER BY room_number`)
          : await c.query<ListPatientRow>(`${PATIENT} WHERE patient_mrn = $1 ORDER BY room_number`, [mrn])
      ).rows;
      const rows = new Map<number, ListSmallRow[]>();
      if (patients.length && fields.some(isMeasurementField)) {
        for (const m of (await c.query<ListSmallRow & { room_number: number }>(`${SMALL} ORDER BY room_number, id`)).rows) {
          let list = rows.get(m.room_number);
          if (!list) rows.set(m.room_number, (list = []));
          list.push(m);
        }
      }
      for (const piece of listJson(patients, (p) => rows.get(p.room_number) ?? [], fields)) {
        if (typeof piece === 'string') {
          yield piece;
          continue;
        }
        // The image as bytes (convert_to), one row at a time: never the whole list in memory.
        const r = await c.query<{ b: Buffer | null }>(`SELECT convert_to(flow_image, 'UTF8') AS b FROM measurements WHERE id = $1`, [piece.image]);
        yield* imageJson(r.rows[0]?.b);
      }
    } catch (e) {
      broken = true;
      throw e;
    } finally {
      await c.query('COMMIT').catch(() => (broken = true));
      c.release(broken);
    }
  }

  async pruneEvents(keep: number): Promise<void> {
    await this.pool.query('DELETE FROM events WHERE id <= (SELECT max(id) FROM events) - $1', [keep]);
  }

  async pruneUploadKeys(olderThanMs: number): Promise<void> {
    await this.pool.query('DELETE FROM upload_keys WHERE created_at < $1', [new Date(Date.now() - olderThanMs).toISOString()]);
  }

  async pruneMeasurements(): Promise<number> {
    let dropped = 0;
    if (this.retention.keep > 0) {
      const r = await this.pool.query(
        `DELETE FROM measurements WHERE id IN (
           SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY room_number ORDER BY id DESC) AS k FROM measurements) t
           WHERE k > $1)`,
        [this.retention.keep],
      );
      dropped += r.rowCount ?? 0;
    }
    if (this.retention.days > 0) dropped += (await this.pool.query('DELETE FROM measurements WHERE timestamp < $1', [this.cutoff(new Date())])).rowCount ?? 0;
    return dropped;
  }

  async check(): Promise<CheckResult> {
    try {
      const version = await schemaVersionOf(this.pool as unknown as pg.ClientBase);
      if (version !== pgMigrations.length) return { ok: false, problem: `schema ${version}, expected ${pgMigrations.length}` };
      await this.pool.query('SELECT count(*) FROM patients');
      return { ok: true };
    } catch (e) {
      return { ok: false, problem: String(e) };
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Connects, migrates (once, whichever instance comes first) and checks; refuses on any failure. */
export async function openPostgres(url: string, retention: Retention, poolSize = 10): Promise<PostgresStorage> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 10_000 });
  // An idle client's error (the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  try {
    const c = await pool.connect();
    try {
      await migratePg(c);
    } finally {
      c.release();
    }
    const storage = new PostgresStorage(pool, url, retention);
    const check = await storage.check();
    if (!check.ok) throw new Error(check.problem);
    return storage;
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new Error(`database ${redactUrl(url)}: ${(e as Error).message}`);
  }
}
