import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit: pinned framework versions, audits, section assignments, answers with their history,
 * evidence references and reviewer comments, immutable result snapshots, and the hash-chained audit trail.
 */
export class Audits1795347768734 implements MigrationInterface {
  name = 'Audits1795347768734';

  async up(q: QueryRunner): Promise<void> {
    // One row per compiled catalogue; audits pin it by content hash, so a new framework release never
    // changes how an existing audit is scored.
    await q.query(`
      CREATE TABLE "framework_version" (
        "content_hash" text PRIMARY KEY CHECK ("content_hash" ~ '^[0-9a-f]{64}$'),
        "framework_id" text NOT NULL,
        "version" text NOT NULL,
        "catalogue" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "ix_framework_version_id" ON "framework_version" ("framework_id", "version")`,
    );
    await q.query(`
      CREATE TABLE "audit" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "framework_id" text NOT NULL,
        "framework_version" text NOT NULL,
        "content_hash" text NOT NULL REFERENCES "framework_version" ("content_hash"),
        "title" text NOT NULL,
        "status" text NOT NULL DEFAULT 'draft' CHECK ("status" IN ('draft', 'in_progress', 'in_review', 'submitted', 'closed')),
        "due_date" date,
        "previous_audit_id" uuid REFERENCES "audit" ("id") ON DELETE SET NULL,
        "created_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "submitted_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "submitted_at" timestamptz,
        "attestation" jsonb,
        "closed_at" timestamptz,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "ix_audit_org_created" ON "audit" ("organisation_id", "created_at" DESC, "id")`,
    );
    await q.query(`CREATE INDEX "ix_audit_org_status" ON "audit" ("organisation_id", "status")`);
    await q.query(`
      CREATE TABLE "section_assignment" (
        "audit_id" uuid NOT NULL REFERENCES "audit" ("id") ON DELETE CASCADE,
        "section" text NOT NULL,
        "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "assigned_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "assigned_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("audit_id", "section", "user_id")
      )`);
    await q.query(
      `CREATE INDEX "ix_section_assignment_user" ON "section_assignment" ("user_id", "audit_id")`,
    );
    await q.query(`
      CREATE TABLE "answer" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "audit_id" uuid NOT NULL REFERENCES "audit" ("id") ON DELETE CASCADE,
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "question_id" text NOT NULL,
        "value" jsonb,
        "status" text NOT NULL DEFAULT 'answered' CHECK ("status" IN ('unanswered', 'answered', 'needs_review')),
        "justification" text,
        "note" text,
        "answered_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "answered_at" timestamptz,
        "version" integer NOT NULL DEFAULT 1 CHECK ("version" >= 1),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_answer_audit_question" ON "answer" ("audit_id", "question_id")`);
    // One history row per successful write, keyed by the version it produced: a lost update cannot
    // hide here because two writes can never both create the same version.
    await q.query(`
      CREATE TABLE "answer_history" (
        "id" bigserial PRIMARY KEY,
        "answer_id" uuid NOT NULL REFERENCES "answer" ("id") ON DELETE CASCADE,
        "audit_id" uuid NOT NULL REFERENCES "audit" ("id") ON DELETE CASCADE,
        "question_id" text NOT NULL,
        "version" integer NOT NULL,
        "value" jsonb,
        "status" text NOT NULL,
        "justification" text,
        "note" text,
        "evidence" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "changed_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "changed_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_answer_history_version" ON "answer_history" ("answer_id", "version")`,
    );
    await q.query(`
      CREATE TABLE "evidence_ref" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "answer_id" uuid NOT NULL REFERENCES "answer" ("id") ON DELETE CASCADE,
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "position" integer NOT NULL,
        "title" text NOT NULL,
        "kind" text NOT NULL CHECK ("kind" IN ('document', 'link', 'attestation', 'record')),
        "location" text,
        "owner_user_id" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "owner_role" text,
        "evidence_date" date,
        "expires_on" date,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ck_evidence_ref_one_owner" CHECK ("owner_user_id" IS NULL OR "owner_role" IS NULL)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_evidence_ref_position" ON "evidence_ref" ("answer_id", "position")`,
    );
    await q.query(
      `CREATE INDEX "ix_evidence_ref_expiry" ON "evidence_ref" ("organisation_id", "expires_on") WHERE "expires_on" IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE "answer_comment" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "audit_id" uuid NOT NULL REFERENCES "audit" ("id") ON DELETE CASCADE,
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "question_id" text NOT NULL,
        "author_user_id" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "body" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "ix_answer_comment_question" ON "answer_comment" ("audit_id", "question_id", "created_at")`,
    );
    await q.query(`
      CREATE TABLE "result_snapshot" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "audit_id" uuid NOT NULL REFERENCES "audit" ("id") ON DELETE CASCADE,
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "content_hash" text NOT NULL REFERENCES "framework_version" ("content_hash"),
        "formula_version" text NOT NULL,
        "result" jsonb NOT NULL,
        "snapshot_hash" text NOT NULL,
        "created_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX "ix_result_snapshot_audit" ON "result_snapshot" ("audit_id", "created_at" DESC)`,
    );
    // No foreign key to organisation: the trail is evidence and must outlive what it describes.
    await q.query(`
      CREATE TABLE "audit_event" (
        "id" bigserial PRIMARY KEY,
        "organisation_id" uuid,
        "seq" bigint NOT NULL CHECK ("seq" >= 1),
        "actor_user_id" uuid,
        "entity" text NOT NULL,
        "entity_id" text NOT NULL,
        "action" text NOT NULL,
        "before" jsonb,
        "after" jsonb,
        "at" timestamptz NOT NULL,
        "prev_hash" text NOT NULL,
        "hash" text NOT NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_audit_event_chain_seq" ON "audit_event" (COALESCE("organisation_id", '00000000-0000-0000-0000-000000000000'::uuid), "seq")`,
    );
    await q.query(`CREATE INDEX "ix_audit_event_org" ON "audit_event" ("organisation_id", "id" DESC)`);
    await q.query(
      `CREATE INDEX "ix_audit_event_entity" ON "audit_event" ("organisation_id", "entity", "entity_id")`,
    );
    // The head of each organisation's chain. Appends lock its row, so concurrent appends queue up
    // instead of forking the chain.
    await q.query(`
      CREATE TABLE "audit_chain_head" (
        "chain_id" uuid PRIMARY KEY,
        "seq" bigint NOT NULL,
        "last_hash" text NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION "aup_forbid_update"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'rows of % are immutable', TG_TABLE_NAME USING ERRCODE = '55000';
      END $$`);
    await q.query(
      `CREATE TRIGGER "trg_audit_event_immutable" BEFORE UPDATE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION "aup_forbid_update"()`,
    );
    await q.query(
      `CREATE TRIGGER "trg_result_snapshot_immutable" BEFORE UPDATE ON "result_snapshot" FOR EACH ROW EXECUTE FUNCTION "aup_forbid_update"()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_chain_head"`);
    await q.query(`DROP TABLE "audit_event"`);
    await q.query(`DROP TABLE "result_snapshot"`);
    await q.query(`DROP FUNCTION "aup_forbid_update"()`);
    await q.query(`DROP TABLE "answer_comment"`);
    await q.query(`DROP TABLE "evidence_ref"`);
    await q.query(`DROP TABLE "answer_history"`);
    await q.query(`DROP TABLE "answer"`);
    await q.query(`DROP TABLE "section_assignment"`);
    await q.query(`DROP TABLE "audit"`);
    await q.query(`DROP TABLE "framework_version"`);
  }
}
