import type { DataSource, EntityManager } from 'typeorm';
import { isRetryableTransactionError } from './pg-errors';

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Retries on serialization failure (40001) or deadlock (40P01). */
  retries?: number;
}

/**
 * Runs `fn` in one transaction scoped to the callback: committed when it resolves, rolled back when it
 * throws. Use only the given manager inside (embedded PGlite has a single connection).
 */
export async function transaction<T>(
  dataSource: DataSource,
  fn: (manager: EntityManager) => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  const retries = opts.retries ?? (opts.isolation === 'SERIALIZABLE' ? 5 : 0);
  for (let attempt = 0; ; attempt++) {
    try {
      return opts.isolation
        ? await dataSource.transaction(opts.isolation, fn)
        : await dataSource.transaction(fn);
    } catch (err) {
      if (attempt >= retries || !isRetryableTransactionError(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.min(100, 5 * 2 ** attempt) * Math.random()));
    }
  }
}
