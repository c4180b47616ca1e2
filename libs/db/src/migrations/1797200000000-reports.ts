import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports: one row per requested file. The file lives in the row (bytea): no extra service to run. The
 * snapshot it is rendered from is the audit's result snapshot (submitted audits) or a copy taken at
 * request time (drafts), so a report never changes after it is requested. `context` holds what the api
 * resolved at request time (organisation and audit names, who answered, the trail verification).
 */
export class Reports1797200000000 implements MigrationInterface {
  name = 'Reports1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "report" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL REFERENCES "organisation"("id") ON DELETE CASCADE,
        "audit_id" uuid NOT NULL REFERENCES "audit"("id") ON DELETE CASCADE,
        "snapshot_id" uuid REFERENCES "result_snapshot"("id"),
        "draft_snapshot" jsonb,
        "snapshot_hash" text NOT NULL,
        "draft" boolean NOT NULL,
        "context" jsonb NOT NULL,
        "format" text NOT NULL CHECK ("format" IN ('pdf', 'xlsx', 'csv-controls', 'csv-remediation', 'json', 'oscal-catalog', 'oscal-assessment-results', 'oscal-poam')),
        "status" text NOT NULL DEFAULT 'queued' CHECK ("status" IN ('queued', 'running', 'done', 'failed')),
        "progress" smallint NOT NULL DEFAULT 0 CHECK ("progress" BETWEEN 0 AND 100),
        "attempts" integer NOT NULL DEFAULT 0,
        "error" text,
        "file" bytea,
        "file_name" text,
        "content_type" text,
        "size" integer,
        "sha256" text,
        "idempotency_key" text,
        "requested_by" uuid REFERENCES "user"("id"),
        "requested_at" timestamptz NOT NULL DEFAULT now(),
        "started_at" timestamptz,
        "finished_at" timestamptz,
        CHECK (("snapshot_id" IS NULL) <> ("draft_snapshot" IS NULL)),
        CHECK ("status" <> 'done' OR ("file" IS NOT NULL AND "sha256" IS NOT NULL AND "size" IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX "ix_report_audit" ON "report" ("audit_id", "requested_at" DESC)`);
    await q.query(
      `CREATE INDEX "ix_report_finished" ON "report" ("finished_at") WHERE "finished_at" IS NOT NULL`,
    );
    // One report per (requester, key): a repeated POST with the same Idempotency-Key returns the first report.
    await q.query(
      `CREATE UNIQUE INDEX "ux_report_idempotency" ON "report" ("organisation_id", "requested_by", "idempotency_key") WHERE "idempotency_key" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "report"`);
  }
}
