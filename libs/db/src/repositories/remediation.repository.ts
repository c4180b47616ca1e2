import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { prepared, runPrepared } from '../prepared-statement';
import { TxRepository } from '../repository';
import type { RemediationItemDraft, RemediationStatus } from '@aup/domain';

/** An item row as the service works with it (dates as YYYY-MM-DD strings). */
export interface RemediationItemRecord {
  id: string;
  organisationId: string;
  /** Null for an item made from a gap of the policy model. */
  originAuditId: string | null;
  /** `audit` (a submitted audit's plan) or `policy_model` (a gap of the policy model, `sourceKey`). */
  source: 'audit' | 'policy_model';
  sourceKey: string | null;
  planKey: string;
  title: string;
  priority: string;
  effort: string;
  ownerRole: string;
  ownerUserId: string | null;
  deputyUserId: string | null;
  dueDate: string;
  status: RemediationStatus;
  statusChangedAt: Date;
  blockedReason: string | null;
  blockedOn: string | null;
  closureNote: string | null;
  closureEvidence: { title: string; reference: string }[];
  doneAt: Date | null;
  acceptance: {
    justification: string;
    approverUserId: string;
    expiresOn: string;
    acceptedBy: string;
    acceptedAt: string;
  } | null;
  acceptanceExpiresOn: string | null;
  verifiedByAuditId: string | null;
  verifiedAt: Date | null;
  notEffective: { auditId: string; controlIds: string[] } | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  /** Linked control ids (list and get). */
  controlIds: string[];
  stepsDone: number;
  stepsTotal: number;
}

export interface RemediationControlRecord {
  controlId: string;
  criticality: string;
  severity: number;
  priority: string;
  reason: string;
  sourceIds: string[];
  criticalLegal: boolean;
  passing: boolean;
}

export interface RemediationStepRecord {
  position: number;
  text: string;
  done: boolean;
  doneBy: string | null;
  doneAt: Date | null;
  note: string | null;
}

export interface RemediationListFilter {
  organisationIds: string[];
  statuses?: string[];
  priorities?: string[];
  /** Items owned or deputised by this user. */
  assignee?: string;
  /** Only items owned or deputised by this user (a respondent's view). */
  visibleTo?: string;
  controlId?: string;
  overdueOn?: string;
  auditId?: string;
}

export interface RemediationSortSpec {
  column: 'due_date' | 'priority' | 'created_at' | 'updated_at';
  type: 'date' | 'text' | 'timestamptz';
  desc: boolean;
}

export interface ItemChanges {
  ownerUserId?: string | null;
  deputyUserId?: string | null;
  dueDate?: string;
  status?: RemediationStatus;
  blockedReason?: string | null;
  blockedOn?: string | null;
  closureNote?: string | null;
  closureEvidence?: { title: string; reference: string }[];
  doneAt?: Date | null;
  acceptance?: RemediationItemRecord['acceptance'];
  acceptanceExpiresOn?: string | null;
  verifiedByAuditId?: string | null;
  verifiedAt?: Date | null;
  notEffective?: RemediationItemRecord['notEffective'];
}

const ITEM_SELECT = `
  i.id, i.organisation_id, i.origin_audit_id, i.source, i.source_key, i.plan_key, i.title, i.priority, i.effort, i.owner_role, i.owner_user_id, i.deputy_user_id,
  i.due_date::text AS due_date, i.status, i.status_changed_at, i.blocked_reason, i.blocked_on::text AS blocked_on, i.closure_note, i.closure_evidence,
  i.done_at, i.acceptance, i.acceptance_expires_on::text AS acceptance_expires_on, i.verified_by_audit_id, i.verified_at, i.not_effective,
  i.version, i.created_at, i.updated_at,
  COALESCE((SELECT array_agg(c.control_id ORDER BY c.control_id) FROM remediation_item_control c WHERE c.item_id = i.id), '{}') AS control_ids,
  (SELECT count(*) FILTER (WHERE s.done)::int FROM remediation_step s WHERE s.item_id = i.id) AS steps_done,
  (SELECT count(*)::int FROM remediation_step s WHERE s.item_id = i.id) AS steps_total`;

