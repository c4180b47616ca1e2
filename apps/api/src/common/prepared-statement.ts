import { DataSource, type EntityManager } from 'typeorm';

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
  if (known !== undefined && known !== text) throw new Error(`prepared statement ${name} declared twice with different text`);
  names.set(name, text);
  return { name: `aup_${name}`, text };
}

interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a prepared statement and returns its rows (as node-postgres gives them, like `query` of TypeORM
 * for a SELECT). Inside `transaction(...)` pass that transaction's manager: the statement then runs on
 * its connection. Given a DataSource (or a manager outside a transaction) it runs on any pooled
 * connection. Errors are node-postgres errors, which `pgError` reads like TypeORM's.
 */
export async function runPrepared<T>(db: DataSource | EntityManager, statement: PreparedStatement, values: unknown[]): Promise<T[]> {
  const runner = db instanceof DataSource ? undefined : db.queryRunner;
  const target: PgQueryable = runner ? await runner.connect() : (dataSourceOf(db).driver as unknown as { master: PgQueryable }).master;
  const result = await target.query({ name: statement.name, text: statement.text, values });
  return result.rows as T[];
}

const dataSourceOf = (db: DataSource | EntityManager): DataSource => (db instanceof DataSource ? db : db.connection);
