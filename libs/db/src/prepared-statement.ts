import { DataSource, type EntityManager } from 'typeorm';
import { pgError } from './pg-errors';

/**
 * A statement of a hot path (every request of a route runs it). PostgreSQL parses and plans a named
 * statement once per connection and afterwards only binds and executes it, which for the larger
 * statements (CTEs that read, lock and write in one round trip) is most of their database time.
 */
export interface PreparedStatement {
  /** Unique per text: node-postgres refuses one name for two texts on a connection. */
  readonly name: string;
  readonly text: string;
}

const names = new Map<string, string>();

/** Declares a prepared statement; a name is bound to one text for the life of the process. */
export function prepared(name: string, text: string): PreparedStatement {
  const known = names.get(name);
  if (known !== undefined && known !== text)
    throw new Error(`prepared statement ${name} declared twice with different text`);
  names.set(name, text);
  return { name: `aup_${name}`, text };
}

interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface PgPool {
  connect(): Promise<PgQueryable & { release(err?: Error): void }>;
}

/**
 * Runs a prepared statement and returns its rows (as node-postgres gives them, like `query` of TypeORM
 * for a SELECT). Given the manager of an open transaction (a repository's `db` inside
 * `Transactions.run`), the statement runs on its connection; given a DataSource, or a manager outside a
 * transaction, it runs on any pooled connection. Errors are node-postgres errors, which `pgError` reads like TypeORM's.
 */
export async function runPrepared<T>(
  db: DataSource | EntityManager,
  statement: PreparedStatement,
  values: unknown[],
): Promise<T[]> {
  const runner = db instanceof DataSource ? undefined : db.queryRunner;
  const query = { name: statement.name, text: statement.text, values };
  if (runner) return ((await runner.connect()) as PgQueryable).query(query).then((r) => r.rows as T[]);
  // Not the pool's own query(): that discards the connection on any error, and a statement refused by
  // PostgreSQL (a constraint, a RAISE) leaves a connection that is fine, which matters most for the
  // single connection of embedded mode. Other errors (the connection broke) still discard it.
  const client = await (dataSourceOf(db).driver as unknown as { master: PgPool }).master.connect();
  let failure: Error | undefined;
  try {
    return (await client.query(query)).rows as T[];
  } catch (err) {
    failure = pgError(err) ? undefined : (err as Error);
    throw err;
  } finally {
    client.release(failure);
  }
}

const dataSourceOf = (db: DataSource | EntityManager): DataSource =>
  db instanceof DataSource ? db : db.connection;
