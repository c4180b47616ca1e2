import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';

export interface IdempotencyScope {
  organisationId: string;
  userId: string;
  /** What the request does, e.g. `webhook.test`. */
  operation: string;
  key: string;
  /** What the request acts on (e.g. the job id of a retry); a key is bound to one target. */
  target?: string;
}

export type IdempotencyClaim<T> = { claimed: true } | { claimed: false; target: string; answer: T };

/** The only code that names `request_idempotency`. */
@Injectable()
export class IdempotencyRepository extends TxRepository {
  /**
   * Claims the key in the caller's transaction. A concurrent request with the same key waits here until
   * the first commits (then it reads the first answer) or rolls back (then it claims the key itself).
   */
  async claim<T>(s: IdempotencyScope): Promise<IdempotencyClaim<T>> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO request_idempotency (organisation_id, user_id, operation, key, target) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [s.organisationId, s.userId, s.operation, s.key, s.target ?? ''],
    );
    if (inserted.length) return { claimed: true };
    const [row]: { target: string; answer: T }[] = await this.db.query(
      `SELECT target, answer FROM request_idempotency WHERE organisation_id = $1 AND user_id = $2 AND operation = $3 AND key = $4`,
      [s.organisationId, s.userId, s.operation, s.key],
    );
    return { claimed: false, target: row.target, answer: row.answer };
  }

  /** Records the answer of a claimed key (same transaction as the claim). */
  async complete(s: IdempotencyScope, answer: unknown): Promise<void> {
    await this.db.query(
      `UPDATE request_idempotency SET answer = $5::jsonb WHERE organisation_id = $1 AND user_id = $2 AND operation = $3 AND key = $4`,
      [s.organisationId, s.userId, s.operation, s.key, JSON.stringify(answer)],
    );
  }
}
