import { HttpStatus, Injectable } from '@nestjs/common';
import type { MemberView, Page, Role } from '@aup/contracts';
import { MembersRepository, Transactions, type MemberRecord, InvitationRepository } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { notFound, ProblemException } from '../common/problem';
import { assertNotLastAdmin, ErasureService } from '../auth/erasure.service';
import { withdrawInvitationsBy } from '../auth/invitation-withdrawal';

const toView = (r: MemberRecord): MemberView => ({
  userId: r.userId,
  email: r.email,
  displayName: r.displayName,
  role: r.role,
  joinedAt: r.joinedAt.toISOString(),
});

/** Memberships of one organisation. Every lookup is scoped to the organisation: another's user id is a 404. */
@Injectable()
export class MembersService {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly transactions: Transactions,
    private readonly repo: MembersRepository,
    private readonly erasure: ErasureService,
    private readonly trail: AuditTrailService,
  ) {}

  async list(orgId: string, limit: number, offset: number): Promise<Page<MemberView>> {
    const { items, total } = await this.repo.list(orgId, limit, offset);
    return { items: items.map(toView), total, limit, offset };
  }

  /** Setting the role a member already has changes and records nothing. */
  async changeRole(orgId: string, actorUserId: string, userId: string, role: Role): Promise<MemberView> {
    return this.transactions.run(async () => {
      const member = await this.find(orgId, userId);
      if (member.role === role) return toView(member);
      if (member.role === 'admin') await assertNotLastAdmin(this.repo, orgId, userId, 'demote');
      await this.repo.setRole(orgId, userId, role);
      if (member.role === 'admin')
        await withdrawInvitationsBy(
          this.invitations,
          this.trail,
          orgId,
          userId,
          actorUserId,
          'inviter_demoted',
        );
      await this.trail.append({
        organisationId: orgId,
        actorUserId,
        entity: 'membership',
        entityId: userId,
        action: 'role_changed',
        before: { role: member.role },
        after: { role },
      });
      return toView({ ...member, role });
    });
  }

  /** Takes effect on the member's next request: memberships are read on every request, never cached. */
  async remove(orgId: string, actorUserId: string, userId: string): Promise<void> {
    await this.transactions.run(async () => {
      const member = await this.find(orgId, userId);
      if (member.role === 'admin') await assertNotLastAdmin(this.repo, orgId, userId);
      await this.repo.remove(orgId, userId);
      await withdrawInvitationsBy(
        this.invitations,
        this.trail,
        orgId,
        userId,
        actorUserId,
        'inviter_removed',
      );
      await this.trail.append({
        organisationId: orgId,
        actorUserId,
        entity: 'membership',
        entityId: userId,
        action: 'removed',
        before: { role: member.role },
      });
    });
  }

  /** An admin may erase a member who belongs to this organisation only, and not themselves (DELETE /me does that). */
  async erase(orgId: string, userId: string, callerId: string): Promise<void> {
    await this.find(orgId, userId);
    if (userId === callerId) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'MEMBER.ERASE_SELF',
        'Use DELETE /me',
        'Erase your own account with DELETE /me, which asks for your password.',
      );
    }
    await this.erasure.erase(userId, { actorUserId: callerId, onlyMemberOf: orgId });
  }

  private async find(orgId: string, userId: string): Promise<MemberRecord> {
    const member = await this.repo.find(orgId, userId);
    if (!member) throw notFound('The member');
    return member;
  }
}
