import { Injectable } from '@nestjs/common';
import { PolicyGapItemsRepository, RemediationRepository } from '@aup/db';
import { addDays, reconcilePolicyGaps, utcDay, type PolicyGapDraft } from '@aup/domain';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import type { CurrentMembershipInfo } from '../common/principal';

/**
 * Keeps the organisation's remediation items in step with the gaps of its policy model, inside the
 * transaction of each change to the model: a new gap gets an item (one active item per gap), an item
 * whose gap is gone is verified, a `done` item whose gap is still there is reopened as not effective.
 * Each is an event of the item in the audit trail, as for items made from an audit.
 */
@Injectable()
export class PolicyGapItemsService {
  constructor(
    private readonly trail: AuditTrailService,
    private readonly items: PolicyGapItemsRepository,
    private readonly remediation: RemediationRepository,
  ) {}

  async sync(
    caller: CurrentMembershipInfo,
    gaps: readonly PolicyGapDraft[],
    now: Date = new Date(),
  ): Promise<void> {
    const org = caller.organisationId;
    await this.remediation.lockOrganisation(org);
    const active = await this.items.active(org);
    const { create, verify, reopen } = reconcilePolicyGaps(gaps, active);
    const events: { entityId: string; action: string; before: unknown; after: unknown }[] = [];
    for (const item of verify) {
      await this.remediation.update(item.id, { status: 'verified', verifiedAt: now });
      events.push({
        entityId: item.id,
        action: 'verified',
        before: { status: item.status },
        after: { status: 'verified', policyGap: item.key },
      });
    }
    for (const item of reopen) {
      await this.remediation.update(item.id, { status: 'open', doneAt: null });
      events.push({
        entityId: item.id,
        action: 'not_effective',
        before: { status: item.status },
        after: { status: 'open', policyGap: item.key },
      });
    }
    const today = utcDay(now);
    const drafts = create.map((g) => ({ ...g, dueDate: addDays(today, g.targetDays) }));
    const ids = await this.items.insert(org, drafts);
    ids.forEach((id, i) =>
      events.push({
        entityId: id,
        action: 'created',
        before: null,
        after: {
          policyGap: drafts[i].key,
          title: drafts[i].title,
          priority: drafts[i].priority,
          dueDate: drafts[i].dueDate,
        },
      }),
    );
    if (events.length)
      await this.trail.appendAll(
        events.map((e) => ({
          organisationId: org,
          actorUserId: caller.userId,
          entity: 'remediation_item',
          ...e,
        })),
      );
  }
}
