import type { RemediationMove, RemediationStatus, ReminderThreshold } from '@aup/domain';

/**
 * Remediation items, their comments and history, reminders (notifications) and the organisation's
 * webhook, as the api sends and accepts them. Versions travel as ETags: send them back in If-Match.
 */

export type { RemediationMove, RemediationStatus, ReminderThreshold };

export interface RemediationStepView {
  position: number;
  text: string;
  done: boolean;
  doneBy: string | null;
  doneAt: string | null;
  /** Why an unticked step is not needed (required for it when the item is marked done). */
  note: string | null;
}

export interface RemediationControlView {
  controlId: string;
  criticality: string;
  severity: number;
  priority: string;
  /** The gap's reason as the audit found it; sources cited as `[id]`. */
  reason: string;
  sourceIds: string[];
  criticalLegal: boolean;
  /** True once a later audit found the control passing. */
  passing: boolean;
}

export interface ClosureEvidenceRef {
  title: string;
  /** A document id or a reference in your own systems; never a file. */
  reference: string;
}

export interface RiskAcceptanceView {
  justification: string;
  approverUserId: string;
  expiresOn: string;
  acceptedBy: string;
  acceptedAt: string;
}

export interface RemediationItemSummary {
  id: string;
  organisationId: string;
  /** The audit whose plan made the item; null for an item made from a gap of the policy model. */
  originAuditId: string | null;
  /** `audit` or `policy_model` (then `sourceKey` names the gap: `clause:<id>`, `plan-step:<id>`, `plan-review`, `route:<obligationId>`). */
  source: 'audit' | 'policy_model';
  sourceKey: string | null;
  title: string;
  priority: string;
  effort: string;
  ownerRole: string;
  ownerUserId: string | null;
  deputyUserId: string | null;
  /** YYYY-MM-DD. */
  dueDate: string;
  status: RemediationStatus;
  controlIds: string[];
  progress: number;
  overdue: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface RemediationItemView extends RemediationItemSummary {
  statusChangedAt: string;
  blockedReason: string | null;
  closureNote: string | null;
  closureEvidence: ClosureEvidenceRef[];
  acceptance: RiskAcceptanceView | null;
  verifiedByAuditId: string | null;
  verifiedAt: string | null;
  /** Set when a later audit found a `done` item's controls still failing. */
  notEffective: { auditId: string; controlIds: string[] } | null;
  controls: RemediationControlView[];
  steps: RemediationStepView[];
  /** The audits the item was carried over to, and what each one's submit found. */
  audits: {
    auditId: string;
    linkedAt: string;
    outcome: 'verified' | 'not_effective' | 'still_open' | null;
    failingControls: string[];
  }[];
  /** Moves the caller may make now (POST .../transitions). */
  moves: RemediationMove[];
}

/** A page reached by cursor: pass `nextCursor` back as `cursor` for the next one. */
export interface CursorPage<T> {
  items: T[];
  total: number;
  limit: number;
  nextCursor: string | null;
}

export const REMEDIATION_SORTS = [
  'dueDate',
  '-dueDate',
  'priority',
  '-priority',
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
] as const;
export type RemediationSort = (typeof REMEDIATION_SORTS)[number];

export interface RemediationListQuery {
  status?: string;
  /** A user id, or `me`. */
  owner?: string;
  priority?: string;
  controlId?: string;
  overdue?: boolean;
  auditId?: string;
  sort?: RemediationSort;
  limit?: number;
  cursor?: string;
}

export interface StepPatch {
  position: number;
  done?: boolean;
  note?: string | null;
}

export interface UpdateRemediationItemRequest {
  ownerUserId?: string | null;
  deputyUserId?: string | null;
  dueDate?: string;
  steps?: StepPatch[];
}

export interface RemediationTransitionRequest {
  move: RemediationMove;
  /** block: why. */
  reason?: string;
  /** complete: closing note; also explains unticked steps when `stepNotes` does not. */
  note?: string;
  /** complete: references to closure evidence (never files). */
  evidence?: ClosureEvidenceRef[];
  /** accept_risk. */
  justification?: string;
  approverUserId?: string;
  expiresOn?: string;
}

export interface RemediationCommentView {
  id: string;
  itemId: string;
  authorUserId: string | null;
  body: string;
  createdAt: string;
}

export interface RemediationHistoryEntry {
  action: string;
  actorUserId: string | null;
  at: string;
  before: unknown;
  after: unknown;
}

export interface RemediationSummaryView {
  openByPriority: Record<string, number>;
  byStatus: Record<string, number>;
  overdue: number;
  doneThisQuarter: number;
  /** Open items at the end of each of the last 12 weeks (YYYY-MM-DD: count), oldest first. */
  burnDown: { week: string; open: number }[];
}

export interface NotificationView {
  id: string;
  itemId: string;
  threshold: ReminderThreshold;
  subjectDate: string;
  text: string;
  createdAt: string;
  read: boolean;
}

export interface WebhookSettingsView {
  url: string | null;
  enabled: boolean;
  /** Only in the answer to PUT: the signing secret, shown once. */
  secret?: string;
  version: number;
}

export interface WebhookDeliveryView {
  id: string;
  event: string;
  notificationId: string | null;
  attempt: number;
  statusCode: number | null;
  ok: boolean;
  error: string | null;
  durationMs: number;
  at: string;
}

export interface FailedJobView {
  id: string;
  name: string;
  queue: string;
  lastError: string | null;
  failedAt: string | null;
  createdAt: string;
}
