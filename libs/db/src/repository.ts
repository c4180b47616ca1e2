import { Inject, Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { EntityManager } from 'typeorm';
import type { TypeOrmTransactionHost } from './transaction';

/**
 * What every repository extends: statements run on the caller's open transaction (from the CLS
 * context), or on the data source's pool when none is open. Repositories hold no other state.
 */
@Injectable()
export abstract class TxRepository {
  constructor(@Inject(TransactionHost) private readonly txHost: TypeOrmTransactionHost) {}

  /** The open transaction's manager, or the data source's own. */
  protected get db(): EntityManager {
    return this.txHost.tx;
  }
}
