import type { EntityManager } from 'typeorm';

/**
 * Runs a statement and returns its rows. TypeORM answers UPDATE and DELETE with `[rows, rowCount]` but
 * SELECT and INSERT with `rows`; a conditional `UPDATE ... RETURNING` must be judged by its rows.
 */
export async function rowsOf<T>(db: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
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
