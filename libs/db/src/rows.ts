import type { DataSource, EntityManager } from 'typeorm';

/** What repositories run statements on: the data source, or the manager of the caller's transaction. */
export type Db = DataSource | EntityManager;

/**
 * Runs a statement and returns its rows. TypeORM answers UPDATE and DELETE with `[rows, rowCount]` but
 * SELECT and INSERT with `rows`; a conditional `UPDATE ... RETURNING` must be judged by its rows.
 */
export async function rowsOf<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await db.query(sql, params);
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  return result as T[];
}
