import type { AuditResult } from '@aup/domain';

/**
 * Audits, the questionnaire, answers, results and the audit trail, as the api sends and accepts them.
 * Versions travel as ETags (`"<version>"`): send them back in If-Match.
 */

export const AUDIT_STATUSES = ['draft', 'in_progress', 'in_review', 'submitted', 'closed'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

/** `needs_changes`: a reviewer sent the answer back; it is the one kind of answer that can change during review. */
export const ANSWER_STATUSES = ['unanswered', 'answered', 'needs_review', 'needs_changes'] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

export const EVIDENCE_KINDS = ['document', 'link', 'attestation', 'record'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Roles an evidence reference or a remediation step can be owned by, when not a named member. */
export const OWNER_ROLES = [
  'admin',
  'compliance_officer',
  'it',
  'hr',
  'legal',
  'security',
  'leadership',
] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];

/** Lifecycle moves besides submit and reopen, which have their own routes. */
export const AUDIT_TRANSITIONS = ['start', 'review', 'return', 'close'] as const;
export type AuditTransition = (typeof AUDIT_TRANSITIONS)[number];

export interface Attestation {
  statement: string;
  role: string;
  userId: string;
  at: string;
  /** Present when the audit was submitted with questions open: the submitter attested to that number. */
  incomplete?: { open: number; total: number };
}

export interface AuditView {
  id: string;
  organisationId: string;
  title: string;
  status: AuditStatus;
  /** YYYY-MM-DD. */
  dueDate: string | null;
  framework: { id: string; version: string; contentHash: string };
  previousAuditId: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  submittedBy: string | null;
  submittedAt: string | null;
  closedAt: string | null;
  attestation: Attestation | null;
  /** Also the ETag; send it in If-Match on PATCH and transitions. */
  version: number;
}

export interface AuditListQuery {
  status?: AuditStatus;
  limit?: number;
  offset?: number;
}

export interface CreateAuditRequest {
  title: string;
  dueDate?: string;
  /** `id@version`, or `id` for its latest version; omitted: the latest version of the only framework. */
  framework?: string;
  /** "New audit from the previous one": its answers are copied with status `needs_review`. */
  fromAuditId?: string;
}

export interface UpdateAuditRequest {
  title?: string;
  dueDate?: string | null;
}

export interface TransitionRequest {
  action: AuditTransition;
}

export interface SubmitAuditRequest {
  /** The attestation, in the submitter's words (screened narrative). */
  statement: string;
  /** The function the submitter attests in, e.g. "Chief Compliance Officer". */
  role: string;
  /**
   * "Submit incomplete": the number of visible questions still open, as GET .../completeness reports it.
   * Required (and must match) when any question is open; the attestation and every result then show it.
   */
  acknowledgeOpenQuestions?: number;
}

/** What submitting needs: every visible question answered, copied answers confirmed, sent-back answers changed. */
export interface CompletenessView {
  auditId: string;
  total: number;
  answered: number;
  /** Question ids of visible questions without an answer. */
  open: string[];
  needsReview: string[];
  needsChanges: string[];
  /** Whether the audit can be submitted without acknowledging open questions. */
  complete: boolean;
}

/** POST .../answers/:questionId/send-back: the reviewer's reason, kept as a comment on the question. */
export interface SendBackRequest {
  comment: string;
}

/** One submission of an audit: its snapshot, attestation and hash. */
export interface AuditVersionView {
  /** 1 for the first submission, 2 after a reopen and a second submission, ... */
  version: number;
  snapshotId: string;
  submittedAt: string;
  submittedBy: string | null;
  snapshotHash: string;
  attestation: Attestation;
  overall: number | null;
  rating: string;
}

/** Differences between two submissions of one audit (GET .../versions/diff?from=1&to=2). */
export interface AuditVersionDiffView {
  auditId: string;
  from: number;
  to: number;
  overall: { from: number | null; to: number | null };
  rating: { from: string; to: string };
  answeredPct: { from: number; to: number };
  domains: { domainId: string; title: string; from: number | null; to: number | null }[];
  gapsOpened: { controlId: string; title: string; priority: string }[];
  gapsClosed: { controlId: string; title: string; priority: string }[];
  answers: {
    questionId: string;
    from: { value: AnswerValue; justification?: string } | null;
    to: { value: AnswerValue; justification?: string } | null;
  }[];
}

export interface ReopenAuditRequest {
  reason: string;
}

export interface SectionAssignment {
  section: string;
  title: string;
  userIds: string[];
}

export interface AssignmentsView {
  auditId: string;
  sections: SectionAssignment[];
}

/** Replaces the assignments of the sections named; sections not named keep theirs. */
export interface PutAssignmentsRequest {
  sections: { section: string; userIds: string[] }[];
}

export interface EvidenceRef {
  title: string;
  kind: EvidenceKind;
  /** An http(s) URL when kind is `link`; otherwise a document or record identifier. */
  location?: string | null;
  /** A member of the organisation, or */
  ownerUserId?: string | null;
  /** a role; never a typed name. */
  ownerRole?: OwnerRole | null;
  /** YYYY-MM-DD. */
  date?: string | null;
  expiresOn?: string | null;
}

export type AnswerValue = string | number | string[];

export interface AnswerView {
  questionId: string;
  value: AnswerValue | null;
  status: AnswerStatus;
  justification: string | null;
  note: string | null;
  evidence: Required<EvidenceRef>[];
  answeredBy: string | null;
  answeredAt: string | null;
  /** Also the ETag; send it in If-Match on the next write. */
  version: number;
}

/** A full replacement of the answer: omitted fields are cleared. `value: null` clears the answer. */
export interface PutAnswerRequest {
  value: AnswerValue | null;
  justification?: string | null;
  note?: string | null;
  evidence?: EvidenceRef[];
}

export interface BatchAnswerItem extends PutAnswerRequest {
  questionId: string;
  /** The version you read (the If-Match of a single write); omit only for a first answer. */
  version?: number;
}

export interface BatchAnswersRequest {
  answers: BatchAnswerItem[];
}

export interface BatchAnswersResponse {
  answers: AnswerView[];
}

/** One refused item of a batch (the whole batch is refused). */
export interface BatchItemError {
  index: number;
  questionId: string;
  code: string;
  message: string;
  pointer?: string;
  /** On ANSWER.VERSION_CONFLICT: the answer as it is now. */
  current?: AnswerView | null;
}

export interface AnswerHistoryEntry {
  version: number;
  value: AnswerValue | null;
  status: AnswerStatus;
  justification: string | null;
  note: string | null;
  evidence: Required<EvidenceRef>[];
  changedBy: string | null;
  changedAt: string;
}

export interface CommentView {
  id: string;
  questionId: string;
  authorUserId: string | null;
  body: string;
  createdAt: string;
}

export interface CreateCommentRequest {
  body: string;
}

export interface QuestionOptionView {
  value: string;
  label: string;
  help?: string;
  alternative?: boolean;
  unknown?: boolean;
  na?: boolean;
}

export interface SourceView {
  id: string;
  title: string;
  publisher?: string;
  year?: number;
  url?: string;
}

export interface QuestionView {
  id: string;
  controlId: string;
  controlTitle: string;
  text: string;
  type: string;
  help: string | null;
  helpSources: SourceView[];
  options: QuestionOptionView[];
  min?: number;
  max?: number;
  unit?: string;
  maxLength?: number;
  answer: AnswerView | null;
  comments: number;
}

export interface SectionView {
  auditId: string;
  auditStatus: AuditStatus;
  section: { id: string; title: string; description?: string };
  questions: QuestionView[];
}

export interface AuditResultsView {
  auditId: string;
  /** `draft`: computed now from the current answers, not stored. `submitted`: the stored, immutable snapshot. */
  kind: 'draft' | 'submitted';
  framework: { id: string; version: string; contentHash: string };
  formulaVersion: string;
  computedAt: string;
  /** sha256 of the snapshot (submitted only); reports quote it. */
  snapshotHash: string | null;
  attestation: Attestation | null;
  /**
   * Always in the current results format (`result.resultFormat`), snapshots stored in an older one
   * included. Sources are listed once in `result.sources` and cited by id everywhere else: `sourceIds`
   * on gaps, obligations, benchmarks and the prevalence estimate, `[id]` in gap reasons (`resolveCitations`
   * spells them out). Gaps refer to `controls` for their answers; remediation items to their gaps.
   */
  result: AuditResult;
}

export interface AuditEventView {
  id: string;
  seq: number;
  actorUserId: string | null;
  entity: string;
  entityId: string;
  action: string;
  before: unknown;
  after: unknown;
  at: string;
  prevHash: string;
  hash: string;
}

export interface AuditTrailQuery {
  entity?: string;
  entityId?: string;
  action?: string;
  actorUserId?: string;
  /** ISO 8601 timestamps; `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export interface AuditTrailVerification {
  valid: boolean;
  checked: number;
  headHash: string;
  /** Which check failed: `chain` (links and hashes), `head` (the chain's head record), `snapshots` (sealed results against their hash and the trail), `anchors` (the chain position each result was sealed at). */
  checks: Record<'chain' | 'head' | 'snapshots' | 'anchors', 'passed' | 'failed' | 'not_run'>;
  /** Sealed result snapshots checked (organisation chains only). */
  snapshotsChecked: number;
  firstBroken: {
    id: string | null;
    seq: number;
    reason: string;
    message: string;
    snapshotId?: string;
  } | null;
}
