import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { MemberView, Page, Role } from '@aup/contracts';
import { transaction } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { ProblemException } from '../common/problem';
import { assertNotLastAdmin, ErasureService } from '../auth/erasure.service';
import { notFound } from '../auth/organisation.guard';
import { withdrawInvitationsBy } from '../auth/invitation-withdrawal';

interface MemberRow {
  user_id: string;
  email: string | null;
  display_name: string | null;
  role: Role;
  created_at: Date;
}

const toView = (r: MemberRow): MemberView => ({
  userId: r.user_id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  joinedAt: new Date(r.created_at).toISOString(),
});

const MEMBER = `SELECT m.user_id, u.email, u.display_name, m.role, m.created_at FROM membership m JOIN "user" u ON u.id = m.user_id`;

/** Memberships of one organisation. Every lookup is scoped to the organisation: another's user id is a 404. */
@Injectable()
export class MembersService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly erasure: ErasureService,
    private readonly trail: AuditTrailService,
  ) {}

  async list(orgId: string, limit: number, offset: number): Promise<Page<MemberView>> {
    const rows: (MemberRow & { total: string })[] = await this.ds.query(
      `SELECT q.*, count(*) OVER () AS total FROM (${MEMBER} WHERE m.organisation_id = $1) q
        ORDER BY q.created_at, q.user_id LIMIT $2 OFFSET $3`,
      [orgId, limit, offset],
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number(
          (
            await this.ds.query<{ n: string }[]>(
              `SELECT count(*) AS n FROM membership WHERE organisation_id = $1`,
              [orgId],
            )
          )[0].n,
        );
    return { items: rows.map(toView), total, limit, offset };
  }

  /** Setting the role a member already has changes and records nothing. */
  async changeRole(orgId: string, actorUserId: string, userId: string, role: Role): Promise<MemberView> {
    return transaction(this.ds, async (m) => {
      const member = await this.find(m, orgId, userId);
      if (member.role === role) return toView(member);
      if (member.role === 'admin') await assertNotLastAdmin(m, orgId, userId, 'demote');
      await m.query(`UPDATE membership SET role = $3 WHERE organisation_id = $1 AND user_id = $2`, [
        orgId,
        userId,
        role,
      ]);
      if (member.role === 'admin')
        await withdrawInvitationsBy(m, this.trail, orgId, userId, actorUserId, 'inviter_demoted');
      await this.trail.append(m, {
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
    await transaction(this.ds, async (m) => {
      const member = await this.find(m, orgId, userId);
      if (member.role === 'admin') await assertNotLastAdmin(m, orgId, userId);
      await m.query(`DELETE FROM membership WHERE organisation_id = $1 AND user_id = $2`, [orgId, userId]);
      await withdrawInvitationsBy(m, this.trail, orgId, userId, actorUserId, 'inviter_removed');
      await this.trail.append(m, {
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
    await this.find(this.ds.manager, orgId, userId);
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

  private async find(m: EntityManager, orgId: string, userId: string): Promise<MemberRow> {
    const rows: MemberRow[] = await m.query(`${MEMBER} WHERE m.organisation_id = $1 AND m.user_id = $2`, [
      orgId,
      userId,
    ]);
    if (!rows.length) throw notFound('The member');
    return rows[0];
  }
}
