#!/usr/bin/env node
// `node deploy/sqlite-to-postgres.js --db data/patients.db --database-url postgres://...`
// Copies a SQLite patient database into an empty PostgreSQL one, ids included (event ids too, so
// clients resume with their Last-Event-ID), in one transaction. Stop the SQLite server first (the
// copy refuses a file another process holds), and start one server on the PostgreSQL database
// once before (it creates the schema; the copy checks both are at the same schema version).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import pg from 'pg';

/** Tables in foreign-key order, with their columns (the same in both dialects). */
const TABLES = {
  patients: ['room_number', 'patient_mrn', 'patient_name', 'created_at'],
  measurements: ['id', 'room_number', 'cpap_pressure', 'breath_rate', 'apnea_count', 'flow_image', 'image_type', 'image_etag', 'timestamp'],
  pressure_requests: ['room_number', 'cpap_pressure', 'requested_at'],
  events: ['id', 'type', 'room_number', 'data', 'created_at'],
  upload_keys: ['key', 'body_hash', 'created', 'created_at'],
};
const BATCH = 200;

/** The PID in a server's `<db>.lock` when that process still runs (server/lock.ts writes it). */
function lockHolder(lockFile) {
  try {
    const { pid } = JSON.parse(fs.readFileSync(lockFile, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    return e.code === 'EPERM' ? 'unknown' : null;
  }
}

/** Copies `file` into the database at `url`; returns the rows copied per table. */
export async function copySqliteToPostgres(file, url) {
  if (!fs.existsSync(file)) throw new Error(`${file}: no such file`);
  const holder = lockHolder(`${file}.lock`);
  if (holder) throw new Error(`${file} is in use by process ${holder}: stop that server first`);
  const src = new Database(file, { readonly: true, fileMustExist: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const version = src.pragma('user_version', { simple: true });
    const target = await client.query(`SELECT to_regclass('schema_migrations')::text AS t`);
    const pgVersion = target.rows[0].t ? Number((await client.query('SELECT count(*) AS n FROM schema_migrations')).rows[0].n) : 0;
    if (pgVersion === 0) throw new Error('the PostgreSQL database has no schema yet: start one server on it once (it creates the schema), then copy');
    if (pgVersion !== version) throw new Error(`schema versions differ: SQLite ${version}, PostgreSQL ${pgVersion}; start a server of this version on each first`);
    const counts = {};
    await client.query('BEGIN');
    try {
      for (const table of Object.keys(TABLES)) {
        const n = Number((await client.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
        if (n > 0) throw new Error(`the PostgreSQL table ${table} is not empty (${n} rows): copy into a new database`);
      }
      for (const [table, columns] of Object.entries(TABLES)) {
        const rows = src.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).raw().iterate();
        let batch = [];
        counts[table] = 0;
        const flush = async () => {
          if (!batch.length) return;
          const values = batch.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
          await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, batch.flat());
          counts[table] += batch.length;
          batch = [];
        };
        for (const row of rows) {
          batch.push(row);
          if (batch.length >= BATCH) await flush();
        }
        await flush();
      }
      // New rows continue after the copied ids (events especially: ids are what clients resume from).
      for (const table of ['measurements', 'events']) {
        await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1), (SELECT max(id) FROM ${table}) IS NOT NULL)`);
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    return counts;
  } finally {
    src.close();
    await client.end();
  }
}

function arg(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] === import.meta.filename) {
  const file = arg('db') ?? process.env.DB_PATH ?? 'data/patients.db';
  const url = arg('database-url') ?? process.env.DATABASE_URL;
  if (!url) {
    console.error('usage: node deploy/sqlite-to-postgres.js --db data/patients.db --database-url postgres://...');
    process.exit(2);
  }
  try {
    const counts = await copySqliteToPostgres(file, url);
    console.log(`copied ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')} from ${file}`);
  } catch (e) {
    console.error(`sqlite-to-postgres: ${e.message}`);
    process.exit(1);
  }
}
