import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation's own policy model: the state of each acceptable-use clause, its action plan (steps
 * with owner, deputy and contacts as roles and routes, plus the plan's review date) and its obligations
 * register. Templates stay in the compiled catalogue; these tables hold only what the organisation decided.
 *
 * For the portfolio: `portfolio_org` is one row per organisation with everything the portfolio lists and
 * sorts by (name, whether respondents see scores, latest rating and score, policy coverage, plan
 * completeness), indexed per sort key, so a page of a person's organisations is read in index order and
 * stops after the page however many organisations they belong to. Triggers keep it: on organisation
 * (name, settings) and on result_snapshot (which also fills `audit_score_point`, one row per submitted
 * audit, for the trend); the api writes the policy-model figures. No results document is ever read.
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
      CREATE TABLE "portfolio_org" (
        "organisation_id" uuid PRIMARY KEY REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "name" text NOT NULL,
        "name_key" text NOT NULL,
        "respondents_see_scores" boolean NOT NULL DEFAULT false,
        "rating" text,
        "rating_rank" smallint,
        "overall" numeric(6, 2),
        "previous_overall" numeric(6, 2),
        "scored_audits" integer NOT NULL DEFAULT 0,
        "last_audit_at" timestamptz,
        "coverage_pct" numeric(5, 1),
        "clauses_missing" integer,
        "plan_complete" boolean,
        "plan_completeness_pct" numeric(5, 1),
        "countries_not_covered" integer,
        "summary_at" timestamptz
      )`);
    // One index per sort key and direction, missing values last both ways, ties by name then id.
    for (const [key, column] of [
      ['name', null],
      ['rating', 'rating_rank'],
      ['score', 'overall'],
      ['coverage', 'coverage_pct'],
      ['plan', 'plan_completeness_pct'],
    ] as const) {
      const lead = (dir: string) => (column ? `"${column}" ${dir} NULLS LAST, ` : '');
      await q.query(
        `CREATE INDEX "ix_portfolio_org_${key}_asc" ON "portfolio_org" (${lead('ASC')}"name_key" ASC, "organisation_id" ASC)`,
      );
      if (column)
        await q.query(
          `CREATE INDEX "ix_portfolio_org_${key}_desc" ON "portfolio_org" (${lead('DESC')}"name_key" DESC, "organisation_id" DESC)`,
        );
    }
    // How many organisations each person sees in the portfolio, so a page's total is one row, not a count.
    await q.query(`
      CREATE TABLE "portfolio_user" (
        "user_id" uuid PRIMARY KEY REFERENCES "user" ("id") ON DELETE CASCADE,
        "visible" integer NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION "aup_portfolio_recount"(p_users uuid[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO portfolio_user (user_id, visible)
        SELECT u, (SELECT count(*) FROM membership m JOIN portfolio_org p ON p.organisation_id = m.organisation_id
                    WHERE m.user_id = u AND (m.role <> 'respondent' OR p.respondents_see_scores))
          FROM unnest(p_users) u WHERE EXISTS (SELECT 1 FROM "user" WHERE id = u)
        ON CONFLICT (user_id) DO UPDATE SET visible = EXCLUDED.visible
      $$`);
    await q.query(`
      CREATE FUNCTION "aup_membership_portfolio"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN PERFORM aup_portfolio_recount(ARRAY(SELECT DISTINCT user_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN PERFORM aup_portfolio_recount(ARRAY(SELECT DISTINCT user_id FROM old_rows));
        ELSE PERFORM aup_portfolio_recount(ARRAY(SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`);
    for (const [event, tables] of [
      ['INSERT', 'NEW TABLE AS new_rows'],
      ['DELETE', 'OLD TABLE AS old_rows'],
      ['UPDATE', 'NEW TABLE AS new_rows OLD TABLE AS old_rows'],
    ]) {
      await q.query(
        `CREATE TRIGGER "trg_membership_portfolio_${event.toLowerCase()}" AFTER ${event} ON "membership" REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION "aup_membership_portfolio"()`,
      );
    }

    await q.query(`
      CREATE FUNCTION "aup_portfolio_org_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO portfolio_org (organisation_id, name, name_key, respondents_see_scores)
        VALUES (NEW.id, NEW.name, lower(NEW.name), COALESCE(NEW.settings -> 'respondentsSeeScores' = 'true'::jsonb, false))
        ON CONFLICT (organisation_id) DO UPDATE SET name = EXCLUDED.name, name_key = EXCLUDED.name_key, respondents_see_scores = EXCLUDED.respondents_see_scores;
        -- Respondents see the organisation in their portfolio only while it shows them scores.
        IF TG_OP = 'UPDATE' AND (OLD.settings -> 'respondentsSeeScores') IS DISTINCT FROM (NEW.settings -> 'respondentsSeeScores') THEN
          PERFORM aup_portfolio_recount(ARRAY(SELECT user_id FROM membership WHERE organisation_id = NEW.id AND role = 'respondent'));
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER "trg_organisation_portfolio" AFTER INSERT OR UPDATE OF "name", "settings" ON "organisation" FOR EACH ROW EXECUTE FUNCTION "aup_portfolio_org_sync"()`,
    );
    await q.query(`
      CREATE FUNCTION "aup_record_score_point"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_rating text := COALESCE(NEW.result->>'rating', 'unrated');
      BEGIN
        INSERT INTO audit_score_point (snapshot_id, organisation_id, audit_id, rating, overall, created_at)
        VALUES (NEW.id, NEW.organisation_id, NEW.audit_id, v_rating, (NEW.result->>'overall')::numeric, NEW.created_at);
        UPDATE portfolio_org SET rating = v_rating, rating_rank = aup_rating_rank(v_rating), previous_overall = overall,
               overall = (NEW.result->>'overall')::numeric, scored_audits = scored_audits + 1, last_audit_at = NEW.created_at
         WHERE organisation_id = NEW.organisation_id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION "aup_rating_rank"(p_rating text) RETURNS smallint LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE p_rating WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 END::smallint
      $$`);
    await q.query(
      `CREATE TRIGGER "trg_result_snapshot_score_point" AFTER INSERT ON "result_snapshot" FOR EACH ROW EXECUTE FUNCTION "aup_record_score_point"()`,
    );

    await q.query(`
      INSERT INTO portfolio_org (organisation_id, name, name_key, respondents_see_scores)
      SELECT id, name, lower(name), COALESCE(settings -> 'respondentsSeeScores' = 'true'::jsonb, false) FROM organisation`);
    await q.query(`SELECT aup_portfolio_recount(ARRAY(SELECT DISTINCT user_id FROM membership))`);
    await q.query(`
      INSERT INTO audit_score_point (snapshot_id, organisation_id, audit_id, rating, overall, created_at)
      SELECT id, organisation_id, audit_id, COALESCE(result->>'rating', 'unrated'), (result->>'overall')::numeric, created_at FROM result_snapshot`);
    await q.query(`
      UPDATE portfolio_org p SET rating = s.rating, rating_rank = aup_rating_rank(s.rating), overall = s.overall, previous_overall = s.previous, scored_audits = s.n, last_audit_at = s.created_at
        FROM (SELECT DISTINCT ON (organisation_id) organisation_id, rating, overall, created_at,
                     lead(overall) OVER (PARTITION BY organisation_id ORDER BY created_at DESC) AS previous, count(*) OVER (PARTITION BY organisation_id) AS n
                FROM audit_score_point ORDER BY organisation_id, created_at DESC) s
       WHERE p.organisation_id = s.organisation_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "trg_result_snapshot_score_point" ON "result_snapshot"`);
    await q.query(`DROP TRIGGER "trg_organisation_portfolio" ON "organisation"`);
    await q.query(`DROP FUNCTION "aup_record_score_point"()`);
    await q.query(`DROP FUNCTION "aup_rating_rank"(text)`);
    await q.query(`DROP FUNCTION "aup_portfolio_org_sync"()`);
    for (const event of ['insert', 'delete', 'update']) {
      await q.query(`DROP TRIGGER "trg_membership_portfolio_${event}" ON "membership"`);
    }
    await q.query(`DROP FUNCTION "aup_membership_portfolio"()`);
    await q.query(`DROP FUNCTION "aup_portfolio_recount"(uuid[])`);
    for (const t of [
      'portfolio_user',
      'portfolio_org',
      'audit_score_point',
      'obligation_register_entry',
      'action_plan_step_state',
      'action_plan',
      'policy_clause_state',
    ]) {
      await q.query(`DROP TABLE "${t}"`);
    }
  }
}
