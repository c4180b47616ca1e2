import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';
import { rowsOf } from '../rows';

/** A person's second factor as the MFA checks read it (the TOTP secret as stored: sealed). */
export interface MfaStateRecord {
  email: string | null;
  passwordHash: string | null;
  sealedSecret: string | null;
  enabledAt: Date | null;
}

/**
 * TOTP second factor (columns of `user`) and recovery codes (`mfa_recovery_code`, SHA-256 only).
 */
@Injectable()
export class MfaRepository extends TxRepository {
  async state(userId: string): Promise<MfaStateRecord> {
    const [row]: MfaStateRecord[] = await this.db.query(
      `SELECT email, password_hash AS "passwordHash", mfa_secret AS "sealedSecret", mfa_enabled_at AS "enabledAt"
         FROM "user" WHERE id = $1`,
      [userId],
    );
    return row;
  }

  /** Every stored secret, for re-sealing under a new key. */
  async sealedSecrets(): Promise<{ userId: string; sealedSecret: string }[]> {
    return this.db.query(
      `SELECT id AS "userId", mfa_secret AS "sealedSecret" FROM "user" WHERE mfa_secret IS NOT NULL`,
    );
  }

  /** Replaces a sealed secret if it is still the one read (a concurrent change wins). */
  async reseal(userId: string, sealedSecret: string, previous: string): Promise<void> {
    await this.db.query(`UPDATE "user" SET mfa_secret = $2 WHERE id = $1 AND mfa_secret = $3`, [
      userId,
      sealedSecret,
      previous,
    ]);
  }

  /** Enrolment: a new secret, not yet on until `enable`. */
  async setPendingSecret(userId: string, sealedSecret: string): Promise<void> {
    await this.db.query(`UPDATE "user" SET mfa_secret = $2, mfa_last_step = NULL WHERE id = $1`, [
      userId,
      sealedSecret,
    ]);
  }

  /** Turns MFA on with a fresh set of recovery codes (their hashes). */
  async enable(userId: string, recoveryCodeHashes: string[]): Promise<void> {
    await this.db.query(`UPDATE "user" SET mfa_enabled_at = now() WHERE id = $1`, [userId]);
    await this.deleteRecoveryCodes(userId);
    await this.db.query(`INSERT INTO mfa_recovery_code (user_id, code_hash) SELECT $1, unnest($2::text[])`, [
      userId,
      recoveryCodeHashes,
    ]);
  }

  async disable(userId: string): Promise<void> {
    await this.db.query(
      `UPDATE "user" SET mfa_secret = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL WHERE id = $1`,
      [userId],
    );
    await this.deleteRecoveryCodes(userId);
  }

  async deleteRecoveryCodes(userId: string): Promise<void> {
    await this.db.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
  }

  /** Spends an unused recovery code; false when there is none with this hash. */
  async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const used = await rowsOf(
      this.db,
      `UPDATE mfa_recovery_code SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, codeHash],
    );
    return used.length > 0;
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const [{ n }]: { n: string }[] = await this.db.query(
      `SELECT count(*) AS n FROM mfa_recovery_code WHERE user_id = $1 AND used_at IS NULL`,
      [userId],
    );
    return Number(n);
  }

  /**
   * Records the time step of an accepted code, only if it is later than the last one (a code is accepted
   * once), storing the secret as given (re-sealed under the current key); false when the step was used.
   */
  async acceptStep(userId: string, step: number, sealedSecret: string): Promise<boolean> {
    const rows = await rowsOf(
      this.db,
      `UPDATE "user" SET mfa_last_step = $2, mfa_secret = $3 WHERE id = $1 AND (mfa_last_step IS NULL OR mfa_last_step < $2) RETURNING id`,
      [userId, step, sealedSecret],
    );
    return rows.length > 0;
  }
}
