import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The transactional outbox and the done-once record of completed jobs. */
export class Jobs1795347714489 implements MigrationInterface {
  name = 'Jobs1795347714489';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "outbox" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "queue" text NOT NULL,
        "name" text NOT NULL,
        "payload" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'sent', 'failed')),
        "attempts" integer NOT NULL DEFAULT 0 CHECK ("attempts" >= 0),
        "available_at" timestamptz NOT NULL DEFAULT now(),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        "last_error" text
      )`);
    // The relay only ever scans pending rows that are due; sent rows pile up until pruned.
    await q.query(`CREATE INDEX "ix_outbox_pending" ON "outbox" ("available_at") WHERE "status" = 'pending'`);
    await q.query(`CREATE INDEX "ix_outbox_sent" ON "outbox" ("sent_at") WHERE "status" = 'sent'`);
    await q.query(`
      CREATE TABLE "job_execution" (
        "key" text PRIMARY KEY,
        "queue" text NOT NULL,
        "name" text NOT NULL,
        "attempt" integer NOT NULL,
        "completed_by" text NOT NULL,
        "started_at" timestamptz NOT NULL,
        "completed_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "ix_job_execution_completed_at" ON "job_execution" ("completed_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "job_execution"`);
    await q.query(`DROP TABLE "outbox"`);
  }
}
