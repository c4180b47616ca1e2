import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sessions, API tokens, invitations, one-time tokens (password reset, MFA challenge), login throttling, MFA columns. */
export class Accounts1795347660587 implements MigrationInterface {
  name = 'Accounts1795347660587';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "user"
        ADD COLUMN "mfa_secret" text,
        ADD COLUMN "mfa_enabled_at" timestamptz,
        ADD COLUMN "mfa_last_step" bigint,
        ADD COLUMN "password_changed_at" timestamptz`);
    await q.query(`
      CREATE TABLE "session" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
        "token_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "revoked_at" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_session_token_hash" ON "session" ("token_hash")`);
    await q.query(`CREATE INDEX "ix_session_user" ON "session" ("user_id")`);
    await q.query(`
      CREATE TABLE "api_token" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
        "name" text NOT NULL,
        "token_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "last_used_at" timestamptz,
        "revoked_at" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_api_token_token_hash" ON "api_token" ("token_hash")`);
    await q.query(`CREATE INDEX "ix_api_token_user" ON "api_token" ("user_id")`);
    await q.query(`
      CREATE TABLE "invitation" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "email" text NOT NULL CHECK ("email" = lower("email")),
        "role" text NOT NULL CHECK ("role" IN ('admin', 'compliance_officer', 'respondent', 'auditor')),
        "token_hash" text NOT NULL,
        "invited_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "accepted_at" timestamptz,
        "accepted_by" uuid REFERENCES "user" ("id") ON DELETE SET NULL,
        "revoked_at" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_invitation_token_hash" ON "invitation" ("token_hash")`);
    await q.query(`CREATE INDEX "ix_invitation_org" ON "invitation" ("organisation_id", "created_at")`);
    await q.query(`
      CREATE TABLE "one_time_token" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
        "purpose" text NOT NULL CHECK ("purpose" IN ('password_reset', 'mfa_challenge')),
        "token_hash" text NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "used_at" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_one_time_token_token_hash" ON "one_time_token" ("token_hash")`);
    await q.query(`CREATE INDEX "ix_one_time_token_user" ON "one_time_token" ("user_id", "purpose")`);
    await q.query(`
      CREATE TABLE "login_throttle" (
        "key" text PRIMARY KEY,
        "failures" integer NOT NULL,
        "last_failure_at" timestamptz NOT NULL,
        "locked_until" timestamptz
      )`);
    await q.query(`CREATE INDEX "ix_login_throttle_last_failure" ON "login_throttle" ("last_failure_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "login_throttle"`);
    await q.query(`DROP TABLE "one_time_token"`);
    await q.query(`DROP TABLE "invitation"`);
    await q.query(`DROP TABLE "api_token"`);
    await q.query(`DROP TABLE "session"`);
    await q.query(`
      ALTER TABLE "user"
        DROP COLUMN "mfa_secret",
        DROP COLUMN "mfa_enabled_at",
        DROP COLUMN "mfa_last_step",
        DROP COLUMN "password_changed_at"`);
  }
}