interface ItemRow {
  id: string;
  organisation_id: string;
  origin_audit_id: string | null;
  source: 'audit' | 'policy_model';
  source_key: string | null;
  plan_key: string;
  title: string;
  priority: string;
  effort: string;
  owner_role: string;
  owner_user_id: string | null;
  deputy_user_id: string | null;
  due_date: string;
  status: RemediationStatus;
  status_changed_at: Date;
  blocked_reason: string | null;
  blocked_on: string | null;
  closure_note: string | null;
  closure_evidence: { title: string; reference: string }[];
  done_at: Date | null;
  acceptance: RemediationItemRecord['acceptance'];
  acceptance_expires_on: string | null;
  verified_by_audit_id: string | null;
  verified_at: Date | null;
  not_effective: RemediationItemRecord['notEffective'];
  version: number;
  created_at: Date;
  updated_at: Date;
  control_ids: string[];
  steps_done: number;
  steps_total: number;
  sort_key?: string;
}

const toItem = (r: ItemRow): RemediationItemRecord => ({
  id: r.id,
  organisationId: r.organisation_id,
  originAuditId: r.origin_audit_id,
  source: r.source,
  sourceKey: r.source_key,
  planKey: r.plan_key,
  title: r.title,
  priority: r.priority,
  effort: r.effort,
  ownerRole: r.owner_role,
  ownerUserId: r.owner_user_id,
  deputyUserId: r.deputy_user_id,
  dueDate: r.due_date,
  status: r.status,
  statusChangedAt: r.status_changed_at,
  blockedReason: r.blocked_reason,
  blockedOn: r.blocked_on,
  closureNote: r.closure_note,
  closureEvidence: r.closure_evidence,
  doneAt: r.done_at,
  acceptance: r.acceptance,
  acceptanceExpiresOn: r.acceptance_expires_on,
  verifiedByAuditId: r.verified_by_audit_id,
  verifiedAt: r.verified_at,
  notEffective: r.not_effective,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  controlIds: r.control_ids,
  stepsDone: r.steps_done,
  stepsTotal: r.steps_total,
});

const COLUMN_OF: Record<keyof ItemChanges, string> = {
  ownerUserId: 'owner_user_id',
  deputyUserId: 'deputy_user_id',
  dueDate: 'due_date',
  status: 'status',
  blockedReason: 'blocked_reason',
  blockedOn: 'blocked_on',
  closureNote: 'closure_note',
  closureEvidence: 'closure_evidence',
  doneAt: 'done_at',
  acceptance: 'acceptance',
  acceptanceExpiresOn: 'acceptance_expires_on',
  verifiedByAuditId: 'verified_by_audit_id',
  verifiedAt: 'verified_at',
  notEffective: 'not_effective',
};
const JSON_COLUMNS = new Set(['closure_evidence', 'acceptance', 'not_effective']);

/**
 * Runs one statement. The list's text depends only on which filters are set, so the api passes an
 * executor that prepares each text once per connection (planning is most of a small query's time).
 */
/** The only code that names the remediation tables. */
@Injectable()
export class RemediationRepository extends TxRepository {
  private readonly runQuery = (text: string, values: unknown[]): Promise<unknown[]> =>
    this.db.query(text, values);

  /** Each list statement text becomes a named prepared statement (its name from the text's hash). */
  private readonly runListPrepared = (text: string, values: unknown[]): Promise<unknown[]> =>
    runPrepared(
      this.db,
      prepared(`remediation_list_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`, text),
      values,
    );

  /** Serialises item creation and carry-over per organisation, so two submits cannot both create an item for one control. */
  async lockOrganisation(organisationId: string): Promise<void> {
    await this.db.query(`SELECT pg_advisory_xact_lock(hashtextextended('remediation:' || $1::text, 0))`, [
      organisationId,
    ]);
  }

