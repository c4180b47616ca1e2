/**
 * The remediation item lifecycle as one table: which move goes from where to where, who may make it and
 * what it needs. The api service, the web app's action buttons and the specs all read this table.
 */

export const REMEDIATION_STATUSES = [
  'open',
  'in_progress',
  'blocked',
  'done',
  'verified',
  'risk_accepted',
] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

/** Statuses of an item that still needs work (carried over to the next audit and reminded about). */
export const ACTIVE_REMEDIATION_STATUSES: readonly RemediationStatus[] = ['open', 'in_progress', 'blocked'];

export const REMEDIATION_MOVES = [
  'start',
  'block',
  'unblock',
  'complete',
  'reopen',
  'accept_risk',
  'withdraw_acceptance',
] as const;
export type RemediationMove = (typeof REMEDIATION_MOVES)[number];

/** Who makes a move: a manager (compliance officer or admin), the item's owner or deputy, or the system (the next audit, the scan). */
export type RemediationActor = 'manager' | 'assignee' | 'other';

export interface RemediationTransitionRule {
  readonly move: RemediationMove;
  readonly from: readonly RemediationStatus[];
  readonly to: RemediationStatus;
  /** Actors allowed besides managers, who may make every move. */
  readonly assignee: boolean;
  /** What the request must carry. */
  readonly needs?: 'reason' | 'closure' | 'acceptance';
}

export const REMEDIATION_TRANSITIONS: readonly RemediationTransitionRule[] = [
  { move: 'start', from: ['open', 'blocked'], to: 'in_progress', assignee: true },
  { move: 'block', from: ['open', 'in_progress'], to: 'blocked', assignee: true, needs: 'reason' },
  { move: 'unblock', from: ['blocked'], to: 'in_progress', assignee: true },
  { move: 'complete', from: ['open', 'in_progress'], to: 'done', assignee: true, needs: 'closure' },
  { move: 'reopen', from: ['done', 'risk_accepted'], to: 'open', assignee: false },
  {
    move: 'accept_risk',
    from: ['open', 'in_progress', 'blocked'],
    to: 'risk_accepted',
    assignee: false,
    needs: 'acceptance',
  },
  { move: 'withdraw_acceptance', from: ['risk_accepted'], to: 'open', assignee: false },
];

/** `verified` is reached only when a later audit's submit finds every control of the item passing. */
export const VERIFIED_BY_AUDIT_ONLY = true;

export type ItemTransitionRefusal =
  | { code: 'REMEDIATION.INVALID_TRANSITION'; detail: string }
  | { code: 'REMEDIATION.NOT_ALLOWED'; detail: string };

export function transitionRule(move: RemediationMove): RemediationTransitionRule {
  return REMEDIATION_TRANSITIONS.find((t) => t.move === move)!;
}

/** Why the move is refused for this actor and status, or null when it is allowed. */
export function checkTransition(
  move: RemediationMove,
  from: RemediationStatus,
  actor: RemediationActor,
): ItemTransitionRefusal | null {
  const rule = transitionRule(move);
  if (actor === 'other' || (actor === 'assignee' && !rule.assignee)) {
    return {
      code: 'REMEDIATION.NOT_ALLOWED',
      detail: `Only a compliance officer or an admin may ${move.replace('_', ' ')}${rule.assignee ? ', or the item’s owner or deputy' : ''}.`,
    };
  }
  if (!rule.from.includes(from)) {
    return {
      code: 'REMEDIATION.INVALID_TRANSITION',
      detail: `The item is ${from}; '${move}' is possible only from ${rule.from.join(' or ')}.`,
    };
  }
  return null;
}

/** The moves an actor can make from a status (for action buttons). */
export function availableMoves(from: RemediationStatus, actor: RemediationActor): RemediationMove[] {
  return REMEDIATION_MOVES.filter((m) => checkTransition(m, from, actor) === null);
}

export interface StepState {
  readonly done: boolean;
  readonly note?: string | null;
}

/** Positions (0-based) of unticked steps that carry no note: `done` needs each step ticked or explained. */
export function unexplainedSteps(
  steps: readonly StepState[],
  notes: Readonly<Record<number, string>> = {},
): number[] {
  return steps.flatMap((s, i) => (s.done || (s.note ?? '').trim() || (notes[i] ?? '').trim() ? [] : [i]));
}

export const MAX_ACCEPTANCE_MONTHS = 12;

export interface AcceptanceInput {
  readonly justification?: string | null;
  readonly approverUserId?: string | null;
  /** YYYY-MM-DD. */
  readonly expiresOn?: string | null;
}

export type AcceptanceRefusal = {
  code: 'REMEDIATION.ACCEPTANCE_INVALID' | 'REMEDIATION.CRITICAL_LEGAL_CONTROL';
  detail: string;
  pointer?: string;
};

const addMonths = (day: string, months: number): string => {
  const d = new Date(`${day}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.toISOString().slice(0, 10);
};

/**
 * Risk acceptance needs a justification, an approver and an expiry after today and at most 12 months
 * ahead; a control that is critical and rests on law cannot be accepted.
 */
export function checkAcceptance(
  input: AcceptanceInput,
  today: string,
  criticalLegalControls: readonly string[],
): AcceptanceRefusal | null {
  if (criticalLegalControls.length) {
    return {
      code: 'REMEDIATION.CRITICAL_LEGAL_CONTROL',
      detail: `The item closes ${criticalLegalControls.join(', ')}: critical controls required by law cannot be risk-accepted.`,
    };
  }
  if (!input.justification?.trim())
    return {
      code: 'REMEDIATION.ACCEPTANCE_INVALID',
      detail: 'A risk acceptance needs a justification.',
      pointer: '/justification',
    };
  if (!input.approverUserId)
    return {
      code: 'REMEDIATION.ACCEPTANCE_INVALID',
      detail: 'A risk acceptance needs an approver.',
      pointer: '/approverUserId',
    };
  if (!input.expiresOn)
    return {
      code: 'REMEDIATION.ACCEPTANCE_INVALID',
      detail: 'A risk acceptance needs an expiry date.',
      pointer: '/expiresOn',
    };
  const latest = addMonths(today, MAX_ACCEPTANCE_MONTHS);
  if (input.expiresOn <= today || input.expiresOn > latest) {
    return {
      code: 'REMEDIATION.ACCEPTANCE_INVALID',
      detail: `The expiry must be after ${today} and no later than ${latest} (12 months).`,
      pointer: '/expiresOn',
    };
  }
  return null;
}

/** Share of ticked steps, 0..100 (an item without steps counts as done only when its status says so). */
export function progressPercent(steps: readonly StepState[], status: RemediationStatus): number {
  if (status === 'done' || status === 'verified') return 100;
  if (!steps.length) return 0;
  return Math.round((100 * steps.filter((s) => s.done).length) / steps.length);
}
