import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key on the requests that queue work without a row of their own to hold the key (the webhook
 * test, the retry of a dead letter): one row per organisation, person, operation and key, written in the
 * request's transaction with the answer it gave. A repeat finds the row and gets the same answer; a
 * concurrent repeat waits on the row's unique key and then finds it.
 */
export class RequestIdempotency1797640000000 implements MigrationInterface {
  name = 'RequestIdempotency1797640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "request_idempotency" (
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
        "operation" text NOT NULL,
        "key" text NOT NULL,
        "target" text NOT NULL DEFAULT '',
        "answer" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("organisation_id", "user_id", "operation", "key")
      )`);
    await q.query(`CREATE INDEX "ix_request_idempotency_created" ON "request_idempotency" ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "request_idempotency"`);
  }
}
