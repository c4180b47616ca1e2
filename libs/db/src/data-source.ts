import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { AppConfig } from '@aup/config';
import { MIGRATIONS } from './registry';

export interface DatabaseTarget {
  /** Full mode: a PostgreSQL URL. */
  url?: string;
  /** Embedded mode: PGlite data directory, or 'memory://' for an in-memory database. */
  embeddedDataDir?: string;
  poolSize?: number;
}

export function databaseTarget(config: AppConfig): DatabaseTarget {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE };
  return { embeddedDataDir: config.DATA_IN_MEMORY ? 'memory://' : resolve(config.DATA_DIR, 'pg') };
}

const common = {
  type: 'postgres' as const,
  migrations: MIGRATIONS,
  migrationsTableName: 'typeorm_migrations',
  migrationsTransactionMode: 'each' as const,
  synchronize: false,
  uuidExtension: 'pgcrypto' as const,
  // Query errors surface as exceptions to the caller, which logs them with the request id.
  logging: false,
};

/**
 * Builds (does not initialise) a TypeORM DataSource for PostgreSQL or, with no URL, for embedded
 * PGlite through PGlite's own node-postgres adapter. PGlite is a single session, so its pool is one
 * connection: inside a transaction, use only that transaction's EntityManager.
 */
export async function createDataSource(target: DatabaseTarget): Promise<DataSource> {
  if (target.url) {
    return new DataSource({
      ...common,
      url: target.url,
      poolSize: target.poolSize ?? 10,
      connectTimeoutMS: 5_000,
      applicationName: 'aup-audit',
    } satisfies DataSourceOptions);
  }
  const dataDir = target.embeddedDataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres');
  const pglite = await PGlite.create(dataDir);
  const dataSource = new DataSource({
    ...common,
    poolSize: 1,
    extra: { ...createPgConfig(pglite) },
  } satisfies DataSourceOptions);
  // The pool does not own the PGlite instance: close it after the pool ends.
  const destroy = dataSource.destroy.bind(dataSource);
  dataSource.destroy = async () => {
    await destroy();
    await pglite.close();
  };
  return dataSource;
}

/** Initialises the data source and, unless told not to, applies pending migrations. */
export async function openDatabase(
  target: DatabaseTarget,
  opts: { migrate?: boolean } = {},
): Promise<DataSource> {
  const dataSource = await createDataSource(target);
  await dataSource.initialize();
  if (opts.migrate ?? true) await runMigrationsOnce(dataSource);
  return dataSource;
}

/** Any constant: the key of the session-level advisory lock that processes migrating one database share. */
const MIGRATION_LOCK_KEY = 7_145_061_893;

/**
 * Applies pending migrations while holding a PostgreSQL advisory lock, so processes that start together
 * on one database (an api and a worker, several replicas) migrate one after another: the second finds
 * nothing pending instead of racing the first through the same DDL. The lock is held by a session of its
 * own and released when that session ends, even if this process dies. PGlite is one session inside one
 * process, so it needs (and can take) no lock.
 */
export async function runMigrationsOnce(dataSource: DataSource): Promise<string[]> {
  if (!('url' in dataSource.options && dataSource.options.url)) {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
  }
}

/** Names of migrations not yet applied (empty when the schema is current). */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource
    .query<{ name: string }[]>(`SELECT name FROM typeorm_migrations ORDER BY id`)
    .catch(() => []);
  const done = new Set(applied.map((r) => r.name));
  return dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((n) => !done.has(n));
}
