import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
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
  private readonly items = new PolicyGapItemsRepository();
  private readonly remediation = new RemediationRepository();

  constructor(private readonly trail: AuditTrailService) {}

  async sync(
    m: EntityManager,
    caller: CurrentMembershipInfo,
    gaps: readonly PolicyGapDraft[],
    now: Date = new Date(),
  ): Promise<void> {
    const org = caller.organisationId;
    await this.remediation.lockOrganisation(m, org);
    const active = await this.items.active(m, org);
    const { create, verify, reopen } = reconcilePolicyGaps(gaps, active);
    const events: { entityId: string; action: string; before: unknown; after: unknown }[] = [];
    for (const item of verify) {
      await this.remediation.update(m, item.id, { status: 'verified', verifiedAt: now });
      events.push({
        entityId: item.id,
        action: 'verified',
        before: { status: item.status },
        after: { status: 'verified', policyGap: item.key },
      });
    }
    for (const item of reopen) {
      await this.remediation.update(m, item.id, { status: 'open', doneAt: null });
      events.push({
        entityId: item.id,
        action: 'not_effective',
        before: { status: item.status },
        after: { status: 'open', policyGap: item.key },
      });
    }
    const today = utcDay(now);
    const drafts = create.map((g) => ({ ...g, dueDate: addDays(today, g.targetDays) }));
    const ids = await this.items.insert(m, org, drafts);
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
        m,
        events.map((e) => ({
          organisationId: org,
          actorUserId: caller.userId,
          entity: 'remediation_item',
          ...e,
        })),
      );
  }
}
