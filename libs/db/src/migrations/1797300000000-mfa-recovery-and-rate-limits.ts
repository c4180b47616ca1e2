import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MFA recovery codes (stored as SHA-256 of 80-bit random codes, each usable once) and the fixed-window
 * request counters behind the per-address and per-account rate limits (sign-up, invitations,
 * organisation creation, batch saves).
 */
export class MfaRecoveryAndRateLimits1797300000000 implements MigrationInterface {
  name = 'MfaRecoveryAndRateLimits1797300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "mfa_recovery_code" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
        "code_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "used_at" timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_mfa_recovery_code_user_hash" ON "mfa_recovery_code" ("user_id", "code_hash")`,
    );
    await q.query(`
      CREATE TABLE "rate_limit" (
        "key" text PRIMARY KEY,
        "window_started_at" timestamptz NOT NULL,
        "hits" integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "rate_limit"`);
    await q.query(`DROP TABLE "mfa_recovery_code"`);
  }
}
