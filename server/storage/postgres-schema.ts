/**
 * PostgreSQL's side of the one versioned schema: entry i brings the database from version i to i+1,
 * the same steps as SQLite's `user_version` migrations (sqlite-schema.ts), in PostgreSQL's dialect.
 * The version is the row count of `schema_migrations`. Append only, in step with SQLite's list.
 * Several instances may start at once: migrations run under a session advisory lock.
 */
import type pg from 'pg';

export const pgMigrations: string[] = [
  `
  CREATE TABLE patients (
    room_number  INTEGER PRIMARY KEY,
    patient_mrn  BIGINT  NOT NULL,
    patient_name TEXT    NOT NULL DEFAULT '',
    created_at   TEXT    COLLATE "C" NOT NULL
  );
  CREATE INDEX patients_mrn ON patients (patient_mrn);

  CREATE TABLE measurements (
    id            BIGSERIAL PRIMARY KEY,
    room_number   INTEGER NOT NULL REFERENCES patients (room_number) ON DELETE CASCADE,
    cpap_pressure INTEGER NOT NULL,
    breath_rate   DOUBLE PRECISION NOT NULL,
    apnea_count   INTEGER,
    flow_image    TEXT    NOT NULL DEFAULT '',
    image_type    TEXT,
    image_etag    TEXT,
    -- Compared as text (retention by age): byte order, whatever the database's locale.
    timestamp     TEXT    COLLATE "C" NOT NULL
  );
  CREATE INDEX measurements_room ON measurements (room_number, id);

  CREATE TABLE pressure_requests (
    room_number   INTEGER PRIMARY KEY,
    cpap_pressure INTEGER NOT NULL,
    requested_at  TEXT    COLLATE "C" NOT NULL
  );

  -- The SSE log: ids (one sequence for all instances) are the stream's event ids.
  CREATE TABLE events (
    id          BIGSERIAL PRIMARY KEY,
    type        TEXT    NOT NULL,
    room_number INTEGER NOT NULL,
    data        TEXT    NOT NULL,
    created_at  TEXT    COLLATE "C" NOT NULL
  );
  `,
  `
  CREATE TABLE upload_keys (
    key         TEXT    COLLATE "C" PRIMARY KEY,
    body_hash   TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    created_at  TEXT    COLLATE "C" NOT NULL
  );
  CREATE INDEX upload_keys_age ON upload_keys (created_at);
  `,
  `
  UPDATE events SET data = ((data::jsonb) - 'patient_name')::text
  WHERE type IN ('measurement', 'patient') AND (data::jsonb) ? 'patient_name';
  `,
];

/** An arbitrary constant naming this server's migration lock. */
const MIGRATION_LOCK = 7_265_012;

export async function schemaVersionOf(client: pg.ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists.rows[0]?.t) return 0;
  const r = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
  return r.rows[0]!.n;
}

export async function migratePg(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const current = await schemaVersionOf(client);
    if (current > pgMigrations.length) {
      throw new Error(`database schema ${current} is newer than this server (${pgMigrations.length})`);
    }
    for (let v = current; v < pgMigrations.length; v++) {
      await client.query('BEGIN');
      try {
        await client.query(pgMigrations[v]!);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v + 1]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw e;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
