/**
 * The audit lifecycle's rules, as data: which move goes from which status to which, who may make it, and
 * what each status locks. The api enforces them (and the answer-save function in the database mirrors the
 * answer locks); the web app reads them to decide what to offer. Pure: no framework, no database.
 */

export type WorkflowStatus = 'draft' | 'in_progress' | 'in_review' | 'submitted' | 'closed';
export type WorkflowRole = 'admin' | 'compliance_officer' | 'respondent' | 'auditor';
export type WorkflowAction = 'start' | 'review' | 'return' | 'submit' | 'reopen' | 'close';

/**
 * What a status locks:
 * - `none`: answers and the audit's details can change;
 * - `answers_except_sent_back`: review; the reviewer's per-answer "needs changes" unlocks that answer
 *   for the respondent until it is saved again;
 * - `all`: submitted or closed; nothing changes (reopen first).
 */
export type WorkflowLock = 'none' | 'answers_except_sent_back' | 'all';

export interface WorkflowTransition {
  readonly action: WorkflowAction;
  readonly from: readonly WorkflowStatus[];
  readonly to: WorkflowStatus;
  /** Roles that may make the move. */
  readonly roles: readonly WorkflowRole[];
  /** The trail action recorded for it. */
  readonly trailAction: string;
  /** The move must name the version it was based on (If-Match). */
  readonly requiresIfMatch: boolean;
}

const MANAGERS: readonly WorkflowRole[] = ['admin', 'compliance_officer'];

/** The lifecycle, one row per move. */
export const AUDIT_WORKFLOW: readonly WorkflowTransition[] = [
  {
    action: 'start',
    from: ['draft'],
    to: 'in_progress',
    roles: MANAGERS,
    trailAction: 'started',
    requiresIfMatch: false,
  },
  {
    action: 'review',
    from: ['in_progress'],
    to: 'in_review',
    roles: MANAGERS,
    trailAction: 'review_started',
    requiresIfMatch: false,
  },
  {
    action: 'return',
    from: ['in_review'],
    to: 'in_progress',
    roles: MANAGERS,
    trailAction: 'returned',
    requiresIfMatch: false,
  },
  {
    action: 'submit',
    from: ['in_progress', 'in_review'],
    to: 'submitted',
    roles: MANAGERS,
    trailAction: 'submitted',
    requiresIfMatch: true,
  },
  {
    action: 'reopen',
    from: ['submitted'],
    to: 'in_review',
    roles: MANAGERS,
    trailAction: 'reopened',
    requiresIfMatch: true,
  },
  {
    action: 'close',
    from: ['submitted'],
    to: 'closed',
    roles: MANAGERS,
    trailAction: 'closed',
    requiresIfMatch: false,
  },
];

/** What each status locks. */
export const STATUS_LOCKS: Readonly<Record<WorkflowStatus, WorkflowLock>> = {
  draft: 'none',
  in_progress: 'none',
  in_review: 'answers_except_sent_back',
  submitted: 'all',
  closed: 'all',
};

export const workflowTransition = (action: WorkflowAction): WorkflowTransition =>
  AUDIT_WORKFLOW.find((t) => t.action === action)!;

export type TransitionRefusal =
  | { readonly code: 'AUDIT.FORBIDDEN_ROLE'; readonly roles: readonly WorkflowRole[] }
  | { readonly code: 'AUDIT.LOCKED' | 'AUDIT.INVALID_TRANSITION'; readonly from: readonly WorkflowStatus[] };

/** Why `role` may not make `action` from `status`, or null when it may. */
export function transitionRefusal(
  action: WorkflowAction,
  status: WorkflowStatus,
  role: WorkflowRole,
): TransitionRefusal | null {
  const t = workflowTransition(action);
  if (!t.roles.includes(role)) return { code: 'AUDIT.FORBIDDEN_ROLE', roles: t.roles };
  if (t.from.includes(status)) return null;
  return { code: STATUS_LOCKS[status] === 'all' ? 'AUDIT.LOCKED' : 'AUDIT.INVALID_TRANSITION', from: t.from };
}

/** The moves `role` can make from `status` (what the web app offers). */
export function availableActions(status: WorkflowStatus, role: WorkflowRole): WorkflowAction[] {
  return AUDIT_WORKFLOW.filter((t) => t.from.includes(status) && t.roles.includes(role)).map((t) => t.action);
}

