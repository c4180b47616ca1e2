import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit workflow's rules in the database, where every writer of answers meets them:
 * - answers get the status `needs_changes` (a reviewer sent the answer back to its respondent);
 * - review locks answers (the domain's STATUS_LOCKS): while an audit is in_review an answer may be written
 *   only to send it back or, once sent back, to answer it again; while it is submitted or closed nothing is
 *   written. Refused with the SQLSTATE aup_save_answers uses for a locked audit (UA423, DETAIL: the status);
 * - each result snapshot is numbered per audit (`version`), so every submission stays readable as a
 *   version of the audit.
 */
export class AuditWorkflow1797400000000 implements MigrationInterface {
  name = 'AuditWorkflow1797400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "answer" DROP CONSTRAINT "answer_status_check"`);
    await q.query(
      `ALTER TABLE "answer" ADD CONSTRAINT "answer_status_check" CHECK ("status" IN ('unanswered', 'answered', 'needs_review', 'needs_changes'))`,
    );
    await q.query(`
      CREATE FUNCTION "aup_answer_review_lock"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_status text;
      BEGIN
        SELECT a.status INTO v_status FROM audit a WHERE a.id = NEW.audit_id;
        IF v_status IN ('submitted', 'closed') THEN
          RAISE EXCEPTION 'audit is locked' USING ERRCODE = 'UA423', DETAIL = v_status;
        END IF;
        IF v_status = 'in_review' AND NEW.status <> 'needs_changes'
           AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'needs_changes') THEN
          RAISE EXCEPTION 'answer is locked for review' USING ERRCODE = 'UA423', DETAIL = v_status;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER "answer_review_lock" BEFORE INSERT OR UPDATE ON "answer" FOR EACH ROW EXECUTE FUNCTION "aup_answer_review_lock"()`,
    );

    await q.query(`ALTER TABLE "result_snapshot" ADD COLUMN "version" integer`);
    // Snapshots are immutable (trg_result_snapshot_immutable); numbering the existing ones is the one exception.
    await q.query(`ALTER TABLE "result_snapshot" DISABLE TRIGGER "trg_result_snapshot_immutable"`);
    await q.query(`
      UPDATE result_snapshot s SET version = n.v
        FROM (SELECT id, row_number() OVER (PARTITION BY audit_id ORDER BY created_at, id) AS v FROM result_snapshot) n
       WHERE n.id = s.id`);
    await q.query(`ALTER TABLE "result_snapshot" ENABLE TRIGGER "trg_result_snapshot_immutable"`);
    await q.query(`ALTER TABLE "result_snapshot" ALTER COLUMN "version" SET NOT NULL`);
    // A new snapshot gets the next number of its audit (submits hold the audit row locked, so numbers never race).
    await q.query(`
      CREATE FUNCTION "aup_result_snapshot_version"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.version IS NULL THEN
          NEW.version := COALESCE((SELECT max(s.version) FROM result_snapshot s WHERE s.audit_id = NEW.audit_id), 0) + 1;
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER "result_snapshot_version" BEFORE INSERT ON "result_snapshot" FOR EACH ROW EXECUTE FUNCTION "aup_result_snapshot_version"()`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "uq_result_snapshot_audit_version" ON "result_snapshot" ("audit_id", "version")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "result_snapshot_version" ON "result_snapshot"`);
    await q.query(`DROP FUNCTION "aup_result_snapshot_version"()`);
    await q.query(`DROP INDEX "uq_result_snapshot_audit_version"`);
    await q.query(`ALTER TABLE "result_snapshot" DROP COLUMN "version"`);
    await q.query(`DROP TRIGGER "answer_review_lock" ON "answer"`);
    await q.query(`DROP FUNCTION "aup_answer_review_lock"()`);
    await q.query(`UPDATE answer SET status = 'answered' WHERE status = 'needs_changes'`);
    await q.query(`ALTER TABLE "answer" DROP CONSTRAINT "answer_status_check"`);
    await q.query(
      `ALTER TABLE "answer" ADD CONSTRAINT "answer_status_check" CHECK ("status" IN ('unanswered', 'answered', 'needs_review'))`,
    );
  }
}