  /** Controls already covered by an item that is not verified: a new gap on them makes no new item. */
  async coveredControls(organisationId: string): Promise<Set<string>> {
    const rows: { control_id: string }[] = await this.db.query(
      `SELECT DISTINCT c.control_id FROM remediation_item_control c JOIN remediation_item i ON i.id = c.item_id
        WHERE c.organisation_id = $1 AND i.status <> 'verified'`,
      [organisationId],
    );
    return new Set(rows.map((r) => r.control_id));
  }

  /** Inserts items with their control links and steps; returns the new ids in draft order. */
  async insertItems(
    organisationId: string,
    auditId: string,
    drafts: readonly (RemediationItemDraft & { dueDate: string })[],
  ): Promise<string[]> {
    if (!drafts.length) return [];
    const rows: { id: string; ord: number }[] = await this.db.query(
      `WITH src AS (
         SELECT d.ord, d.item FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS d(item, ord)
       ), ins AS (
         INSERT INTO remediation_item (organisation_id, origin_audit_id, plan_key, title, priority, effort, owner_role, due_date)
         SELECT $1, $2, item->>'planKey', item->>'title', item->>'priority', item->>'effort', item->>'ownerRole', (item->>'dueDate')::date
           FROM src ORDER BY ord
         RETURNING id, plan_key
       ), ctl AS (
         INSERT INTO remediation_item_control (item_id, control_id, organisation_id, criticality, severity, priority, reason, source_ids, critical_legal)
         SELECT ins.id, c->>'controlId', $1, c->>'criticality', (c->>'severity')::numeric, c->>'priority', c->>'reason',
                ARRAY(SELECT jsonb_array_elements_text(c->'sourceIds')), (c->>'criticalLegal')::boolean
           FROM ins JOIN src ON src.item->>'planKey' = ins.plan_key, jsonb_array_elements(src.item->'controls') AS c
       ), stp AS (
         INSERT INTO remediation_step (item_id, position, text)
         SELECT ins.id, (s.ord - 1)::smallint, s.text
           FROM ins JOIN src ON src.item->>'planKey' = ins.plan_key, jsonb_array_elements_text(src.item->'steps') WITH ORDINALITY AS s(text, ord)
       ), aud AS (
         INSERT INTO remediation_item_audit (item_id, audit_id, organisation_id) SELECT ins.id, $2, $1 FROM ins
       )
       SELECT ins.id, src.ord::int AS ord FROM ins JOIN src ON src.item->>'planKey' = ins.plan_key ORDER BY src.ord`,
      [organisationId, auditId, JSON.stringify(drafts)],
    );
    return rows.map((r) => r.id);
  }

  /** Links every audit item not yet verified to a new audit of the organisation (carry-over); returns how many. */
  async linkOpenItems(organisationId: string, auditId: string): Promise<string[]> {
    const rows: { item_id: string }[] = await this.db.query(
      `INSERT INTO remediation_item_audit (item_id, audit_id, organisation_id)
       SELECT id, $2, $1 FROM remediation_item WHERE organisation_id = $1 AND status <> 'verified' AND source = 'audit'
       ON CONFLICT DO NOTHING RETURNING item_id`,
      [organisationId, auditId],
    );
    return rows.map((r) => r.item_id);
  }

  /** Items of earlier audits not yet verified (locked for update), with their controls, for a submit to judge (policy-model items are judged by the model). */
  async itemsToJudge(organisationId: string): Promise<RemediationItemRecord[]> {
    const rows: ItemRow[] = await this.db.query(
      `SELECT ${ITEM_SELECT} FROM remediation_item i WHERE i.organisation_id = $1 AND i.status <> 'verified' AND i.source = 'audit' ORDER BY i.created_at, i.id FOR UPDATE OF i`,
      [organisationId],
    );
    return rows.map(toItem);
  }

