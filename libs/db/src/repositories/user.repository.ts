import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';
import type { Role } from '../types';

/** A person as the api shows them. */
export interface UserRecord {
  id: string;
  email: string | null;
  displayName: string | null;
  mfaEnabledAt: Date | null;
  createdAt: Date;
}

/** What a password check needs. */
export interface UserCredentials {
  email: string | null;
  displayName: string | null;
  passwordHash: string | null;
}

export interface UserMembershipRecord {
  organisationId: string;
  organisationName: string;
  role: Role;
}

/** The columns of a UserRecord, from `"user" u`. */
export const USER_RECORD_COLUMNS = `u.id, u.email, u.display_name AS "displayName", u.mfa_enabled_at AS "mfaEnabledAt", u.created_at AS "createdAt"`;

/** Accounts and their passwords (`user`). */
@Injectable()
export class UserRepository extends TxRepository {
  /** Fails with the unique violation `uq_user_email` when the address has an account. */
  async insert(email: string, displayName: string | null, passwordHash: string): Promise<UserRecord> {
    const [row]: UserRecord[] = await this.db.query(
      `INSERT INTO "user" AS u (email, display_name, password_hash, password_changed_at) VALUES ($1, $2, $3, now())
       RETURNING ${USER_RECORD_COLUMNS}`,
      [email, displayName, passwordHash],
    );
    return row;
  }

  async find(userId: string): Promise<UserRecord | null> {
    const [row]: UserRecord[] = await this.db.query(
      `SELECT ${USER_RECORD_COLUMNS} FROM "user" u WHERE u.id = $1`,
      [userId],
    );
    return row ?? null;
  }

  /** The account of a (lower-case) e-mail with its password hash, for signing in; null when none. */
  async findForSignIn(email: string): Promise<(UserRecord & { passwordHash: string | null }) | null> {
    const [row]: (UserRecord & { passwordHash: string | null })[] = await this.db.query(
      `SELECT ${USER_RECORD_COLUMNS}, u.password_hash AS "passwordHash" FROM "user" u WHERE u.email = $1 AND u.erased_at IS NULL`,
      [email],
    );
    return row ?? null;
  }

  /** The id of the account of a (lower-case) e-mail; null when none (or erased). */
  async idByEmail(email: string): Promise<string | null> {
    const [row]: { id: string }[] = await this.db.query(
      `SELECT id FROM "user" WHERE email = $1 AND erased_at IS NULL`,
      [email],
    );
    return row?.id ?? null;
  }

  async credentials(userId: string): Promise<UserCredentials | null> {
    const [row]: UserCredentials[] = await this.db.query(
      `SELECT email, display_name AS "displayName", password_hash AS "passwordHash" FROM "user" WHERE id = $1`,
      [userId],
    );
    return row ?? null;
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.db.query(
      `UPDATE "user" SET password_hash = $2, password_changed_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
      [userId, passwordHash],
    );
  }

  /** The person's organisations and role in each, by name. */
  async memberships(userId: string): Promise<UserMembershipRecord[]> {
    return this.db.query(
      `SELECT m.organisation_id AS "organisationId", o.name AS "organisationName", m.role
         FROM membership m JOIN organisation o ON o.id = m.organisation_id
        WHERE m.user_id = $1 ORDER BY o.name, o.id`,
      [userId],
    );
  }

  /** Erasure: the row keeps its id but loses e-mail, name, password hash and MFA. */
  async anonymise(userId: string): Promise<void> {
    await this.db.query(
      `UPDATE "user" SET email = NULL, display_name = NULL, password_hash = NULL, mfa_secret = NULL, mfa_enabled_at = NULL,
              mfa_last_step = NULL, erased_at = now(), version = version + 1, updated_at = now()
        WHERE id = $1 AND erased_at IS NULL`,
      [userId],
    );
  }
}
