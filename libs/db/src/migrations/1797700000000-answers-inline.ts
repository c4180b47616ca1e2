import type { MigrationInterface, QueryRunner } from 'typeorm';
import { functionSql } from '../sql/function-sql';

/** The functions this migration replaces (libs/db/src/sql). */
export const FUNCTION_FILES_ANSWERS_INLINE = ['aup_answer_evidence.v2.sql', 'aup_save_answers.v2.sql'];

/**
 * An answer save writes about half as much:
 * - an answer's evidence is a jsonb array on the answer row (`answer.evidence`) instead of rows of
 *   `evidence_ref`, which is moved inline and dropped;
 * - a save writes no `answer_history` row: its trail event holds the answer's full state, and the history
 *   is read from the events (rows already in `answer_history` stay and are read as before; sending an
 *   answer back and copying answers into a new audit still write one there);
 * - every write of answers raises `audit.answers_revision`, and `organisation.profile_hash` keeps the
 *   profile's hash (`aup_profile_hash`), so draft results are cached by (revision, stored hash) without
 *   aggregating the answers or hashing the profile on every read.
 */
export class AnswersInline1797700000000 implements MigrationInterface {
  name = 'AnswersInline1797700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "answer" ADD COLUMN "evidence" jsonb NOT NULL DEFAULT '[]'::jsonb`);
    // Answers of submitted audits are locked by this trigger; moving their evidence changes no answer.
    await q.query(`ALTER TABLE "answer" DISABLE TRIGGER "answer_review_lock"`);
    await q.query(
      `UPDATE "answer" SET "evidence" = aup_answer_evidence("id") WHERE "id" IN (SELECT "answer_id" FROM "evidence_ref")`,
    );
    await q.query(`ALTER TABLE "answer" ENABLE TRIGGER "answer_review_lock"`);
    await q.query(`DROP TABLE "evidence_ref"`);
    await q.query(`ALTER TABLE "audit" ADD COLUMN "answers_revision" bigint NOT NULL DEFAULT 0`);
    await q.query(
      `ALTER TABLE "organisation" ADD COLUMN "profile_hash" text GENERATED ALWAYS AS (aup_profile_hash("profile")) STORED`,
    );
    for (const file of FUNCTION_FILES_ANSWERS_INLINE) await q.query(functionSql(file));
  }

  async down(q: QueryRunner): Promise<void> {
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
      INSERT INTO "evidence_ref" ("answer_id", "organisation_id", "position", "title", "kind", "location", "owner_user_id", "owner_role", "evidence_date", "expires_on")
      SELECT a."id", a."organisation_id", e.ord - 1, e.v->>'title', e.v->>'kind', e.v->>'location', (e.v->>'ownerUserId')::uuid, e.v->>'ownerRole',
             (e.v->>'date')::date, (e.v->>'expiresOn')::date
        FROM "answer" a, jsonb_array_elements(a."evidence") WITH ORDINALITY AS e(v, ord)`);
    // The history rows saves no longer wrote, from their trail events.
    await q.query(`
      INSERT INTO "answer_history" ("answer_id", "audit_id", "question_id", "version", "value", "status", "justification", "note", "evidence", "changed_by", "changed_at")
      SELECT a."id", a."audit_id", a."question_id", (e."after"->>'version')::integer, e."after"->'value', e."after"->>'status',
             e."after"->>'justification', e."after"->>'note', e."after"->'evidence', e."actor_user_id", e."at"
        FROM "answer" a JOIN "audit_event" e ON e."organisation_id" = a."organisation_id" AND e."entity" = 'answer' AND e."entity_id" = a."id"::text
       WHERE e."action" IN ('created', 'updated')
      ON CONFLICT ("answer_id", "version") DO NOTHING`);
    await q.query(`ALTER TABLE "organisation" DROP COLUMN "profile_hash"`);
    await q.query(`ALTER TABLE "audit" DROP COLUMN "answers_revision"`);
    await q.query(functionSql('aup_answer_evidence.v1.sql'));
    await q.query(functionSql('aup_save_answers.v1.sql'));
    await q.query(`ALTER TABLE "answer" DROP COLUMN "evidence"`);
  }
}
