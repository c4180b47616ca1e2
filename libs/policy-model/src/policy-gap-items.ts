import { Injectable } from '@nestjs/common';
import {
  AuditTrailRepository,
  PolicyGapItemsRepository,
  RemediationRepository,
  type NewAuditEvent,
  type PolicyGapItemRecord,
} from '@aup/db';
import { addDays, reconcilePolicyGaps, type PolicyGapDraft } from '@aup/domain';

/**
 * Keeps the organisation's remediation items in step with the gaps of its policy model, inside the
 * transaction of the change (or of the daily refresh): a new gap gets an item (one active item per gap),
 * an item whose gap is gone is verified, a `done` item whose gap is still there is reopened as not
 * effective. Each is an event of the item in the audit trail, as for items made from an audit.
 */
@Injectable()
export class PolicyGapItems {
  constructor(
    private readonly items: PolicyGapItemsRepository,
    private readonly remediation: RemediationRepository,
    private readonly trail: AuditTrailRepository,
  ) {}

  /**
   * The organisation's remediation lock, then its policy-model items not yet verified, locked: what a
   * reconciliation holds, taken in this order by every change to the model.
   */
  async lock(organisationId: string): Promise<PolicyGapItemRecord[]> {
    await this.remediation.lockOrganisation(organisationId);
    return this.items.active(organisationId);
  }

  /**
   * Reconciles the gaps with the active items (from `lock`, in the same transaction). Events are by
   * `actorUserId`, null for the system; new items fall due counted from `day`.
   */
  async sync(
    organisationId: string,
    actorUserId: string | null,
    gaps: readonly PolicyGapDraft[],
    active: readonly PolicyGapItemRecord[],
    day: string,
    now: Date,
  ): Promise<void> {
    const { create, verify, reopen } = reconcilePolicyGaps(gaps, active);
    const moves = [
      ...verify.map((item) => ({
        item,
        action: 'verified',
        to: { status: 'verified' as const, verifiedAt: now },
      })),
      ...reopen.map((item) => ({
        item,
        action: 'not_effective',
        to: { status: 'open' as const, doneAt: null },
      })),
    ];
    const events: Pick<NewAuditEvent, 'entityId' | 'action' | 'before' | 'after'>[] = [];
    for (const { item, action, to } of moves) {
      await this.remediation.update(item.id, to);
      events.push({
        entityId: item.id,
        action,
        before: { status: item.status },
        after: { status: to.status, policyGap: item.key },
      });
    }
    const drafts = create.map((g) => ({ ...g, dueDate: addDays(day, g.targetDays) }));
    const ids = await this.items.insert(organisationId, drafts);
    for (const [i, { key, title, priority, dueDate }] of drafts.entries())
      events.push({
        entityId: ids[i],
        action: 'created',
        before: null,
        after: { policyGap: key, title, priority, dueDate },
      });
    // Ids, template titles and dates only: already the plain JSON the trail stores.
    if (events.length)
      await this.trail.append(
        organisationId,
        events.map((e) => ({ organisationId, actorUserId, entity: 'remediation_item', ...e })),
      );
  }
}
