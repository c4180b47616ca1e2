import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CredentialsRevoked, MeResponse, Role } from '@aup/contracts';
import { transaction } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { ProblemException } from '../common/problem';
import { ApiTokenService } from './api-token.service';
import { ErasureService } from './erasure.service';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import { SessionService } from './session.service';
import type { Principal } from '../common/principal';
import { toUserView, USER_COLUMNS, type UserRow } from './user-view';

const passwordMismatch = (detail: string) =>
  new ProblemException(HttpStatus.FORBIDDEN, 'AUTH.PASSWORD_MISMATCH', 'Wrong password', detail);

@Injectable()
export class MeService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly passwords: PasswordService,
    private readonly erasure: ErasureService,
    private readonly throttle: LoginThrottleService,
    private readonly trail: AuditTrailService,
    private readonly sessions: SessionService,
    private readonly tokens: ApiTokenService,
  ) {}

  async me(principal: Principal): Promise<MeResponse> {
    const [user]: UserRow[] = await this.ds.query(`SELECT ${USER_COLUMNS} FROM "user" u WHERE u.id = $1`, [
      principal.userId,
    ]);
    const memberships: { organisation_id: string; name: string; role: Role }[] = await this.ds.query(
      `SELECT m.organisation_id, o.name, m.role FROM membership m JOIN organisation o ON o.id = m.organisation_id
        WHERE m.user_id = $1 ORDER BY o.name, o.id`,
      [principal.userId],
    );
    return {
      user: toUserView(user),
      memberships: memberships.map((m) => ({
        organisationId: m.organisation_id,
        organisationName: m.name,
        role: m.role,
      })),
      authenticatedBy: principal.method,
    };
  }

  /** Self-erasure needs the current password, so a borrowed session or token cannot wipe an account. */
  async eraseSelf(principal: Principal, password: string): Promise<void> {
    const [row]: { password_hash: string | null }[] = await this.ds.query(
      `SELECT password_hash FROM "user" WHERE id = $1`,
      [principal.userId],
    );
    if (!(await this.passwords.verify(row?.password_hash, password)))
      throw passwordMismatch('Enter your current password to erase your account.');
    await this.erasure.erase(principal.userId, { actorUserId: principal.userId });
  }

  /**
   * Changes the password with the current one. Wrong current passwords count as failed sign-ins of the
   * account, so a borrowed session cannot be used to guess it. Every other session of the account ends
   * and every API token is revoked (the answer says how many); the session making the change stays.
   */
  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
  ): Promise<CredentialsRevoked> {
    if (principal.method !== 'session') {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'AUTH.SESSION_REQUIRED',
        'Sign in to change your password',
        'An API token cannot change the password; sign in with your password.',
      );
    }
    const [row]: { email: string | null; display_name: string | null; password_hash: string | null }[] =
      await this.ds.query(`SELECT email, display_name, password_hash FROM "user" WHERE id = $1`, [
        principal.userId,
      ]);
    const key = this.throttle.accountKeyFor(row?.email ?? principal.userId);
    await this.throttle.assertNotLocked([key.key]);
    if (!(await this.passwords.verify(row?.password_hash, currentPassword))) {
      await this.throttle.recordFailure([key]);
      throw passwordMismatch('Enter your current password to set a new one.');
    }
    this.passwords.assertAcceptable(newPassword, [row.email, row.display_name]);
    const hash = await this.passwords.hash(newPassword);
    return transaction(this.ds, async (m) => {
      await m.query(
        `UPDATE "user" SET password_hash = $2, password_changed_at = now(), version = version + 1, updated_at = now() WHERE id = $1`,
        [principal.userId, hash],
      );
      const revoked = {
        sessionsEnded: await this.sessions.revokeAllOf(principal.userId, m, principal.credentialId),
        tokensRevoked: await this.tokens.revokeAllOf(m, principal.userId),
      };
      await this.trail.append(m, {
        organisationId: null,
        actorUserId: principal.userId,
        entity: 'user',
        entityId: principal.userId,
        action: 'password_changed',
        after: revoked,
      });
      return revoked;
    });
  }
}
