/**
 * Opens the configured storage: PostgreSQL when `DATABASE_URL` (`--database-url`) is a postgres:// URL,
 * otherwise SQLite in the `--db` file. Either way the database is opened, migrated and checked before
 * this resolves, and the retention settings are applied once.
 */
import type { ServerConfig } from '../config.ts';
import { openPostgres } from './postgres.ts';
import { pgMigrations } from './postgres-schema.ts';
import { schemaVersion } from './sqlite-schema.ts';
import { openSqlite } from './sqlite.ts';
import type { Storage } from './types.ts';

export * from './types.ts';

// One versioned schema: both dialects step through the same versions.
if (pgMigrations.length !== schemaVersion) throw new Error(`schema: ${schemaVersion} SQLite migrations but ${pgMigrations.length} PostgreSQL ones`);

export async function openStorage(config: ServerConfig): Promise<Storage> {
  const retention = { keep: config.keepMeasurements, days: config.keepDays };
  const storage = config.databaseUrl
    ? await openPostgres(config.databaseUrl, retention, config.dbPool)
    : await openSqlite(config.dbPath, config.dbSync, retention);
  try {
    await storage.pruneMeasurements();
  } catch (e) {
    await storage.close();
    throw e;
  }
  return storage;
}
