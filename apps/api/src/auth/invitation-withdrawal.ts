import type { AuditTrailService } from '../audit-trail/audit-trail.service';
import { InvitationRepository } from '@aup/db';

/**
 * Withdraws the pending invitations `inviterId` sent in the organisation, when they stop being an admin
 * there: a removed or demoted admin must not come back in through a link they sent (to themselves or to
 * anyone else). Each withdrawal is recorded in the organisation's trail.
 */
export async function withdrawInvitationsBy(
  invitations: InvitationRepository,
  trail: AuditTrailService,
  orgId: string,
  inviterId: string,
  actorUserId: string,
  reason: 'inviter_removed' | 'inviter_demoted' | 'inviter_erased',
): Promise<number> {
  const withdrawn = await invitations.revokePendingSentBy(orgId, inviterId);
  if (withdrawn.length) {
    await trail.appendAll(
      withdrawn.map((id) => ({
        organisationId: orgId,
        actorUserId,
        entity: 'invitation',
        entityId: id,
        action: 'revoked',
        after: { reason },
      })),
    );
  }
  return withdrawn.length;
}
