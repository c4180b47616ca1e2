import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { authenticator } from 'otplib';
import { DataSource, type EntityManager } from 'typeorm';
import type { MfaEnrollResponse } from '@aup/contracts';
import { transaction } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { ProblemException } from '../common/problem';
import { rowsOf } from './sql';

const ISSUER = 'aup-audit';
// One step either side tolerates clock drift of up to 30 seconds.
const totp = authenticator.clone({ window: 1 });

export const invalidCode = () =>
  new ProblemException(HttpStatus.UNAUTHORIZED, 'AUTH.MFA_INVALID_CODE', 'Wrong authenticator code', 'The code is wrong, expired or was already used.');

/**
 * Optional TOTP second factor: enrol (secret + otpauth URI), confirm with a code to turn it on, disable with
 * a code. Turning it on or off is recorded in the account trail (organisation-less chain).
 */
@Injectable()
export class MfaService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly trail: AuditTrailService,
  ) {}

  async enroll(userId: string): Promise<MfaEnrollResponse> {
    const [user] = await this.state(userId);
    if (user.mfa_enabled_at) {
      throw new ProblemException(HttpStatus.CONFLICT, 'AUTH.MFA_ALREADY_ENABLED', 'MFA is already on', 'Disable it with a code first to enrol a new authenticator.');
    }
    const secret = totp.generateSecret(20);
    await this.ds.query(`UPDATE "user" SET mfa_secret = $2, mfa_last_step = NULL WHERE id = $1`, [userId, secret]);
    return { secret, otpauthUri: totp.keyuri(user.email ?? userId, ISSUER, secret) };
  }

  async confirm(userId: string, code: string): Promise<void> {
    const [user] = await this.state(userId);
    if (user.mfa_enabled_at) throw new ProblemException(HttpStatus.CONFLICT, 'AUTH.MFA_ALREADY_ENABLED', 'MFA is already on');
    if (!user.mfa_secret) {
      throw new ProblemException(HttpStatus.CONFLICT, 'AUTH.MFA_NOT_ENROLLED', 'No authenticator enrolled', 'Call POST /auth/mfa/enroll first.');
    }
    const secret = user.mfa_secret;
    const accepted = await transaction(this.ds, async (m) => {
      if (!(await this.consume(m, userId, secret, code))) return false;
      await m.query(`UPDATE "user" SET mfa_enabled_at = now() WHERE id = $1`, [userId]);
      await this.trail.append(m, { organisationId: null, actorUserId: userId, entity: 'user', entityId: userId, action: 'mfa_enabled' });
      return true;
    });
    if (!accepted) throw invalidCode();
  }

  async disable(userId: string, code: string): Promise<void> {
    const [user] = await this.state(userId);
    if (!user.mfa_enabled_at || !user.mfa_secret) throw new ProblemException(HttpStatus.CONFLICT, 'AUTH.MFA_NOT_ENABLED', 'MFA is not on');
    const secret = user.mfa_secret;
    const accepted = await transaction(this.ds, async (m) => {
      if (!(await this.consume(m, userId, secret, code))) return false;
      await m.query(`UPDATE "user" SET mfa_secret = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL WHERE id = $1`, [userId]);
      await this.trail.append(m, { organisationId: null, actorUserId: userId, entity: 'user', entityId: userId, action: 'mfa_disabled' });
      return true;
    });
    if (!accepted) throw invalidCode();
  }

  /** Accepts a code once: the time step it belongs to is recorded so the same code cannot be replayed. */
  async consume(manager: EntityManager, userId: string, secret: string, code: string): Promise<boolean> {
    const delta = totp.checkDelta(code, secret);
    if (delta === null) return false;
    const step = Math.floor(Date.now() / 1000 / 30) + delta;
    const rows = await rowsOf(
      manager,
      `UPDATE "user" SET mfa_last_step = $2 WHERE id = $1 AND (mfa_last_step IS NULL OR mfa_last_step < $2) RETURNING id`,
      [userId, step],
    );
    return rows.length > 0;
  }

  private state(userId: string): Promise<{ email: string | null; mfa_secret: string | null; mfa_enabled_at: Date | null }[]> {
    return this.ds.query(`SELECT email, mfa_secret, mfa_enabled_at FROM "user" WHERE id = $1`, [userId]);
  }
}
