import { randomBytes } from 'node:crypto';
import { HttpStatus, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Secret, TOTP } from 'otpauth';
import type { MfaConfirmResponse, MfaEnrollResponse } from '@aup/contracts';
import { MfaRepository, Transactions, type MfaStateRecord } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { ProblemException } from '../common/problem';
import { LoginThrottleService } from './login-throttle.service';
import { MfaSecretBox } from './mfa-secret-box';
import { PasswordService } from './password.service';
import { sha256 } from './secrets';

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
    private readonly transactions: Transactions,
    private readonly trail: AuditTrailService,
    private readonly passwords: PasswordService,
    private readonly throttle: LoginThrottleService,
    private readonly box: MfaSecretBox,
    private readonly repo: MfaRepository,
  ) {}

  /** Seals again every secret not sealed by the current key (key rotation; secrets stored in clear before). */
  async onApplicationBootstrap(): Promise<void> {
    for (const { userId, sealedSecret } of await this.repo.sealedSecrets()) {
      if (!this.box.needsRekey(sealedSecret)) continue;
      const secret = this.box.open(sealedSecret);
      if (secret) await this.repo.reseal(userId, this.box.seal(secret), sealedSecret);
    }
  }

  async enroll(userId: string, password: string): Promise<MfaEnrollResponse> {
    const user = await this.reauthenticate(userId, password);
    if (user.enabledAt) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'AUTH.MFA_ALREADY_ENABLED',
        'MFA is already on',
        'Disable it first to enrol a new authenticator.',
      );
    }
    const secret = new Secret({ size: 20 }).base32;
    await this.repo.setPendingSecret(userId, this.box.seal(secret));
    return { secret, otpauthUri: totpFor(secret, user.email ?? userId).toString() };
  }

  async confirm(userId: string, code: string): Promise<MfaConfirmResponse> {
    const user = await this.state(userId);
    const key = this.throttle.accountKeyFor(user.email ?? userId);
    await this.throttle.assertNotLocked([key.key]);
    if (user.enabledAt)
      throw new ProblemException(HttpStatus.CONFLICT, 'AUTH.MFA_ALREADY_ENABLED', 'MFA is already on');
    if (!user.sealedSecret) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'AUTH.MFA_NOT_ENROLLED',
        'No authenticator enrolled',
        'Call POST /auth/mfa/enroll first.',
      );
    }
    const stored = user.sealedSecret;
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    const accepted = await this.transactions.run(async () => {
      if (!(await this.consume(userId, stored, code))) return false;
      await this.repo.enable(userId, codes.map(recoveryHash));
      await this.trail.append({
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
    if (!user.enabledAt || !user.sealedSecret)
      throw new ProblemException(HttpStatus.CONFLICT, 'AUTH.MFA_NOT_ENABLED', 'MFA is not on');
    const stored = user.sealedSecret;
    const accepted = await this.transactions.run(async () => {
      if (!(await this.verifySecondFactor(userId, stored, factor))) return false;
      await this.repo.disable(userId);
      await this.trail.append({
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
  async verifySecondFactor(userId: string, storedSecret: string, factor: SecondFactor): Promise<boolean> {
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
    if (factor.code !== undefined) return this.consume(userId, storedSecret, factor.code);
    return this.repo.useRecoveryCode(userId, recoveryHash(factor.recoveryCode!));
  }

  /** Accepts a code once: the time step it belongs to is recorded so the same code cannot be replayed. */
  async consume(userId: string, storedSecret: string, code: string): Promise<boolean> {
    const secret = this.box.open(storedSecret);
    if (!secret) return false;
    const delta = totpFor(secret).validate({ token: code, window: 1 });
    if (delta === null) return false;
    const step = Math.floor(Date.now() / 1000 / PERIOD) + delta;
    const sealed = this.box.needsRekey(storedSecret) ? this.box.seal(secret) : storedSecret;
    return this.repo.acceptStep(userId, step, sealed);
  }

  /** The current password, counted like a sign-in: wrong ones add to the account's back-off. */
  private async reauthenticate(userId: string, password: string): Promise<MfaStateRecord> {
    const user = await this.state(userId);
    const key = this.throttle.accountKeyFor(user.email ?? userId);
    await this.throttle.assertNotLocked([key.key]);
    if (!(await this.passwords.verify(user.passwordHash, password))) {
      await this.throttle.recordFailure([key]);
      throw passwordMismatch('Enter your current password to change two-step verification.');
    }
    return user;
  }

  private state(userId: string): Promise<MfaStateRecord> {
    return this.repo.state(userId);
  }
}
