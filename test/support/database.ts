import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  openDatabase,
  OutboxRepository,
  Transactions,
  type TransactionOptions,
  type TxRepository,
  type TypeOrmTransactionHost,
} from '@aup/db';
import { JobProducer } from '@aup/jobs';
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
  if (rows.length)
    await ds.query(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

/**
 * Runs `fn` while every insert into `table` whose row matches `when` (a trigger condition on NEW) fails
 * with `errcode`: a way to break a write half-way, the way a fault in the database would. The trigger
 * is removed afterwards, whatever `fn` does.
 */
export async function withFailingInsert<T>(
  ds: DataSource,
  opts: { table: string; when?: string; errcode?: string },
  fn: () => Promise<T>,
): Promise<T> {
  const name = `fail_insert_${opts.table}`;
  await ds.query(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '${opts.errcode ?? 'P0001'}'; END $$`,
  );
  await ds.query(
    `CREATE TRIGGER ${name} BEFORE INSERT ON ${opts.table} FOR EACH ROW ${opts.when ? `WHEN (${opts.when})` : ''} EXECUTE FUNCTION ${name}()`,
  );
  try {
    return await fn();
  } finally {
    await ds.query(`DROP TRIGGER ${name} ON ${opts.table}`);
    await ds.query(`DROP FUNCTION ${name}()`);
  }
}

const hosts = new WeakMap<DataSource, TypeOrmTransactionHost>();

/** The CLS transaction host of a test's own data source, outside any Nest application (one per data source). */
function hostOf(ds: DataSource): TypeOrmTransactionHost {
  let host = hosts.get(ds);
  if (!host) {
    const adapter = new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource });
    host = new TransactionHost({
      ...adapter.optionsFactory(ds),
      connectionName: undefined,
      enableTransactionProxy: false,
      defaultTxOptions: {},
      extraProviderTokens: [],
    }) as TypeOrmTransactionHost;
    hosts.set(ds, host);
  }
  return host;
}

/** `Transactions` on a test's own data source. */
export const transactionsOn = (ds: DataSource): Transactions => new Transactions(hostOf(ds));

/** A repository on a test's own data source: it runs in the transactions `transaction(ds, ...)` opens. */
export const repositoryOn = <R extends TxRepository>(
  ds: DataSource,
  repository: new (host: TypeOrmTransactionHost) => R,
): R => new repository(hostOf(ds));

/** The job producer on a test's own data source. */
export const jobProducerOn = (ds: DataSource): JobProducer =>
  new JobProducer(repositoryOn(ds, OutboxRepository));

/**
 * Runs `fn` in one transaction on the test's data source, as a service's `Transactions.run` does; `fn`
 * gets the transaction's manager for the test's own statements.
 */
export function transaction<T>(
  ds: DataSource,
  fn: (manager: EntityManager) => Promise<T>,
  opts?: TransactionOptions,
): Promise<T> {
  const host = hostOf(ds);
  return new Transactions(host).run(() => fn(host.tx), opts);
}
