import { randomBytes } from 'node:crypto';
import { HttpStatus, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Secret, TOTP } from 'otpauth';
import { DataSource, type EntityManager } from 'typeorm';
import type { MfaConfirmResponse, MfaEnrollResponse } from '@aup/contracts';
import { transaction } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { ProblemException } from '../common/problem';
import { LoginThrottleService } from './login-throttle.service';
import { MfaSecretBox } from './mfa-secret-box';
import { PasswordService } from './password.service';
import { sha256 } from './secrets';
import { rowsOf } from './sql';

const ISSUER = 'aup-audit';
const PERIOD = 30;
const RECOVERY_CODES = 10;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const totpFor = (secret: string, label = 'account') =>
  new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });

export const invalidCode = () =>
  new ProblemException(
    HttpStatus.UNAUTHORIZED,
    'AUTH.MFA_INVALID_CODE',
    'Wrong authenticator code',
    'The code is wrong, expired or was already used.',
  );

export const passwordMismatch = (detail: string) =>
  new ProblemException(HttpStatus.FORBIDDEN, 'AUTH.PASSWORD_MISMATCH', 'Wrong password', detail);

/** What proves the second factor: a current TOTP code or one unused recovery code. */
export interface SecondFactor {
  code?: string;
  recoveryCode?: string;
}

/** 80 random bits as four groups of four base32 characters: XXXX-XXXX-XXXX-XXXX. */
function newRecoveryCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => BASE32[b & 31]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** Case, spaces and dashes do not matter when a recovery code is typed. */
const recoveryHash = (code: string) => sha256(code.toUpperCase().replace(/[^A-Z2-7]/g, ''));

interface MfaState {
  email: string | null;
  password_hash: string | null;
  mfa_secret: string | null;
  mfa_enabled_at: Date | null;
}

/**
 * Optional TOTP second factor. Enrolling and turning it off need the current password (a borrowed session
 * cannot enrol its own authenticator and lock the owner out); every code check, wrong passwords included,
 * counts against the account's sign-in allowance. Turning it on returns ten single-use recovery codes,
 * stored as SHA-256 only. The TOTP secret is stored sealed by MfaSecretBox. Turning MFA on or off is
 * recorded in the account trail.
 */
