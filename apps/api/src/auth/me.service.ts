import { HttpStatus, Injectable } from '@nestjs/common';
import type { CredentialsRevoked, MeResponse } from '@aup/contracts';
import { Transactions, UserRepository } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { ProblemException } from '../common/problem';
import { ApiTokenService } from './api-token.service';
import { ErasureService } from './erasure.service';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordService } from './password.service';
import { SessionService } from './session.service';
import type { Principal } from '../common/principal';
import { toUserView } from './user-view';

const passwordMismatch = (detail: string) =>
  new ProblemException(HttpStatus.FORBIDDEN, 'AUTH.PASSWORD_MISMATCH', 'Wrong password', detail);

@Injectable()
export class MeService {
  constructor(
    private readonly transactions: Transactions,
    private readonly passwords: PasswordService,
    private readonly erasure: ErasureService,
    private readonly throttle: LoginThrottleService,
    private readonly trail: AuditTrailService,
    private readonly sessions: SessionService,
    private readonly tokens: ApiTokenService,
    private readonly users: UserRepository,
  ) {}

  async me(principal: Principal): Promise<MeResponse> {
    const [user, memberships] = await Promise.all([
      this.users.find(principal.userId),
      this.users.memberships(principal.userId),
    ]);
    return {
      user: toUserView(user!),
      memberships,
      authenticatedBy: principal.method,
    };
  }

  /** Self-erasure needs the current password, so a borrowed session or token cannot wipe an account. */
  async eraseSelf(principal: Principal, password: string): Promise<void> {
    const row = await this.users.credentials(principal.userId);
    if (!(await this.passwords.verify(row?.passwordHash, password)))
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
    const row = await this.users.credentials(principal.userId);
    const key = this.throttle.accountKeyFor(row?.email ?? principal.userId);
    await this.throttle.assertNotLocked([key.key]);
    if (!(await this.passwords.verify(row?.passwordHash, currentPassword)) || !row) {
      await this.throttle.recordFailure([key]);
      throw passwordMismatch('Enter your current password to set a new one.');
    }
    this.passwords.assertAcceptable(newPassword, [row.email, row.displayName]);
    const hash = await this.passwords.hash(newPassword);
    return this.transactions.run(async () => {
      await this.users.setPassword(principal.userId, hash);
      const revoked = {
        sessionsEnded: await this.sessions.revokeAllOf(principal.userId, principal.credentialId),
        tokensRevoked: await this.tokens.revokeAllOf(principal.userId),
      };
      await this.trail.append({
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
