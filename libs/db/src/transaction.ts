import { Inject, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { isRetryableTransactionError } from './pg-errors';

/** The CLS-held transaction of the TypeORM adapter: `tx` is the current transaction's EntityManager. */
export type TypeOrmTransactionHost = TransactionHost<TransactionalAdapterTypeOrm>;

type IsolationLevel = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

export interface TransactionOptions {
  isolation?: IsolationLevel;
  /** Retries on serialization failure (40001) or deadlock (40P01). */
  retries?: number;
}

/**
 * Opens transactions for services. Repositories read the open one from the CLS context
 * (`TransactionHost.tx`), so no manager is passed by hand and, in embedded mode (one connection), nothing
 * inside a transaction can wait for a second connection.
 */
@Injectable()
export class Transactions {
  constructor(@Inject(TransactionHost) private readonly txHost: TypeOrmTransactionHost) {}

  /**
   * Runs `fn` in one transaction, committed when it resolves and rolled back when it throws; inside an
   * open transaction it joins that one (whose owner retries). Serialization failures and deadlocks are
   * retried with jitter (SERIALIZABLE: five times by default).
   */
  /** Whether the caller runs inside an open transaction. */
  isActive(): boolean {
    return this.txHost.isTransactionActive();
  }

  async run<T>(fn: () => Promise<T>, opts: TransactionOptions = {}): Promise<T> {
    if (this.txHost.isTransactionActive()) return fn();
    const retries = opts.retries ?? (opts.isolation === 'SERIALIZABLE' ? 5 : 0);
    for (let attempt = 0; ; attempt++) {
      try {
        return opts.isolation
          ? await this.txHost.withTransaction({ isolationLevel: opts.isolation }, fn)
          : await this.txHost.withTransaction(fn);
      } catch (err) {
        if (attempt >= retries || !isRetryableTransactionError(err)) throw err;
        await new Promise((r) => setTimeout(r, Math.min(100, 5 * 2 ** attempt) * Math.random()));
      }
    }
  }
}