@Injectable()
export class MfaService implements OnApplicationBootstrap {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly trail: AuditTrailService,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly box: MfaSecretBox,
  ) {}

  /** Seals again every secret not sealed by the current key (key rotation; secrets stored in clear before). */
  async onApplicationBootstrap(): Promise<void> {
    const rows: { id: string; mfa_secret: string }[] = await this.ds.query(
      `SELECT id, mfa_secret FROM "user" WHERE mfa_secret IS NOT NULL`,
    );
    for (const row of rows) {
      if (!this.box.needsRekey(row.mfa_secret)) continue;
      const secret = this.box.open(row.mfa_secret);
      if (secret)
        await this.ds.query(`UPDATE "user" SET mfa_secret = $2 WHERE id = $1 AND mfa_secret = $3`, [
          row.id,
          this.box.seal(secret),
          row.mfa_secret,
        ]);
    }
  }

  async enroll(userId: string, password: string): Promise<MfaEnrollResponse> {
    const user = await this.reauthenticate(userId, password);
    if (user.mfa_enabled_at) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'AUTH.MFA_ALREADY_ENABLED',
        'MFA is already on',
        'Disable it first to enrol a new authenticator.',
      );
    }
    const secret = new Secret({ size: 20 }).base32;
    await this.ds.query(`UPDATE "user" SET mfa_secret = $2, mfa_last_step = NULL WHERE id = $1`, [
      userId,
      this.box.seal(secret),
    ]);
    return { secret, otpauthUri: totpFor(secret, user.email ?? userId).toString() };
  }

  async confirm(userId: string, code: string): Promise<MfaConfirmResponse> {
    const user = await this.state(userId);
    const key = this.throttle.accountKeyFor(user.email ?? userId);
    await this.throttle.assertNotLocked([key.key]);
    if (user.mfa_enabled_at)
      throw new ProblemException(HttpStatus.CONFLICT, 'AUTH.MFA_ALREADY_ENABLED', 'MFA is already on');
    if (!user.mfa_secret) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'AUTH.MFA_NOT_ENROLLED',
        'No authenticator enrolled',
        'Call POST /auth/mfa/enroll first.',
      );
    }
    const stored = user.mfa_secret;
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    const accepted = await transaction(this.ds, async (m) => {
      if (!(await this.consume(m, userId, stored, code))) return false;
      await m.query(`UPDATE "user" SET mfa_enabled_at = now() WHERE id = $1`, [userId]);
      await m.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
      await m.query(`INSERT INTO mfa_recovery_code (user_id, code_hash) SELECT $1, unnest($2::text[])`, [
        userId,
        codes.map(recoveryHash),
      ]);
      await this.trail.append(m, {
        organisationId: null,
        actorUserId: userId,
        entity: 'user',
        entityId: userId,
        action: 'mfa_enabled',
      });
      return true;
    });
    if (!accepted) {
      await this.throttle.recordFailure([key]);
      throw invalidCode();
    }
    return { recoveryCodes: codes };
  }

  async disable(userId: string, password: string, factor: SecondFactor): Promise<void> {
    const user = await this.reauthenticate(userId, password);
    if (!user.mfa_enabled_at || !user.mfa_secret)
      throw new ProblemException(HttpStatus.CONFLICT, 'AUTH.MFA_NOT_ENABLED', 'MFA is not on');
    const stored = user.mfa_secret;
    const accepted = await transaction(this.ds, async (m) => {
      if (!(await this.verifySecondFactor(m, userId, stored, factor))) return false;
      await m.query(
        `UPDATE "user" SET mfa_secret = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL WHERE id = $1`,
        [userId],
      );
      await m.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
      await this.trail.append(m, {
        organisationId: null,
        actorUserId: userId,
        entity: 'user',
        entityId: userId,
        action: 'mfa_disabled',
      });
      return true;
    });
    if (!accepted) {
      await this.throttle.recordFailure([this.throttle.accountKeyFor(user.email ?? userId)]);
      throw invalidCode();
    }
  }

  /** Exactly one of a TOTP code and a recovery code; a used recovery code is spent. */
  async verifySecondFactor(
    manager: EntityManager,
    userId: string,
    storedSecret: string,
    factor: SecondFactor,
  ): Promise<boolean> {
    if ((factor.code === undefined) === (factor.recoveryCode === undefined)) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'VALIDATION.FAILED',
        'The request is not valid',
        'Send either `code` or `recoveryCode`.',
        {
          errors: [{ pointer: '/code', message: 'send either code or recoveryCode' }],
        },
      );
    }
    if (factor.code !== undefined) return this.consume(manager, userId, storedSecret, factor.code);
    const used = await rowsOf(
      manager,
      `UPDATE mfa_recovery_code SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, recoveryHash(factor.recoveryCode!)],
    );
    return used.length > 0;
  }

  /** Accepts a code once: the time step it belongs to is recorded so the same code cannot be replayed. */
  async consume(
    manager: EntityManager,
    userId: string,
    storedSecret: string,
    code: string,
  ): Promise<boolean> {
    const secret = this.box.open(storedSecret);
    if (!secret) return false;
    const delta = totpFor(secret).validate({ token: code, window: 1 });
    if (delta === null) return false;
    const step = Math.floor(Date.now() / 1000 / PERIOD) + delta;
    const rows = await rowsOf(
      manager,
      `UPDATE "user" SET mfa_last_step = $2, mfa_secret = $3 WHERE id = $1 AND (mfa_last_step IS NULL OR mfa_last_step < $2) RETURNING id`,
      [userId, step, this.box.needsRekey(storedSecret) ? this.box.seal(secret) : storedSecret],
    );
    return rows.length > 0;
  }

  /** The current password, counted like a sign-in: wrong ones add to the account's back-off. */
  private async reauthenticate(userId: string, password: string): Promise<MfaState> {
    const user = await this.state(userId);
    const key = this.throttle.accountKeyFor(user.email ?? userId);
    await this.throttle.assertNotLocked([key.key]);
    if (!(await this.passwords.verify(user.password_hash, password))) {
      await this.throttle.recordFailure([key]);
      throw passwordMismatch('Enter your current password to change two-step verification.');
    }
    return user;
  }

  private async state(userId: string): Promise<MfaState> {
    const [row]: MfaState[] = await this.ds.query(
      `SELECT email, password_hash, mfa_secret, mfa_enabled_at FROM "user" WHERE id = $1`,
      [userId],
    );
    return row;
  }
}
