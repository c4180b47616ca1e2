import type { ActionPlanStep } from '../catalogue';

export const CONTACT_KINDS = ['police', 'hotline', 'counsel', 'regulator', 'welfare', 'other'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** An external contact as a role and a route (a public reporting page or a switchboard number), never a person or a case. */
export interface PlanContact {
  readonly kind: ContactKind;
  readonly role: string;
  readonly route: string;
}

export interface StepRecord {
  readonly stepId: string;
  readonly position: number;
  readonly ownerUserId: string | null;
  readonly deputyUserId: string | null;
  readonly contacts: readonly PlanContact[];
  /** YYYY-MM-DD */
  readonly lastExercisedOn: string | null;
}

export interface PlanCompletenessInput {
  readonly steps: readonly ActionPlanStep[];
  readonly records: ReadonlyMap<string, Pick<StepRecord, 'ownerUserId' | 'deputyUserId'>>;
  /** YYYY-MM-DD or null when never reviewed. */
  readonly reviewedOn: string | null;
  /** Jurisdictions with a mandatory report whose route is not yet recorded in the obligations register. */
  readonly reportsWithoutRoute: readonly {
    readonly obligationId: string;
    readonly jurisdictionName: string;
  }[];
  /** YYYY-MM-DD */
  readonly today: string;
}

export type PlanProblemCode =
  | 'PLAN.OWNER_MISSING'
  | 'PLAN.DEPUTY_MISSING'
  | 'PLAN.OWNER_IS_DEPUTY'
  | 'PLAN.NOT_REVIEWED'
  | 'PLAN.REVIEW_OVERDUE'
  | 'PLAN.ROUTE_MISSING';

export interface PlanProblem {
  readonly code: PlanProblemCode;
  readonly stepId?: string;
  readonly obligationId?: string;
  readonly message: string;
}

export interface PlanCompleteness {
  readonly complete: boolean;
  /** Share of the rules met (each step's owner and deputy, the review, each route), 0..100. */
  readonly completenessPct: number;
  readonly problems: readonly PlanProblem[];
}

/** The plan must have been reviewed within this many months. */
export const PLAN_REVIEW_MONTHS = 12;

/** The date `months` months before `isoDate` (YYYY-MM-DD), clamped to the month's last day. */
export function monthsBefore(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** Owner and deputy must be two different people; null when the pair is acceptable. */
export function assignmentProblem(
  ownerUserId: string | null | undefined,
  deputyUserId: string | null | undefined,
): PlanProblem | null {
  if (ownerUserId && deputyUserId && ownerUserId === deputyUserId) {
    return {
      code: 'PLAN.OWNER_IS_DEPUTY',
      message:
        'The owner and the deputy of a step must be different people, so the step still has someone when one is away.',
    };
  }
  return null;
}

/**
 * The completeness rules: every step has an owner and a deputy who are different people; the plan was
 * reviewed in the last 12 months; every jurisdiction with a mandatory report has its route.
 */
export function planCompleteness(input: PlanCompletenessInput): PlanCompleteness {
  const problems: PlanProblem[] = [];
  let rules = 0;
  for (const step of input.steps) {
    rules += 2;
    const r = input.records.get(step.id);
    if (!r?.ownerUserId)
      problems.push({
        code: 'PLAN.OWNER_MISSING',
        stepId: step.id,
        message: `Step "${step.title}" has no named owner.`,
      });
    if (!r?.deputyUserId)
      problems.push({
        code: 'PLAN.DEPUTY_MISSING',
        stepId: step.id,
        message: `Step "${step.title}" has no named deputy.`,
      });
    const same = assignmentProblem(r?.ownerUserId, r?.deputyUserId);
    if (same) problems.push({ ...same, stepId: step.id, message: `Step "${step.title}": ${same.message}` });
  }
  rules += 1;
  if (!input.reviewedOn)
    problems.push({ code: 'PLAN.NOT_REVIEWED', message: 'The plan has never been reviewed.' });
  else if (input.reviewedOn < monthsBefore(input.today, PLAN_REVIEW_MONTHS)) {
    problems.push({
      code: 'PLAN.REVIEW_OVERDUE',
      message: `The plan was last reviewed on ${input.reviewedOn}, more than ${PLAN_REVIEW_MONTHS} months ago.`,
    });
  }
  for (const r of input.reportsWithoutRoute) {
    rules += 1;
    problems.push({
      code: 'PLAN.ROUTE_MISSING',
      obligationId: r.obligationId,
      message: `${r.jurisdictionName}: the reporting route for ${r.obligationId} is not recorded.`,
    });
  }
  const failedRules = new Set(
    problems.map(
      (p) =>
        `${p.code === 'PLAN.OWNER_IS_DEPUTY' ? 'PLAN.DEPUTY_MISSING' : p.code}:${p.stepId ?? p.obligationId ?? ''}`,
    ),
  ).size;
  return {
    complete: problems.length === 0,
    completenessPct: rules === 0 ? 100 : Math.round((1000 * (rules - failedRules)) / rules) / 10,
    problems,
  };
}

/** Steps in the organisation's order: recorded positions first, then templates in catalogue order. */
export function orderedSteps(
  steps: readonly ActionPlanStep[],
  records: ReadonlyMap<string, Pick<StepRecord, 'position'>>,
): ActionPlanStep[] {
  const pos = (s: ActionPlanStep, i: number) => records.get(s.id)?.position ?? 1000 + i;
  return steps
    .map((s, i) => ({ s, p: pos(s, i), i }))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map((x) => x.s);
}
