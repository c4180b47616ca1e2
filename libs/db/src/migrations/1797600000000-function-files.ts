import type { MigrationInterface, QueryRunner } from 'typeorm';
import { functionSql } from '../sql/function-sql';

/** The database functions as of this migration, one `.sql` file each (libs/db/src/sql). */
export const FUNCTION_FILES_V1 = [
  'aup_forbid_update.v1.sql',
  'aup_audit_event_doc.v1.sql',
  'aup_append_events.v1.sql',
  'aup_profile_hash.v1.sql',
  'aup_answer_evidence.v1.sql',
  'aup_save_answers.v1.sql',
  'aup_answer_review_lock.v1.sql',
  'aup_result_snapshot_version.v1.sql',
  'aup_portfolio_recount.v1.sql',
  'aup_membership_portfolio.v1.sql',
  'aup_portfolio_org_sync.v1.sql',
  'aup_record_score_point.v1.sql',
  'aup_rating_rank.v1.sql',
];

/**
 * Database functions move out of migration strings into `.sql` files. Each file holds exactly the
 * definition the earlier migrations left in place (taken with `pg_get_functiondef`), so this migration
 * replaces every function by itself: no behaviour changes. From here on a function changes by a new
 * file version loaded by a new migration; the earlier migrations keep their strings as released.
 */
export class FunctionFiles1797600000000 implements MigrationInterface {
  name = 'FunctionFiles1797600000000';

  async up(q: QueryRunner): Promise<void> {
    for (const file of FUNCTION_FILES_V1) await q.query(functionSql(file));
  }

  async down(): Promise<void> {
    // Nothing to undo: up replaced each function with the definition it already had.
  }
}