  async recordAuditOutcome(
    itemId: string,
    organisationId: string,
    auditId: string,
    outcome: string,
    failing: readonly string[],
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO remediation_item_audit (item_id, audit_id, organisation_id, outcome, failing_controls) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (item_id, audit_id) DO UPDATE SET outcome = EXCLUDED.outcome, failing_controls = EXCLUDED.failing_controls`,
      [itemId, auditId, organisationId, outcome, failing],
    );
    await this.db.query(
      `UPDATE remediation_item_control SET passing = NOT (control_id = ANY($2::text[])) WHERE item_id = $1`,
      [itemId, failing],
    );
  }

  async find(
    organisationId: string,
    itemId: string,
    lock = false,
  ): Promise<RemediationItemRecord | undefined> {
    const rows: ItemRow[] = await this.db.query(
      `SELECT ${ITEM_SELECT} FROM remediation_item i WHERE i.id = $1 AND i.organisation_id = $2${lock ? ' FOR UPDATE OF i' : ''}`,
      [itemId, organisationId],
    );
    return rows[0] && toItem(rows[0]);
  }

  async controls(itemId: string): Promise<RemediationControlRecord[]> {
    const rows: {
      control_id: string;
      criticality: string;
      severity: string;
      priority: string;
      reason: string;
      source_ids: string[];
      critical_legal: boolean;
      passing: boolean;
    }[] = await this.db.query(
      `SELECT * FROM remediation_item_control WHERE item_id = $1 ORDER BY priority, severity DESC, control_id`,
      [itemId],
    );
    return rows.map((r) => ({
      controlId: r.control_id,
      criticality: r.criticality,
      severity: Number(r.severity),
      priority: r.priority,
      reason: r.reason,
      sourceIds: r.source_ids,
      criticalLegal: r.critical_legal,
      passing: r.passing,
    }));
  }

  async steps(itemId: string): Promise<RemediationStepRecord[]> {
    const rows: {
      position: number;
      text: string;
      done: boolean;
      done_by: string | null;
      done_at: Date | null;
      note: string | null;
    }[] = await this.db.query(
      `SELECT position, text, done, done_by, done_at, note FROM remediation_step WHERE item_id = $1 ORDER BY position`,
      [itemId],
    );
    return rows.map((r) => ({
      position: r.position,
      text: r.text,
      done: r.done,
      doneBy: r.done_by,
      doneAt: r.done_at,
      note: r.note,
    }));
  }

  async audits(itemId: string): Promise<
    {
      auditId: string;
      linkedAt: Date;
      outcome: 'verified' | 'not_effective' | 'still_open' | null;
      failingControls: string[];
    }[]
  > {
    const rows: {
      audit_id: string;
      linked_at: Date;
      outcome: 'verified' | 'not_effective' | 'still_open' | null;
      failing_controls: string[] | null;
    }[] = await this.db.query(
      `SELECT audit_id, linked_at, outcome, failing_controls FROM remediation_item_audit WHERE item_id = $1 ORDER BY linked_at, audit_id`,
      [itemId],
    );
    return rows.map((r) => ({
      auditId: r.audit_id,
      linkedAt: r.linked_at,
      outcome: r.outcome,
      failingControls: r.failing_controls ?? [],
    }));
  }

  /** Applies changes and raises the version by one. */
  async update(itemId: string, changes: ItemChanges): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [itemId];
    for (const [key, value] of Object.entries(changes) as [keyof ItemChanges, unknown][]) {
      if (value === undefined) continue;
      const column = COLUMN_OF[key];
      params.push(JSON_COLUMNS.has(column) && value !== null ? JSON.stringify(value) : value);
      sets.push(`${column} = $${params.length}${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`);
    }
    if (changes.status) sets.push('status_changed_at = now()');
    await this.db.query(
      `UPDATE remediation_item SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')} WHERE id = $1`,
      params,
    );
  }

