import { HttpStatus, Injectable } from '@nestjs/common';
import {
  ApiTokenRepository,
  MembersRepository,
  MfaRepository,
  OneTimeTokenRepository,
  SessionRepository,
  Transactions,
  UserRepository,
  InvitationRepository,
} from '@aup/db';
import { lastAdminRefusal, type MembershipChange } from '@aup/domain';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { withdrawInvitationsBy } from './invitation-withdrawal';
import { ProblemException } from '../common/problem';

/**
 * Erasure (GDPR): the user row keeps its id, so answers and audit events that reference it stay
 * consistent, but loses e-mail, name, password hash and MFA secret; sessions and tokens are revoked and
 * memberships and open one-time links removed. Audit events hold ids only, so nothing in the trail changes
 * and every chain stays valid; the erasure itself is recorded in the chain of each organisation the person
 * belonged to and in the account chain.
 */
@Injectable()
export class ErasureService {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly members: MembersRepository,
    private readonly transactions: Transactions,
    private readonly trail: AuditTrailService,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly tokens: ApiTokenRepository,
    private readonly oneTime: OneTimeTokenRepository,
    private readonly mfa: MfaRepository,
  ) {}

  /** `actorUserId`: who erases (the person themselves, or an admin of `onlyMemberOf`). */
  async erase(userId: string, opts: { actorUserId: string; onlyMemberOf?: string }): Promise<void> {
    await this.transactions.run(async () => {
      const memberships = await this.members.lockAllOfUser(userId);
      if (opts.onlyMemberOf && memberships.some((r) => r.organisationId !== opts.onlyMemberOf)) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'MEMBER.IN_OTHER_ORGANISATIONS',
          'Member belongs to other organisations',
          'An administrator can erase only people who belong to no other organisation. Remove them from this one instead, or ask them to erase their own account.',
        );
      }
      for (const r of memberships.filter((x) => x.role === 'admin'))
        await assertNotLastAdmin(this.members, r.organisationId, userId);
      await this.users.anonymise(userId);
      await this.sessions.revokeAllOf(userId, null);
      await this.tokens.revokeAllOf(userId);
      await this.oneTime.deleteAllOf(userId);
      await this.mfa.deleteRecoveryCodes(userId);
      await this.members.removeAllOfUser(userId);
      // Chains in organisation-id order, the order the memberships were locked in, so two erasures cannot deadlock.
      for (const r of memberships) {
        await withdrawInvitationsBy(
          this.invitations,
          this.trail,
          r.organisationId,
          userId,
          opts.actorUserId,
          'inviter_erased',
        );
        await this.trail.append({
          organisationId: r.organisationId,
          actorUserId: opts.actorUserId,
          entity: 'user',
          entityId: userId,
          action: 'erased',
          before: { role: r.role },
        });
      }
      await this.trail.append({
        organisationId: null,
        actorUserId: opts.actorUserId,
        entity: 'user',
        entityId: userId,
        action: 'erased',
      });
    });
  }
}

/**
 * An organisation always keeps an admin (`lastAdminRefusal` in the domain: demoting the last admin is
 * refused; removing or erasing them while others are members too). Locks the organisation's admin
 * memberships so two admins demoting each other at once cannot both succeed.
 */
export async function assertNotLastAdmin(
  members: MembersRepository,
  organisationId: string,
  leavingUserId: string,
  change: MembershipChange = 'remove',
): Promise<void> {
  const admins = await members.lockAdmins(organisationId);
  const otherMembers = await members.countOthers(organisationId, leavingUserId);
  if (
    lastAdminRefusal({
      admins,
      otherMembers,
      userId: leavingUserId,
      change,
    })
  ) {
    throw new ProblemException(
      HttpStatus.CONFLICT,
      'MEMBER.LAST_ADMIN',
      'The organisation would have no admin',
      'Make another member admin first, then change your own role or leave.',
      { organisationId },
    );
  }
}