export type AnswerWorkflowStatus = 'unanswered' | 'answered' | 'needs_review' | 'needs_changes';

/** Whether an answer in `answerStatus` (null: none yet) may be saved while the audit is in `status`. */
export function answerEditable(status: WorkflowStatus, answerStatus: AnswerWorkflowStatus | null): boolean {
  const lock = STATUS_LOCKS[status];
  if (lock === 'none') return true;
  if (lock === 'all') return false;
  return answerStatus === 'needs_changes';
}

/** Only a reviewer in review sends an answer back. */
export const canSendBack = (status: WorkflowStatus, role: WorkflowRole): boolean =>
  status === 'in_review' && MANAGERS.includes(role);

/** One visible question's answer as the completeness rule sees it. */
export interface CompletenessAnswer {
  readonly status: AnswerWorkflowStatus;
  /** Null when cleared. N/A counts as answered (the save already required its justification). */
  readonly hasValue: boolean;
}

export interface Completeness {
  /** Questions shown for the organisation's profile. */
  readonly total: number;
  readonly answered: number;
  /** Visible questions with no answer (or a cleared one), in the order given. */
  readonly open: readonly string[];
  /** Copied from the previous audit and not confirmed yet. */
  readonly needsReview: readonly string[];
  /** Sent back by the reviewer and not answered again yet. */
  readonly needsChanges: readonly string[];
}

/** Counts the visible questions' answers for submission. */
export function completeness(
  visible: Iterable<string>,
  answers: ReadonlyMap<string, CompletenessAnswer>,
): Completeness {
  const open: string[] = [];
  const needsReview: string[] = [];
  const needsChanges: string[] = [];
  let total = 0;
  for (const id of visible) {
    total++;
    const a = answers.get(id);
    if (!a || !a.hasValue) open.push(id);
    else if (a.status === 'needs_review') needsReview.push(id);
    else if (a.status === 'needs_changes') needsChanges.push(id);
  }
  return {
    total,
    answered: total - open.length - needsReview.length - needsChanges.length,
    open,
    needsReview,
    needsChanges,
  };
}

export type SubmitRefusal =
  | { readonly code: 'AUDIT.ANSWERS_NEED_REVIEW'; readonly questionIds: readonly string[] }
  | { readonly code: 'AUDIT.ANSWERS_NEED_CHANGES'; readonly questionIds: readonly string[] }
  | {
      readonly code: 'AUDIT.INCOMPLETE';
      readonly questionIds: readonly string[];
      readonly open: number;
      readonly total: number;
    };

/**
 * The submit rule: every visible question answered (N/A with its justification counts), no copied
 * answer left unconfirmed and no sent-back answer left unchanged. An incomplete audit may still be
 * submitted when the submitter attests to it explicitly by naming how many questions are open
 * (`acknowledgedOpen`), so the number shown on the results is the one they saw.
 */
export function submitRefusal(c: Completeness, acknowledgedOpen: number | undefined): SubmitRefusal | null {
  if (c.needsReview.length) return { code: 'AUDIT.ANSWERS_NEED_REVIEW', questionIds: c.needsReview };
  if (c.needsChanges.length) return { code: 'AUDIT.ANSWERS_NEED_CHANGES', questionIds: c.needsChanges };
  if (c.open.length && acknowledgedOpen !== c.open.length)
    return { code: 'AUDIT.INCOMPLETE', questionIds: c.open, open: c.open.length, total: c.total };
  return null;
}

/** What a membership change does to the organisation's admins. */
export type MembershipChange = 'demote' | 'remove' | 'erase';

/**
 * An organisation always keeps an admin. Demoting the last admin is refused whatever else; removing or
 * erasing them is refused while anyone else is a member (they must hand over first). Erasing the only
 * member leaves no one locked out, so it is allowed.
 */
export function lastAdminRefusal(input: {
  admins: readonly string[];
  otherMembers: number;
  userId: string;
  change: MembershipChange;
}): 'MEMBER.LAST_ADMIN' | null {
  if (!input.admins.includes(input.userId)) return null;
  if (input.admins.some((a) => a !== input.userId)) return null;
  if (input.change === 'demote') return 'MEMBER.LAST_ADMIN';
  return input.otherMembers > 0 ? 'MEMBER.LAST_ADMIN' : null;
}
