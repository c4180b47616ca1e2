import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';
import { rowsOf } from '../rows';
import { USER_RECORD_COLUMNS, type UserRecord } from './user.repository';

export type OneTimePurpose = 'mfa_challenge' | 'password_reset';

/** An open MFA sign-in challenge and the person it signs in. */
export interface MfaChallengeRecord extends UserRecord {
  challengeId: string;
  sealedSecret: string | null;
}

/** An open password-reset link and its account. */
export interface PasswordResetRecord {
  id: string;
  userId: string;
  email: string | null;
  displayName: string | null;
}

/**
 * Single-use, expiring secrets bound to a person (`one_time_token`, SHA-256 only): MFA sign-in challenges
 * and password-reset links.
 */
@Injectable()
export class OneTimeTokenRepository extends TxRepository {
  async insert(
    userId: string,
    purpose: OneTimePurpose,
    tokenHash: string,
    ttlMinutes: number,
  ): Promise<{ id: string; expiresAt: Date }> {
    const [row]: { id: string; expiresAt: Date }[] = await this.db.query(
      `INSERT INTO one_time_token (user_id, purpose, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(mins => $4)) RETURNING id, expires_at AS "expiresAt"`,
      [userId, purpose, tokenHash, ttlMinutes],
    );
    return row;
  }

  /** An unused, unexpired challenge with fewer than `maxAttempts` wrong codes, of an account not erased. */
  async findMfaChallenge(tokenHash: string, maxAttempts: number): Promise<MfaChallengeRecord | null> {
    const [row]: MfaChallengeRecord[] = await this.db.query(
      `SELECT ${USER_RECORD_COLUMNS}, u.mfa_secret AS "sealedSecret", t.id AS "challengeId"
         FROM one_time_token t JOIN "user" u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.purpose = 'mfa_challenge' AND t.used_at IS NULL AND t.expires_at > now()
          AND t.attempts < $2 AND u.erased_at IS NULL`,
      [tokenHash, maxAttempts],
    );
    return row ?? null;
  }

  async countWrongAttempt(id: string): Promise<void> {
    await this.db.query(`UPDATE one_time_token SET attempts = attempts + 1 WHERE id = $1`, [id]);
  }

  /** Uses the token up; false when it was used already (a concurrent request won). */
  async use(id: string): Promise<boolean> {
    const used = await rowsOf(
      this.db,
      `UPDATE one_time_token SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id`,
      [id],
    );
    return used.length > 0;
  }

  /** An unused, unexpired reset link of an account not erased. */
  async findPasswordReset(tokenHash: string): Promise<PasswordResetRecord | null> {
    const [row]: PasswordResetRecord[] = await this.db.query(
      `SELECT t.id, t.user_id AS "userId", u.email, u.display_name AS "displayName"
         FROM one_time_token t JOIN "user" u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.purpose = 'password_reset' AND t.used_at IS NULL AND t.expires_at > now()
          AND u.erased_at IS NULL`,
      [tokenHash],
    );
    return row ?? null;
  }

  /** Uses up every open reset link of the person; returns how many there were. */
  async useAllPasswordResets(userId: string): Promise<number> {
    const used = await rowsOf(
      this.db,
      `UPDATE one_time_token SET used_at = now() WHERE user_id = $1 AND purpose = 'password_reset' AND used_at IS NULL RETURNING id`,
      [userId],
    );
    return used.length;
  }

  async deleteAllOf(userId: string): Promise<void> {
    await this.db.query(`DELETE FROM one_time_token WHERE user_id = $1`, [userId]);
  }
}
