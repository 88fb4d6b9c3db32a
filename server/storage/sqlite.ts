/**
 * The SQLite backend (the embedded default): one process per database file (`<db>.lock`, lock.ts),
 * better-sqlite3's synchronous statements behind the async Storage interface. Each write is one
 * synchronous transaction, so nothing interleaves with it; the list cache is keyed by this process's
 * own write counter (it is the only writer); large lists stream from a read-only connection of their
 * own inside one read transaction (a snapshot, and the main connection stays free for writes).
 */
import Database from 'better-sqlite3';
import { lockDatabase } from '../lock.ts';
import type { ValidUpload } from '../validate.ts';
import { checkDatabase, openDatabase, type Db } from './sqlite-schema.ts';
import { PatientStore } from './sqlite-store.ts';
import { estimateListBytes, imageJson, isMeasurementField, listJson, type ListPatientRow, type ListSmallRow } from './list-json.ts';
import type { CheckResult, ListOptions, PatientField, Retention, Storage } from './types.ts';

/** Prepared list statements on one connection; `chunks()` yields a list's JSON in pieces. */
class ListReader {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      all: db.prepare<[], ListPatientRow>('SELECT room_number, patient_mrn, patient_name FROM patients ORDER BY room_number'),
      byMrn: db.prepare<[number], ListPatientRow>(
        'SELECT room_number, patient_mrn, patient_name FROM patients WHERE patient_mrn = ? ORDER BY room_number',
      ),
      small: db.prepare<[number], ListSmallRow>(
        `SELECT id, cpap_pressure, breath_rate, apnea_count, image_etag, timestamp FROM measurements
         WHERE room_number = ? ORDER BY id`,
      ),
      // As a BLOB: the bytes arrive as one Buffer (outside the JS heap), never a JS string.
      image: db.prepare<[number], { flow_image: Buffer | null }>('SELECT CAST(flow_image AS BLOB) AS flow_image FROM measurements WHERE id = ?'),
      size: db.prepare<[], { bytes: number; n: number }>(
        'SELECT coalesce(sum(octet_length(flow_image)), 0) AS bytes, count(*) AS n FROM measurements',
      ),
      patients: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM patients'),
    };
  }

  estimate(): number {
    const { bytes, n } = this.stmt.size.get()!;
    return estimateListBytes(bytes, n, this.stmt.patients.get()!.n);
  }

  *chunks(fields: readonly PatientField[], mrn?: number): Generator<string | Buffer> {
    const patients = mrn === undefined ? this.stmt.all.all() : this.stmt.byMrn.all(mrn);
    const measured = fields.some(isMeasurementField);
    for (const piece of listJson(patients, (p) => (measured ? this.stmt.small.all(p.room_number) : []), fields)) {
      if (typeof piece === 'string') yield piece;
      else yield* imageJson(this.stmt.image.get(piece.image)?.flow_image);
    }
  }
}

export class SqliteStorage implements Storage {
  readonly backend = 'sqlite';
  private readonly store: PatientStore;
  private readonly reader: ListReader;

  constructor(
    private readonly db: Db,
    readonly location: string,
    retention: Retention,
    private readonly unlock: () => void,
  ) {
    this.store = new PatientStore(db, retention);
    this.reader = new ListReader(db);
  }

  async upload(u: ValidUpload, key?: string) {
    return this.store.upload(u, key);
  }
  async requestPressure(room: number, value: number) {
    return this.store.requestPressure(room, value);
  }
  async hasPatient(room: number) {
    return this.store.hasPatient(room);
  }
  async pendingPressure(room: number) {
    return this.store.pendingPressure(room);
  }
  async list(options: ListOptions) {
    return this.store.list(options);
  }
  async image(room: number, index: number) {
    return this.store.image(room, index);
  }
  async eventsAfter(after: number, limit: number) {
    return this.store.eventsAfter(after, limit);
  }
  async firstEventId() {
    return this.store.firstEventId();
  }
  async lastEventId() {
    return this.store.lastEventId();
  }
  async listVersion() {
    return String(this.store.version);
  }
  async estimateList() {
    return this.reader.estimate();
  }
  /** Read synchronously on the main connection: no write can fall in the middle. */
  async encodeList(fields: readonly PatientField[]) {
    const parts: Buffer[] = [];
    for (const piece of this.reader.chunks(fields)) parts.push(typeof piece === 'string' ? Buffer.from(piece) : piece);
    return Buffer.concat(parts);
  }
  async *listPieces(fields: readonly PatientField[], mrn?: number): AsyncGenerator<string | Buffer, void, undefined> {
    const own = this.location !== ':memory:';
    const db = own ? new Database(this.location, { readonly: true, fileMustExist: true }) : this.db;
    try {
      if (own) {
        db.pragma('busy_timeout = 5000');
        db.exec('BEGIN');
      }
      yield* new ListReader(db).chunks(fields, mrn);
    } finally {
      if (own) {
        try {
          if (db.inTransaction) db.exec('COMMIT');
        } finally {
          db.close();
        }
      }
    }
  }
  async pruneEvents(keep: number) {
    this.store.pruneEvents(keep);
  }
  async pruneUploadKeys(olderThanMs: number) {
    this.store.pruneUploadKeys(olderThanMs);
  }
  async pruneMeasurements() {
    return this.store.pruneMeasurements();
  }
  async check(thorough = true): Promise<CheckResult> {
    return checkDatabase(this.db, thorough);
  }
  async close() {
    this.db.close();
    this.unlock();
  }
}

/** Takes the file's lock, opens, migrates and checks it; refuses (and releases the lock) on any failure. */
export async function openSqlite(file: string, sync: 'normal' | 'full', retention: Retention): Promise<SqliteStorage> {
  // One process per database file: a second server on it fails here, naming the holder.
  const unlock = lockDatabase(file);
  let db: Db | undefined;
  try {
    db = openDatabase(file, sync);
    const check = checkDatabase(db);
    if (!check.ok) throw new Error(`database ${file} failed its check: ${check.problem}`);
    return new SqliteStorage(db, file, retention, unlock);
  } catch (e) {
    db?.close();
    unlock();
    throw e;
  }
}
