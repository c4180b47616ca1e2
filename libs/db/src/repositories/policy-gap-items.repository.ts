import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';
import type { PolicyGapDraft, RemediationStatus } from '@aup/domain';

/** An active remediation item made from a gap of the policy model. */
export interface PolicyGapItemRecord {
  id: string;
  key: string;
  status: RemediationStatus;
  title: string;
}

/**
 * Remediation items made from gaps of the policy model (`source = 'policy_model'`, one active item per
 * gap key). Status changes go through RemediationRepository.update like every other item.
 */
@Injectable()
export class PolicyGapItemsRepository extends TxRepository {
  /** The organisation's policy-model items not yet verified, locked for the caller's transaction. */
  async active(organisationId: string): Promise<PolicyGapItemRecord[]> {
    const rows: { id: string; source_key: string; status: RemediationStatus; title: string }[] =
      await this.db.query(
        `SELECT id, source_key, status, title FROM remediation_item
        WHERE organisation_id = $1 AND source = 'policy_model' AND status <> 'verified'
        ORDER BY created_at, id FOR UPDATE`,
        [organisationId],
      );
    return rows.map((r) => ({ id: r.id, key: r.source_key, status: r.status, title: r.title }));
  }

  /** Inserts one item per gap with its checklist steps; returns the new ids in draft order. */
  async insert(
    organisationId: string,
    drafts: readonly (PolicyGapDraft & { dueDate: string })[],
  ): Promise<string[]> {
    if (!drafts.length) return [];
    const rows: { id: string }[] = await this.db.query(
      `WITH src AS (
         SELECT d.ord, d.item FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS d(item, ord)
       ), ins AS (
         INSERT INTO remediation_item (organisation_id, source, source_key, plan_key, title, priority, effort, owner_role, due_date)
         SELECT $1, 'policy_model', item->>'key', item->>'key', item->>'title', item->>'priority', item->>'effort', item->>'ownerRole', (item->>'dueDate')::date
           FROM src ORDER BY ord
         RETURNING id, source_key
       ), stp AS (
         INSERT INTO remediation_step (item_id, position, text)
         SELECT ins.id, (s.ord - 1)::smallint, s.text
           FROM ins JOIN src ON src.item->>'key' = ins.source_key, jsonb_array_elements_text(src.item->'steps') WITH ORDINALITY AS s(text, ord)
       )
       SELECT ins.id FROM ins JOIN src ON src.item->>'key' = ins.source_key ORDER BY src.ord`,
      [organisationId, JSON.stringify(drafts)],
    );
    return rows.map((r) => r.id);
  }
}
