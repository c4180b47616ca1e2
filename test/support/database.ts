import type { DataSource } from 'typeorm';
import { openDatabase } from '@aup/db';
import { testDatabaseTarget, usePglite } from './env';

/**
 * Opens the test database. On PostgreSQL the schema was migrated once by the global setup; on PGlite
 * each call gets a fresh in-memory database, migrated here.
 */
export async function openTestDatabase(): Promise<DataSource> {
  return openDatabase(testDatabaseTarget(), { migrate: usePglite() });
}

/** Empties every table but the migration history, so each test starts clean. */
export async function truncateAll(ds: DataSource): Promise<void> {
  const rows: { tablename: string }[] = await ds.query(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations'`,
  );
  if (rows.length) await ds.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}
