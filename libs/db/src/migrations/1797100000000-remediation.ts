import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Remediation tracking: items made from a submitted audit's plan (linked to the controls they close, with
 * the gap's severity, reason and sources), their checklist steps, comments and the audits that carried
 * them over; reminders (notifications, unique per item, threshold and date) with read marks and daily
 * digests; an organisation's webhook and its delivery log; and a dead-letter retry link on the outbox.
 */
export class Remediation1797100000000 implements MigrationInterface {
  name = 'Remediation1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "remediation_item" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "origin_audit_id" uuid NOT NULL REFERENCES "audit" ("id") ON DELETE CASCADE,
        "plan_key" text NOT NULL,
        "title" text NOT NULL,
        "priority" text NOT NULL CHECK ("priority" IN ('P1', 'P2', 'P3', 'P4')),
        "effort" text NOT NULL CHECK ("effort" IN ('XS', 'S', 'M', 'L', 'XL')),
        "owner_role" text NOT NULL,
        "owner_user_id" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "deputy_user_id" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "due_date" date NOT NULL,
        "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'in_progress', 'blocked', 'done', 'verified', 'risk_accepted')),
        "status_changed_at" timestamptz NOT NULL DEFAULT now(),
        "blocked_reason" text,
        "blocked_on" date,
        "closure_note" text,
        "closure_evidence" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "done_at" timestamptz,
        "acceptance" jsonb,
        "acceptance_expires_on" date,
        "verified_by_audit_id" uuid REFERENCES "audit" ("id") ON DELETE SET NULL,
        "verified_at" timestamptz,
        "not_effective" jsonb,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "ix_remediation_item_org" ON "remediation_item" ("organisation_id", "status", "due_date", "id")`,
    );
    await q.query(
      `CREATE INDEX "ix_remediation_item_org_created" ON "remediation_item" ("organisation_id", "created_at", "id")`,
    );
    await q.query(
      `CREATE INDEX "ix_remediation_item_owner" ON "remediation_item" ("owner_user_id") WHERE "owner_user_id" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_remediation_item_deputy" ON "remediation_item" ("deputy_user_id") WHERE "deputy_user_id" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "ix_remediation_item_origin" ON "remediation_item" ("origin_audit_id")`);

    // One row per control an item closes, keeping the gap as found (the item may outlive the framework version).
    await q.query(`
      CREATE TABLE "remediation_item_control" (
        "item_id" uuid NOT NULL REFERENCES "remediation_item" ("id") ON DELETE CASCADE,
        "control_id" text NOT NULL,
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "criticality" text NOT NULL,
        "severity" numeric(4, 2) NOT NULL,
        "priority" text NOT NULL,
        "reason" text NOT NULL,
        "source_ids" text[] NOT NULL DEFAULT '{}',
        "critical_legal" boolean NOT NULL DEFAULT false,
        "passing" boolean NOT NULL DEFAULT false,
        PRIMARY KEY ("item_id", "control_id")
      )`);
    await q.query(
      `CREATE INDEX "ix_remediation_item_control_org" ON "remediation_item_control" ("organisation_id", "control_id")`,
    );

    await q.query(`
      CREATE TABLE "remediation_step" (
        "item_id" uuid NOT NULL REFERENCES "remediation_item" ("id") ON DELETE CASCADE,
        "position" smallint NOT NULL,
        "text" text NOT NULL,
        "done" boolean NOT NULL DEFAULT false,
        "done_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "done_at" timestamptz,
        "note" text,
        PRIMARY KEY ("item_id", "position")
      )`);

    await q.query(`
      CREATE TABLE "remediation_comment" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "item_id" uuid NOT NULL REFERENCES "remediation_item" ("id") ON DELETE CASCADE,
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "author_user_id" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "body" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "ix_remediation_comment_item" ON "remediation_comment" ("item_id", "created_at")`,
    );

    // The audits an item was carried over to, and what each one's submit found.
    await q.query(`
      CREATE TABLE "remediation_item_audit" (
        "item_id" uuid NOT NULL REFERENCES "remediation_item" ("id") ON DELETE CASCADE,
        "audit_id" uuid NOT NULL REFERENCES "audit" ("id") ON DELETE CASCADE,
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "linked_at" timestamptz NOT NULL DEFAULT now(),
        "outcome" text CHECK ("outcome" IN ('verified', 'not_effective', 'still_open')),
        "failing_controls" text[],
        PRIMARY KEY ("item_id", "audit_id")
      )`);
    await q.query(`CREATE INDEX "ix_remediation_item_audit_audit" ON "remediation_item_audit" ("audit_id")`);

    await q.query(`
      CREATE TABLE "notification" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "item_id" uuid NOT NULL REFERENCES "remediation_item" ("id") ON DELETE CASCADE,
        "threshold" text NOT NULL,
        "subject_date" date NOT NULL,
        "scan_date" date NOT NULL,
        "text" text NOT NULL,
        "recipient_ids" uuid[] NOT NULL DEFAULT '{}',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "uq_notification_item_threshold" UNIQUE ("item_id", "threshold", "subject_date")
      )`);
    await q.query(
      `CREATE INDEX "ix_notification_org" ON "notification" ("organisation_id", "created_at" DESC, "id")`,
    );
    await q.query(`CREATE INDEX "ix_notification_recipients" ON "notification" USING gin ("recipient_ids")`);
    await q.query(`
      CREATE TABLE "notification_read" (
        "notification_id" uuid NOT NULL REFERENCES "notification" ("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
        "read_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("notification_id", "user_id")
      )`);
    // One reminder e-mail per person per day: the row exists once, with the job that sends it.
    await q.query(`
      CREATE TABLE "notification_digest" (
        "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
        "day" date NOT NULL,
        "job_id" uuid,
        "sent_at" timestamptz,
        PRIMARY KEY ("user_id", "day")
      )`);

    await q.query(`
      CREATE TABLE "webhook_setting" (
        "organisation_id" uuid PRIMARY KEY REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "url" text NOT NULL,
        "secret" text NOT NULL,
        "enabled" boolean NOT NULL DEFAULT true,
        "version" integer NOT NULL DEFAULT 1,
        "updated_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "webhook_delivery" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "notification_id" uuid REFERENCES "notification" ("id") ON DELETE SET NULL,
        "job_id" text NOT NULL,
        "event" text NOT NULL,
        "attempt" integer NOT NULL,
        "status_code" integer,
        "ok" boolean NOT NULL,
        "error" text,
        "duration_ms" integer NOT NULL,
        "at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "ix_webhook_delivery_org" ON "webhook_delivery" ("organisation_id", "at" DESC)`,
    );

    // A job that failed for good is marked failed on its outbox row (the dead letter); a retry copies it to a new row.
    await q.query(`ALTER TABLE "outbox" ADD COLUMN "failed_at" timestamptz, ADD COLUMN "retried_as" uuid`);
    await q.query(`CREATE INDEX "ix_outbox_failed" ON "outbox" ("failed_at") WHERE "status" = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_outbox_failed"`);
    await q.query(`ALTER TABLE "outbox" DROP COLUMN "retried_as", DROP COLUMN "failed_at"`);
    for (const t of [
      'webhook_delivery',
      'webhook_setting',
      'notification_digest',
      'notification_read',
      'notification',
      'remediation_item_audit',
      'remediation_comment',
      'remediation_step',
      'remediation_item_control',
      'remediation_item',
    ]) {
      await q.query(`DROP TABLE "${t}"`);
    }
  }
}
