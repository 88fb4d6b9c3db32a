import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

export type Db = Database.Database;

/**
 * Versioned schema: entry i brings the database from `user_version` i to i+1. Append only; never edit
 * a migration that has shipped, because existing files already ran it.
 */
const migrations: string[] = [
  `
  CREATE TABLE patients (
    room_number  INTEGER PRIMARY KEY,
    patient_mrn  INTEGER NOT NULL,
    patient_name TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    NOT NULL
  );
  CREATE INDEX patients_mrn ON patients (patient_mrn);

  -- One row per measurement, so that two uploads to one room are two inserts and cannot overwrite each other.
  CREATE TABLE measurements (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    room_number   INTEGER NOT NULL REFERENCES patients (room_number) ON DELETE CASCADE,
    cpap_pressure INTEGER NOT NULL,
    breath_rate   REAL    NOT NULL,
    apnea_count   INTEGER,
    flow_image    TEXT    NOT NULL DEFAULT '',
    image_type    TEXT,
    image_etag    TEXT,
    timestamp     TEXT    NOT NULL
  );
  CREATE INDEX measurements_room ON measurements (room_number, id);

  -- The monitoring station's last request per room; a table so that a restart keeps it.
  CREATE TABLE pressure_requests (
    room_number   INTEGER PRIMARY KEY,
    cpap_pressure INTEGER NOT NULL,
    requested_at  TEXT    NOT NULL
  );

  -- The SSE log: ids are the stream's event ids, so Last-Event-ID resumes across restarts.
  CREATE TABLE events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    type        TEXT    NOT NULL,
    room_number INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
  );
  `,
  `
  -- Idempotency-Key of POST /add_patient: a retried upload whose first answer was lost is stored once.
  CREATE TABLE upload_keys (
    key         TEXT    PRIMARY KEY,
    body_hash   TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    created_at  TEXT    NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX upload_keys_age ON upload_keys (created_at);
  `,
  `
  -- Events carry ids and small fields only: drop the names earlier versions copied into every event.
  UPDATE events SET data = json_remove(data, '$.patient_name')
  WHERE type IN ('measurement', 'patient') AND json_valid(data) AND json_type(data, '$.patient_name') IS NOT NULL;
  `,
];

export const schemaVersion = migrations.length;

export function openDatabase(file: string, sync: 'normal' | 'full' = 'normal'): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (the acceptance's SIGKILL); only an OS crash or power
  // loss can drop the last commits. FULL fsyncs every upload (about half the upload rate here).
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`database schema ${current} is newer than this server (${migrations.length})`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/**
 * Whether the database may serve: SQLite's quick_check is clean and the schema is this server's.
 * Run at start before listening (a failure refuses to start) and by `GET /health/ready` (cheap form).
 */
export function checkDatabase(db: Db, thorough = true): { ok: true } | { ok: false; problem: string } {
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== schemaVersion) return { ok: false, problem: `schema ${version}, expected ${schemaVersion}` };
    if (!thorough) {
      db.prepare('SELECT count(*) FROM patients').get();
      return { ok: true };
    }
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const bad = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return bad.length ? { ok: false, problem: `quick_check: ${bad.slice(0, 3).join('; ')}` } : { ok: true };
  } catch (e) {
    return { ok: false, problem: String(e) };
  }
}
