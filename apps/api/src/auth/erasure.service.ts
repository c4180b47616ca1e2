import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { transaction } from '@aup/db';
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
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly trail: AuditTrailService,
  ) {}

  /** `actorUserId`: who erases (the person themselves, or an admin of `onlyMemberOf`). */
  async erase(userId: string, opts: { actorUserId: string; onlyMemberOf?: string }): Promise<void> {
    await transaction(this.ds, async (m) => {
      const memberships: { organisation_id: string; role: string }[] = await m.query(
        `SELECT organisation_id, role FROM membership WHERE user_id = $1 ORDER BY organisation_id FOR UPDATE`,
        [userId],
      );
      if (opts.onlyMemberOf && memberships.some((r) => r.organisation_id !== opts.onlyMemberOf)) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'MEMBER.IN_OTHER_ORGANISATIONS',
          'Member belongs to other organisations',
          'An administrator can erase only people who belong to no other organisation. Remove them from this one instead, or ask them to erase their own account.',
        );
      }
      for (const r of memberships.filter((x) => x.role === 'admin'))
        await assertNotLastAdmin(m, r.organisation_id, userId);
      await m.query(
        `UPDATE "user" SET email = NULL, display_name = NULL, password_hash = NULL, mfa_secret = NULL, mfa_enabled_at = NULL,
                mfa_last_step = NULL, erased_at = now(), version = version + 1, updated_at = now()
          WHERE id = $1 AND erased_at IS NULL`,
        [userId],
      );
      await m.query(`UPDATE session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
        userId,
      ]);
      await m.query(`UPDATE api_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
        userId,
      ]);
      await m.query(`DELETE FROM one_time_token WHERE user_id = $1`, [userId]);
      await m.query(`DELETE FROM mfa_recovery_code WHERE user_id = $1`, [userId]);
      await m.query(`DELETE FROM membership WHERE user_id = $1`, [userId]);
      // Chains in organisation-id order, the order the memberships were locked in, so two erasures cannot deadlock.
      for (const r of memberships) {
        await withdrawInvitationsBy(
          m,
          this.trail,
          r.organisation_id,
          userId,
          opts.actorUserId,
          'inviter_erased',
        );
        await this.trail.append(m, {
          organisationId: r.organisation_id,
          actorUserId: opts.actorUserId,
          entity: 'user',
          entityId: userId,
          action: 'erased',
          before: { role: r.role },
        });
      }
      await this.trail.append(m, {
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
  m: EntityManager,
  organisationId: string,
  leavingUserId: string,
  change: MembershipChange = 'remove',
): Promise<void> {
  const admins: { user_id: string }[] = await m.query(
    `SELECT user_id FROM membership WHERE organisation_id = $1 AND role = 'admin' ORDER BY user_id FOR UPDATE`,
    [organisationId],
  );
  const [{ n }]: { n: string }[] = await m.query(
    `SELECT count(*) AS n FROM membership WHERE organisation_id = $1 AND user_id <> $2`,
    [organisationId, leavingUserId],
  );
  if (
    lastAdminRefusal({
      admins: admins.map((a) => a.user_id),
      otherMembers: Number(n),
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
