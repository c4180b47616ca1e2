import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';
import type {
  ClauseRecord,
  ClauseState,
  PlanContact,
  Profile,
  RegisterRecord,
  StepRecord,
} from '@aup/domain';

/** Who changed a record last and its version (optimistic concurrency). */
export interface Versioned {
  readonly version: number;
  readonly updatedBy: string | null;
  readonly updatedAt: string;
}
export type StoredClause = ClauseRecord & Versioned;
export type StoredStep = StepRecord & Versioned & { readonly notes: string | null };
export type StoredRegisterEntry = RegisterRecord & Versioned & { readonly notes: string | null };
export interface StoredPlan extends Versioned {
  readonly reviewedOn: string | null;
}

export interface PolicyModelSummary {
  readonly coveragePct: number;
  readonly clausesMissing: number;
  readonly planComplete: boolean;
  readonly planCompletenessPct: number;
  readonly countriesNotCovered: number;
}

const day = (col: string) => `to_char("${col}", 'YYYY-MM-DD')`;
const VERSIONED = `"version", "updated_by", to_char("updated_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "updated_at"`;

interface VersionedRow {
  version: number;
  updated_by: string | null;
  updated_at: string;
}
const versioned = (r: VersionedRow): Versioned => ({
  version: r.version,
  updatedBy: r.updated_by,
  updatedAt: r.updated_at,
});

const CLAUSE_COLUMNS = `"clause_id", "state", "variant_id", "wording", "document_ref", "reason", "owner_user_id", ${day('last_reviewed_on')} AS "last_reviewed_on", ${day('adopted_on')} AS "adopted_on", ${VERSIONED}`;
interface ClauseRow extends VersionedRow {
  clause_id: string;
  state: ClauseState;
  variant_id: string | null;
  wording: string | null;
  document_ref: string | null;
  reason: string | null;
  owner_user_id: string | null;
  last_reviewed_on: string | null;
  adopted_on: string | null;
}
const toClause = (r: ClauseRow): StoredClause => ({
  clauseId: r.clause_id,
  state: r.state,
  variantId: r.variant_id,
  wording: r.wording,
  documentRef: r.document_ref,
  reason: r.reason,
  ownerUserId: r.owner_user_id,
  lastReviewedOn: r.last_reviewed_on,
  adoptedOn: r.adopted_on,
  ...versioned(r),
});

const STEP_COLUMNS = `"step_id", "position", "owner_user_id", "deputy_user_id", "contacts", ${day('last_exercised_on')} AS "last_exercised_on", "notes", ${VERSIONED}`;
interface StepRow extends VersionedRow {
  step_id: string;
  position: number;
  owner_user_id: string | null;
  deputy_user_id: string | null;
  contacts: PlanContact[];
  last_exercised_on: string | null;
  notes: string | null;
}
const toStep = (r: StepRow): StoredStep => ({
  stepId: r.step_id,
  position: r.position,
  ownerUserId: r.owner_user_id,
  deputyUserId: r.deputy_user_id,
  contacts: r.contacts,
  lastExercisedOn: r.last_exercised_on,
  notes: r.notes,
  ...versioned(r),
});

const ENTRY_COLUMNS = `"obligation_id", "reporter_role", "reporter_user_id", "route", ${day('last_legal_review_on')} AS "last_legal_review_on", "notes", ${VERSIONED}`;
interface EntryRow extends VersionedRow {
  obligation_id: string;
  reporter_role: string | null;
  reporter_user_id: string | null;
  route: string | null;
  last_legal_review_on: string | null;
  notes: string | null;
}
const toEntry = (r: EntryRow): StoredRegisterEntry => ({
  obligationId: r.obligation_id,
  reporterRole: r.reporter_role,
  reporterUserId: r.reporter_user_id,
  route: r.route,
  lastLegalReviewOn: r.last_legal_review_on,
  notes: r.notes,
  ...versioned(r),
});

const lockClause = (lock: boolean) => (lock ? ' FOR UPDATE' : '');

/**
 * The organisation's policy model: clause states, the action plan and its steps, the obligations
 * register, and the summary the portfolio lists. The only code that names these tables.
 */
@Injectable()
export class PolicyModelRepository extends TxRepository {
  async organisation(orgId: string): Promise<{ name: string; profile: Profile }> {
    const [row]: { name: string; profile: Profile }[] = await this.db.query(
      `SELECT name, profile FROM organisation WHERE id = $1`,
      [orgId],
    );
    return row;
  }

