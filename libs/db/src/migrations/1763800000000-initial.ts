import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1763800000000 implements MigrationInterface {
  name = 'Initial1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "organisation" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "profile" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "settings" jsonb NOT NULL DEFAULT '{}'::jsonb,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "user" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "email" text,
        "display_name" text,
        "password_hash" text,
        "erased_at" timestamptz,
        "version" integer NOT NULL DEFAULT 1,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "ck_user_email_lower" CHECK ("email" = lower("email"))
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_user_email" ON "user" ("email") WHERE "email" IS NOT NULL`);
    await q.query(`
      CREATE TABLE "membership" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
        "organisation_id" uuid NOT NULL REFERENCES "organisation" ("id") ON DELETE CASCADE,
        "role" text NOT NULL CHECK ("role" IN ('admin', 'compliance_officer', 'respondent', 'auditor')),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_membership_user_org" ON "membership" ("user_id", "organisation_id")`,
    );
    await q.query(`CREATE INDEX "ix_membership_org" ON "membership" ("organisation_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "membership"`);
    await q.query(`DROP TABLE "user"`);
    await q.query(`DROP TABLE "organisation"`);
  }
}
