import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Gaps in the policy model become remediation items: an item now has a source (`audit`, made from a
 * submitted audit's plan, or `policy_model`, made from a gap of the model, with the gap's key and no
 * origin audit). One active (not verified) item per organisation and gap key.
 *
 * For the portfolio: `portfolio_org.open_items` counts the organisation's items still needing work, kept
 * by a statement-level trigger on remediation_item like the other portfolio figures; overdue items are
 * counted for the page's rows only, on a partial index of the items still needing work by due date.
 * Policy documents are rendered through the report queue: `policy_document` holds each requested file.
 */
export class PolicyGapItems1797680000000 implements MigrationInterface {
  name = 'PolicyGapItems1797680000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "remediation_item"
        ALTER COLUMN "origin_audit_id" DROP NOT NULL,
        ADD COLUMN "source" text NOT NULL DEFAULT 'audit' CHECK ("source" IN ('audit', 'policy_model')),
        ADD COLUMN "source_key" text,
        ADD CONSTRAINT "ck_remediation_item_source" CHECK (
          ("source" = 'audit' AND "origin_audit_id" IS NOT NULL) OR ("source" = 'policy_model' AND "source_key" IS NOT NULL))`);
    await q.query(
      `CREATE UNIQUE INDEX "ux_remediation_item_policy_gap" ON "remediation_item" ("organisation_id", "source_key")
        WHERE "source" = 'policy_model' AND "status" <> 'verified'`,
    );

    await q.query(`ALTER TABLE "portfolio_org" ADD COLUMN "open_items" integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE FUNCTION "aup_portfolio_recount_items"(p_orgs uuid[]) RETURNS void LANGUAGE sql AS $$
        UPDATE portfolio_org p SET open_items = (
          SELECT count(*) FROM remediation_item i
           WHERE i.organisation_id = p.organisation_id AND i.status IN ('open', 'in_progress', 'blocked'))
         WHERE p.organisation_id = ANY(p_orgs)
      $$`);
    await q.query(`
      CREATE FUNCTION "aup_remediation_item_portfolio"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN PERFORM aup_portfolio_recount_items(ARRAY(SELECT DISTINCT organisation_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN PERFORM aup_portfolio_recount_items(ARRAY(SELECT DISTINCT organisation_id FROM old_rows));
        ELSE PERFORM aup_portfolio_recount_items(ARRAY(
          SELECT DISTINCT n.organisation_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.status IS DISTINCT FROM o.status));
        END IF;
        RETURN NULL;
      END $$`);
    for (const [event, tables] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
      ['UPDATE', 'NEW TABLE AS new_rows OLD TABLE AS old_rows'],
    ]) {
      await q.query(
        `CREATE TRIGGER "trg_remediation_item_portfolio_${event.toLowerCase()}" AFTER ${event} ON "remediation_item" REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION "aup_remediation_item_portfolio"()`,
      );
    }
    await q.query(
      `SELECT aup_portfolio_recount_items(ARRAY(SELECT DISTINCT organisation_id FROM remediation_item))`,
    );
    // Overdue items of a page's organisations: a short index-only range per organisation, over the items
    // still needing work only (the general index has status before due date, so it reads them all).
    await q.query(
      `CREATE INDEX "ix_remediation_item_active_due" ON "remediation_item" ("organisation_id", "due_date")
        WHERE "status" IN ('open', 'in_progress', 'blocked')`,
    );

    await q.query(`
      CREATE TABLE "policy_document" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "document" text NOT NULL CHECK ("document" IN ('policy', 'action-plan')),
        "format" text NOT NULL CHECK ("format" IN ('docx', 'pdf')),
        "model" jsonb NOT NULL,
        "status" text NOT NULL DEFAULT 'queued' CHECK ("status" IN ('queued', 'running', 'done', 'failed')),
        "attempts" integer NOT NULL DEFAULT 0,
        "error" text,
        "file" bytea,
        "file_name" text NOT NULL,
        "content_type" text NOT NULL,
        "size" integer,
        "sha256" text,
        "requested_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "requested_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz,
        CHECK ("status" <> 'done' OR ("file" IS NOT NULL AND "sha256" IS NOT NULL AND "size" IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX "ix_policy_document_org" ON "policy_document" ("organisation_id", "requested_at" DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "policy_document"`);
    for (const event of ['insert', 'delete', 'update']) {
      await q.query(`DROP TRIGGER "trg_remediation_item_portfolio_${event}" ON "remediation_item"`);
    }
    await q.query(`DROP INDEX "ix_remediation_item_active_due"`);
    await q.query(`DROP FUNCTION "aup_remediation_item_portfolio"()`);
    await q.query(`DROP FUNCTION "aup_portfolio_recount_items"(uuid[])`);
    await q.query(`ALTER TABLE "portfolio_org" DROP COLUMN "open_items"`);
    await q.query(`DROP INDEX "ux_remediation_item_policy_gap"`);
    await q.query(`DELETE FROM "remediation_item" WHERE "source" = 'policy_model'`);
    await q.query(`
      ALTER TABLE "remediation_item" DROP CONSTRAINT "ck_remediation_item_source",
        DROP COLUMN "source_key", DROP COLUMN "source", ALTER COLUMN "origin_audit_id" SET NOT NULL`);
  }
}