  /** The ids among `userIds` that are members of the organisation. */
  async members(orgId: string, userIds: readonly string[]): Promise<Set<string>> {
    if (!userIds.length) return new Set();
    const rows: { user_id: string }[] = await this.db.query(
      `SELECT user_id FROM membership WHERE organisation_id = $1 AND user_id = ANY($2::uuid[])`,
      [orgId, [...userIds]],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  /** Display names of members (null when a member has none), for documents the organisation prints. */
  async memberNames(orgId: string, userIds: readonly string[]): Promise<Map<string, string | null>> {
    if (!userIds.length) return new Map();
    const rows: { id: string; display_name: string | null }[] = await this.db.query(
      `SELECT u.id, u.display_name FROM "user" u JOIN membership ms ON ms.user_id = u.id AND ms.organisation_id = $1 WHERE u.id = ANY($2::uuid[])`,
      [orgId, [...userIds]],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  async clauses(orgId: string): Promise<Map<string, StoredClause>> {
    const rows: ClauseRow[] = await this.db.query(
      `SELECT ${CLAUSE_COLUMNS} FROM policy_clause_state WHERE organisation_id = $1`,
      [orgId],
    );
    return new Map(rows.map((r) => [r.clause_id, toClause(r)]));
  }

  async clause(orgId: string, clauseId: string, lock = false): Promise<StoredClause | null> {
    const rows: ClauseRow[] = await this.db.query(
      `SELECT ${CLAUSE_COLUMNS} FROM policy_clause_state WHERE organisation_id = $1 AND clause_id = $2${lockClause(lock)}`,
      [orgId, clauseId],
    );
    return rows[0] ? toClause(rows[0]) : null;
  }

  /** Inserts or replaces the clause's record, one version up; adopted_on moves only when the clause becomes covered. */
  async saveClause(orgId: string, r: Omit<ClauseRecord, 'adoptedOn'>, userId: string): Promise<StoredClause> {
    const rows: ClauseRow[] = await this.db.query(
      `INSERT INTO policy_clause_state AS c (organisation_id, clause_id, state, variant_id, wording, document_ref, reason, owner_user_id, last_reviewed_on, adopted_on, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, CASE WHEN $3 IN ('adopted', 'adapted') THEN current_date END, $10)
       ON CONFLICT (organisation_id, clause_id) DO UPDATE SET
         state = EXCLUDED.state, variant_id = EXCLUDED.variant_id, wording = EXCLUDED.wording, document_ref = EXCLUDED.document_ref,
         reason = EXCLUDED.reason, owner_user_id = EXCLUDED.owner_user_id, last_reviewed_on = EXCLUDED.last_reviewed_on,
         adopted_on = CASE WHEN EXCLUDED.state NOT IN ('adopted', 'adapted') THEN NULL
                           WHEN c.state IN ('adopted', 'adapted') THEN c.adopted_on ELSE current_date END,
         version = c.version + 1, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${CLAUSE_COLUMNS}`,
      [
        orgId,
        r.clauseId,
        r.state,
        r.variantId,
        r.wording,
        r.documentRef,
        r.reason,
        r.ownerUserId,
        r.lastReviewedOn,
        userId,
      ],
    );
    return toClause(rows[0]);
  }

  async plan(orgId: string, lock = false): Promise<StoredPlan | null> {
    const rows: (VersionedRow & { reviewed_on: string | null })[] = await this.db.query(
      `SELECT ${day('reviewed_on')} AS reviewed_on, ${VERSIONED} FROM action_plan WHERE organisation_id = $1${lockClause(lock)}`,
      [orgId],
    );
    return rows[0] ? { reviewedOn: rows[0].reviewed_on, ...versioned(rows[0]) } : null;
  }

  async savePlan(orgId: string, reviewedOn: string | null, userId: string): Promise<StoredPlan> {
    const [row]: (VersionedRow & { reviewed_on: string | null })[] = await this.db.query(
      `INSERT INTO action_plan AS p (organisation_id, reviewed_on, updated_by) VALUES ($1, $2::date, $3)
       ON CONFLICT (organisation_id) DO UPDATE SET reviewed_on = EXCLUDED.reviewed_on, version = p.version + 1, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${day('reviewed_on')} AS reviewed_on, ${VERSIONED}`,
      [orgId, reviewedOn, userId],
    );
    return { reviewedOn: row.reviewed_on, ...versioned(row) };
  }

  async steps(orgId: string): Promise<Map<string, StoredStep>> {
    const rows: StepRow[] = await this.db.query(
      `SELECT ${STEP_COLUMNS} FROM action_plan_step_state WHERE organisation_id = $1`,
      [orgId],
    );
    return new Map(rows.map((r) => [r.step_id, toStep(r)]));
  }

  async step(orgId: string, stepId: string, lock = false): Promise<StoredStep | null> {
    const rows: StepRow[] = await this.db.query(
      `SELECT ${STEP_COLUMNS} FROM action_plan_step_state WHERE organisation_id = $1 AND step_id = $2${lockClause(lock)}`,
      [orgId, stepId],
    );
    return rows[0] ? toStep(rows[0]) : null;
  }

  async saveStep(
    orgId: string,
    r: StepRecord & { notes: string | null },
    userId: string,
  ): Promise<StoredStep> {
    const rows: StepRow[] = await this.db.query(
      `INSERT INTO action_plan_step_state AS s (organisation_id, step_id, position, owner_user_id, deputy_user_id, contacts, last_exercised_on, notes, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::date, $8, $9)
       ON CONFLICT (organisation_id, step_id) DO UPDATE SET
         position = EXCLUDED.position, owner_user_id = EXCLUDED.owner_user_id, deputy_user_id = EXCLUDED.deputy_user_id, contacts = EXCLUDED.contacts,
         last_exercised_on = EXCLUDED.last_exercised_on, notes = EXCLUDED.notes, version = s.version + 1, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${STEP_COLUMNS}`,
      [
        orgId,
        r.stepId,
        r.position,
        r.ownerUserId,
        r.deputyUserId,
        JSON.stringify(r.contacts),
        r.lastExercisedOn,
        r.notes,
        userId,
      ],
    );
    return toStep(rows[0]);
  }

  async register(orgId: string): Promise<Map<string, StoredRegisterEntry>> {
    const rows: EntryRow[] = await this.db.query(
      `SELECT ${ENTRY_COLUMNS} FROM obligation_register_entry WHERE organisation_id = $1`,
      [orgId],
    );
    return new Map(rows.map((r) => [r.obligation_id, toEntry(r)]));
  }

  async registerEntry(
    orgId: string,
    obligationId: string,
    lock = false,
  ): Promise<StoredRegisterEntry | null> {
    const rows: EntryRow[] = await this.db.query(
      `SELECT ${ENTRY_COLUMNS} FROM obligation_register_entry WHERE organisation_id = $1 AND obligation_id = $2${lockClause(lock)}`,
      [orgId, obligationId],
    );
    return rows[0] ? toEntry(rows[0]) : null;
  }

  async saveRegisterEntry(
    orgId: string,
    r: RegisterRecord & { notes: string | null },
    userId: string,
  ): Promise<StoredRegisterEntry> {
    const rows: EntryRow[] = await this.db.query(
      `INSERT INTO obligation_register_entry AS e (organisation_id, obligation_id, reporter_role, reporter_user_id, route, last_legal_review_on, notes, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8)
       ON CONFLICT (organisation_id, obligation_id) DO UPDATE SET
         reporter_role = EXCLUDED.reporter_role, reporter_user_id = EXCLUDED.reporter_user_id, route = EXCLUDED.route,
         last_legal_review_on = EXCLUDED.last_legal_review_on, notes = EXCLUDED.notes, version = e.version + 1, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING ${ENTRY_COLUMNS}`,
      [
        orgId,
        r.obligationId,
        r.reporterRole,
        r.reporterUserId,
        r.route,
        r.lastLegalReviewOn,
        r.notes,
        userId,
      ],
    );
    return toEntry(rows[0]);
  }

  /** Organisations whose model has figures (it was read or changed, or the profile changed since). */
  async organisationsWithSummary(): Promise<string[]> {
    const rows: { organisation_id: string }[] = await this.db.query(
      `SELECT organisation_id FROM portfolio_org WHERE summary_at IS NOT NULL ORDER BY organisation_id`,
    );
    return rows.map((r) => r.organisation_id);
  }

  /** Stores the figures the portfolio lists (the organisation's row exists from its creation); written when they change. */
  async saveSummary(orgId: string, s: PolicyModelSummary): Promise<void> {
    await this.db.query(
      `UPDATE portfolio_org SET coverage_pct = $2, clauses_missing = $3, plan_complete = $4, plan_completeness_pct = $5, countries_not_covered = $6, summary_at = now()
        WHERE organisation_id = $1
          AND (coverage_pct, clauses_missing, plan_complete, plan_completeness_pct, countries_not_covered) IS DISTINCT FROM ($2::numeric, $3::int, $4::boolean, $5::numeric, $6::int)`,
      [orgId, s.coveragePct, s.clausesMissing, s.planComplete, s.planCompletenessPct, s.countriesNotCovered],
    );
  }
}