  async updateStep(
    itemId: string,
    position: number,
    change: { done?: boolean; note?: string | null },
    userId: string,
  ): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `WITH upd AS (UPDATE remediation_step SET
         done = COALESCE($3, done),
         done_by = CASE WHEN $3::boolean IS NULL THEN done_by WHEN $3 THEN $5::uuid ELSE NULL END,
         done_at = CASE WHEN $3::boolean IS NULL THEN done_at WHEN $3 AND NOT done THEN now() WHEN $3 THEN done_at ELSE NULL END,
         note = CASE WHEN $4::boolean THEN $6 ELSE note END
       WHERE item_id = $1 AND position = $2 RETURNING position) SELECT position FROM upd`,
      [itemId, position, change.done ?? null, change.note !== undefined, userId, change.note ?? null],
    );
    return rows.length > 0;
  }

  /** Members of the organisation among the ids (for owner, deputy and approver checks). */
  async members(
    organisationId: string,
    userIds: readonly string[],
    roles?: readonly string[],
  ): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows: { user_id: string }[] = await this.db.query(
      `SELECT user_id FROM membership WHERE organisation_id = $1 AND user_id = ANY($2::uuid[])${roles ? ' AND role = ANY($3::text[])' : ''}`,
      roles ? [organisationId, userIds, roles] : [organisationId, userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  /**
   * One page in keyset order after `after` ([sort value, id]), and the total matching the filter, in one
   * statement (one round trip). One organisation is compared as a scalar, so the index on
   * `(organisation_id, <sort column>, id)` returns the page in order and the scan stops after it; several
   * organisations (`/me`) use `= ANY` and sort what matches.
   */
  async list(
    filter: RemediationListFilter,
    sort: RemediationSortSpec,
    limit: number,
    after?: [string, string],
    opts: { prepared?: boolean } = {},
  ): Promise<{ items: (RemediationItemRecord & { sortKey: string })[]; total: number }> {
    const single = filter.organisationIds.length === 1;
    const params: unknown[] = [single ? filter.organisationIds[0] : filter.organisationIds];
    const where = [single ? 'i.organisation_id = $1::uuid' : 'i.organisation_id = ANY($1::uuid[])'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (filter.statuses?.length) add((p) => `i.status = ANY(${p}::text[])`, filter.statuses);
    if (filter.priorities?.length) add((p) => `i.priority = ANY(${p}::text[])`, filter.priorities);
    if (filter.assignee) add((p) => `(i.owner_user_id = ${p} OR i.deputy_user_id = ${p})`, filter.assignee);
    if (filter.visibleTo) add((p) => `(i.owner_user_id = ${p} OR i.deputy_user_id = ${p})`, filter.visibleTo);
    if (filter.controlId)
      add(
        (p) =>
          `EXISTS (SELECT 1 FROM remediation_item_control c WHERE c.item_id = i.id AND c.control_id = ${p})`,
        filter.controlId,
      );
    if (filter.overdueOn)
      add(
        (p) => `i.due_date < ${p}::date AND i.status IN ('open', 'in_progress', 'blocked')`,
        filter.overdueOn,
      );
    if (filter.auditId)
      add(
        (p) =>
          `EXISTS (SELECT 1 FROM remediation_item_audit a WHERE a.item_id = i.id AND a.audit_id = ${p}::uuid)`,
        filter.auditId,
      );
    const filterSql = where.join(' AND ');
    const cmp = sort.desc ? '<' : '>';
    const dir = sort.desc ? 'DESC' : 'ASC';
    const pageWhere = [...where];
    if (after) {
      params.push(after[0], after[1]);
      pageWhere.push(
        `(i.${sort.column}, i.id) ${cmp} ($${params.length - 1}::${sort.type}, $${params.length}::uuid)`,
      );
    }
    params.push(limit);
    // The count and the page are separate subqueries, each planned on its own; the outer join keeps the
    // count when the page is empty (then one row whose item columns are null).
    const rows = (await (opts.prepared ? this.runListPrepared : this.runQuery)(
      `SELECT t.total, p.* FROM (SELECT count(*)::int AS total FROM remediation_item i WHERE ${filterSql}) t
       LEFT JOIN LATERAL (
         SELECT ${ITEM_SELECT}, i.${sort.column}::text AS sort_key FROM remediation_item i WHERE ${pageWhere.join(' AND ')}
          ORDER BY i.${sort.column} ${dir}, i.id ${dir} LIMIT $${params.length}
       ) p ON true`,
      params,
    )) as (ItemRow & { total: number })[];
    const total = rows[0]?.total ?? 0;
    return {
      items: rows.filter((r) => r.id !== null).map((r) => ({ ...toItem(r), sortKey: r.sort_key! })),
      total,
    };
  }

  async addComment(
    itemId: string,
    organisationId: string,
    authorUserId: string,
    body: string,
  ): Promise<{ id: string; createdAt: Date }> {
    const [row]: { id: string; created_at: Date }[] = await this.db.query(
      `INSERT INTO remediation_comment (item_id, organisation_id, author_user_id, body) VALUES ($1, $2, $3, $4) RETURNING id, created_at`,
      [itemId, organisationId, authorUserId, body],
    );
    return { id: row.id, createdAt: row.created_at };
  }

  async comments(
    itemId: string,
  ): Promise<{ id: string; authorUserId: string | null; body: string; createdAt: Date }[]> {
    const rows: { id: string; author_user_id: string | null; body: string; created_at: Date }[] =
      await this.db.query(
        `SELECT id, author_user_id, body, created_at FROM remediation_comment WHERE item_id = $1 ORDER BY created_at, id`,
        [itemId],
      );
    return rows.map((r) => ({
      id: r.id,
      authorUserId: r.author_user_id,
      body: r.body,
      createdAt: r.created_at,
    }));
  }

  async summary(
    organisationId: string,
    today: string,
    quarterStart: string,
  ): Promise<{
    byStatus: Record<string, number>;
    openByPriority: Record<string, number>;
    overdue: number;
    doneThisQuarter: number;
    burnDown: { week: string; open: number }[];
  }> {
    const status: { status: string; priority: string; n: number; overdue: number }[] = await this.db.query(
      `SELECT status, priority, count(*)::int AS n, count(*) FILTER (WHERE due_date < $2::date)::int AS overdue
         FROM remediation_item WHERE organisation_id = $1 GROUP BY status, priority`,
      [organisationId, today],
    );
    const [{ done }]: { done: number }[] = await this.db.query(
      `SELECT count(*)::int AS done FROM remediation_item WHERE organisation_id = $1 AND done_at >= $2::date`,
      [organisationId, quarterStart],
    );
    // Open at the end of each week: created by then and not yet done, verified or accepted by then.
    const burn: { week: string; open: number }[] = await this.db.query(
      `SELECT w.week::date::text AS week,
              (SELECT count(*)::int FROM remediation_item i WHERE i.organisation_id = $1 AND i.created_at < w.week + interval '1 day'
                 AND NOT (i.status IN ('done', 'verified', 'risk_accepted') AND i.status_changed_at < w.week + interval '1 day')) AS open
         FROM generate_series($2::date - interval '77 days', $2::date, interval '7 days') AS w(week) ORDER BY w.week`,
      [organisationId, today],
    );
    const byStatus: Record<string, number> = {};
    const openByPriority: Record<string, number> = { P1: 0, P2: 0, P3: 0, P4: 0 };
    let overdue = 0;
    for (const r of status) {
      byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
      if (['open', 'in_progress', 'blocked'].includes(r.status)) {
        openByPriority[r.priority] += r.n;
        overdue += r.overdue;
      }
    }
    return { byStatus, openByPriority, overdue, doneThisQuarter: done, burnDown: burn };
  }

  /** Organisations a user is a member of (for "my items" across organisations). */
  async memberOrganisationIds(userId: string): Promise<string[]> {
    const rows: { organisation_id: string }[] = await this.db.query(
      `SELECT organisation_id FROM membership WHERE user_id = $1`,
      [userId],
    );
    return rows.map((r) => r.organisation_id);
  }
}
