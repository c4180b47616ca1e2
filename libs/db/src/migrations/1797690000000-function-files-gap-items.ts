import type { MigrationInterface, QueryRunner } from 'typeorm';
import { functionSql } from '../sql/function-sql';

/** The functions PolicyGapItems1797680000000 created, as `.sql` files (libs/db/src/sql). */
export const FUNCTION_FILES_GAP_ITEMS = [
  'aup_portfolio_recount_items.v1.sql',
  'aup_remediation_item_portfolio.v1.sql',
];

/**
 * The two functions of the policy gap items join the other database functions as `.sql` files. Each file
 * holds exactly the definition PolicyGapItems1797680000000 left in place, so this migration replaces each
 * function by itself: no behaviour changes.
 */
export class FunctionFilesGapItems1797690000000 implements MigrationInterface {
  name = 'FunctionFilesGapItems1797690000000';

  async up(q: QueryRunner): Promise<void> {
    for (const file of FUNCTION_FILES_GAP_ITEMS) await q.query(functionSql(file));
  }

  async down(): Promise<void> {
    // Nothing to undo: up replaced each function with the definition it already had.
  }
}
