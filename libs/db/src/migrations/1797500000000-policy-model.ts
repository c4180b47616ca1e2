import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation's own policy model: the state of each acceptable-use clause, its action plan (steps
 * with owner, deputy and contacts as roles and routes, plus the plan's review date) and its obligations
 * register. Templates stay in the compiled catalogue; these tables hold only what the organisation decided.
 *
 * For the portfolio: `policy_model_summary` keeps each organisation's coverage and completeness as last
 * computed by the api; `audit_score_point` holds one row per result snapshot (rating and overall score)
 * and `organisation_latest_score` the latest two per organisation, both filled by a trigger on
 * result_snapshot, so listing thousands of organisations never reads a results document.
 */
export class PolicyModel1797500000000 implements MigrationInterface {
  name = 'PolicyModel1797500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "policy_clause_state" (
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "clause_id" text NOT NULL,
        "state" text NOT NULL CHECK ("state" IN ('adopted', 'adapted', 'missing', 'not_applicable')),
        "variant_id" text,
        "wording" text,
        "document_ref" text,
        "reason" text,
        "owner_user_id" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "last_reviewed_on" date,
        "adopted_on" date,
        "version" integer NOT NULL DEFAULT 1,
        "updated_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("organisation_id", "clause_id"),
        CHECK ("state" <> 'not_applicable' OR "reason" IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE "action_plan" (
        "organisation_id" uuid PRIMARY KEY REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "reviewed_on" date,
        "version" integer NOT NULL DEFAULT 1,
        "updated_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "action_plan_step_state" (
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "step_id" text NOT NULL,
        "position" integer NOT NULL,
        "owner_user_id" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "deputy_user_id" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "contacts" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "last_exercised_on" date,
        "notes" text,
        "version" integer NOT NULL DEFAULT 1,
        "updated_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("organisation_id", "step_id"),
        CHECK ("owner_user_id" IS NULL OR "deputy_user_id" IS NULL OR "owner_user_id" <> "deputy_user_id")
      )`);
    await q.query(`
      CREATE TABLE "obligation_register_entry" (
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "obligation_id" text NOT NULL,
        "reporter_role" text,
        "reporter_user_id" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "route" text,
        "last_legal_review_on" date,
        "notes" text,
        "version" integer NOT NULL DEFAULT 1,
        "updated_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("organisation_id", "obligation_id")
      )`);
    await q.query(`
      CREATE TABLE "policy_model_summary" (
        "organisation_id" uuid PRIMARY KEY REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "coverage_pct" numeric(5, 1) NOT NULL,
        "clauses_missing" integer NOT NULL,
        "plan_complete" boolean NOT NULL,
        "plan_completeness_pct" numeric(5, 1) NOT NULL,
        "countries_not_covered" integer NOT NULL,
        "computed_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "audit_score_point" (
        "snapshot_id" uuid PRIMARY KEY REFERENCES "result_snapshot" ("id") ON DELETE CASCADE,
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "audit_id" uuid NOT NULL REFERENCES "audit" ("id") ON DELETE CASCADE,
        "rating" text NOT NULL,
        "overall" numeric(6, 2),
        "created_at" timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX "ix_audit_score_point_org" ON "audit_score_point" ("organisation_id", "created_at" DESC)`,
    );
    await q.query(`
      CREATE TABLE "organisation_latest_score" (
        "organisation_id" uuid PRIMARY KEY REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "rating" text NOT NULL,
        "overall" numeric(6, 2),
        "previous_overall" numeric(6, 2),
        "scored_audits" integer NOT NULL,
        "last_at" timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION "aup_record_score_point"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO audit_score_point (snapshot_id, organisation_id, audit_id, rating, overall, created_at)
        VALUES (NEW.id, NEW.organisation_id, NEW.audit_id, COALESCE(NEW.result->>'rating', 'unrated'), (NEW.result->>'overall')::numeric, NEW.created_at);
        INSERT INTO organisation_latest_score AS l (organisation_id, rating, overall, previous_overall, scored_audits, last_at)
        VALUES (NEW.organisation_id, COALESCE(NEW.result->>'rating', 'unrated'), (NEW.result->>'overall')::numeric, NULL, 1, NEW.created_at)
        ON CONFLICT (organisation_id) DO UPDATE SET rating = EXCLUDED.rating, overall = EXCLUDED.overall, previous_overall = l.overall,
          scored_audits = l.scored_audits + 1, last_at = EXCLUDED.last_at;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER "trg_result_snapshot_score_point" AFTER INSERT ON "result_snapshot" FOR EACH ROW EXECUTE FUNCTION "aup_record_score_point"()`,
    );
    await q.query(`
      INSERT INTO audit_score_point (snapshot_id, organisation_id, audit_id, rating, overall, created_at)
      SELECT id, organisation_id, audit_id, COALESCE(result->>'rating', 'unrated'), (result->>'overall')::numeric, created_at FROM result_snapshot`);
    await q.query(`
      INSERT INTO organisation_latest_score (organisation_id, rating, overall, previous_overall, scored_audits, last_at)
      SELECT DISTINCT ON (organisation_id) organisation_id, rating, overall,
             lead(overall) OVER (PARTITION BY organisation_id ORDER BY created_at DESC), count(*) OVER (PARTITION BY organisation_id), created_at
        FROM audit_score_point ORDER BY organisation_id, created_at DESC`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "trg_result_snapshot_score_point" ON "result_snapshot"`);
    await q.query(`DROP FUNCTION "aup_record_score_point"()`);
    for (const t of [
      'organisation_latest_score',
      'audit_score_point',
      'policy_model_summary',
      'obligation_register_entry',
      'action_plan_step_state',
      'action_plan',
      'policy_clause_state',
    ]) {
      await q.query(`DROP TABLE "${t}"`);
    }
  }
}
