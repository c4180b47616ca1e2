import type { Effort, OwnerRole, Priority } from '../catalogue';
import type { PlanCompleteness } from './action-plan';
import { isCovered, type ApplicableClause, type ClauseRecord } from './clauses';

/**
 * One gap of the policy model, as a remediation item is made from it. `key` names the gap itself
 * (`clause:<id>`, `plan-step:<id>`, `plan-review`, `route:<obligationId>`): one item stays active per key,
 * and the item is verified once the gap is gone.
 */
export interface PolicyGapDraft {
  readonly key: string;
  readonly title: string;
  readonly steps: readonly string[];
  readonly ownerRole: OwnerRole;
  readonly priority: Priority;
  readonly effort: Effort;
  /** Days from today to the due date. */
  readonly targetDays: number;
  readonly sourceIds: readonly string[];
}

export interface PolicyGapInput {
  readonly clauses: readonly ApplicableClause[];
  readonly clauseRecords: ReadonlyMap<string, Pick<ClauseRecord, 'state'>>;
  readonly plan: PlanCompleteness;
  /** Step titles and sources by step id (the action-plan templates). */
  readonly steps: readonly {
    readonly id: string;
    readonly title: string;
    readonly ownerRole: OwnerRole;
    readonly sources: readonly string[];
  }[];
  /** Sources of each obligation with a mandatory report, by obligation id. */
  readonly obligationSources: ReadonlyMap<string, readonly string[]>;
}

/** Due in this many days: a missing reporting route is the most urgent (a find must be reported in time). */
export const POLICY_GAP_TARGET_DAYS: Readonly<Record<Priority, number>> = { P1: 14, P2: 30, P3: 60, P4: 90 };

/**
 * The gaps of an organisation's policy model, in a stable order: each clause that applies and is neither
 * adopted, adapted nor marked not applicable; each plan step without an owner and a deputy who are two
 * people; a plan not reviewed in the last 12 months; each mandatory report without its route.
 */
export function policyModelGaps(input: PolicyGapInput): PolicyGapDraft[] {
  const gaps: PolicyGapDraft[] = [];
  for (const c of input.clauses) {
    if (!c.applies) continue;
    const state = input.clauseRecords.get(c.clause.id)?.state;
    if (isCovered(state) || state === 'not_applicable') continue;
    gaps.push({
      key: `clause:${c.clause.id}`,
      title: `Adopt policy clause ${c.number}: ${c.clause.title}`,
      steps: [
        'Agree the wording: the template, one of its variants or your own',
        'Record the clause as adopted or adapted in the policy model, or as not applicable with the reason',
      ],
      ownerRole: 'compliance_officer',
      priority: 'P2',
      effort: 'S',
      targetDays: POLICY_GAP_TARGET_DAYS.P2,
      sourceIds: [...c.clause.sources],
    });
  }
  const stepsWithProblem = new Set(
    input.plan.problems
      .filter((p) => p.stepId && p.code !== 'PLAN.ROUTE_MISSING')
      .map((p) => p.stepId as string),
  );
  for (const s of input.steps) {
    if (!stepsWithProblem.has(s.id)) continue;
    gaps.push({
      key: `plan-step:${s.id}`,
      title: `Name an owner and a deputy for the action-plan step "${s.title}"`,
      steps: [
        'Choose an owner and a different deputy among the members',
        'Record both on the step in the action plan',
      ],
      ownerRole: s.ownerRole,
      priority: 'P2',
      effort: 'XS',
      targetDays: POLICY_GAP_TARGET_DAYS.P2,
      sourceIds: [...s.sources],
    });
  }
  if (input.plan.problems.some((p) => p.code === 'PLAN.NOT_REVIEWED' || p.code === 'PLAN.REVIEW_OVERDUE')) {
    gaps.push({
      key: 'plan-review',
      title: 'Review the action plan for a find',
      steps: [
        'Walk through each step with its owner and deputy',
        'Record the review date on the action plan',
      ],
      ownerRole: 'compliance_officer',
      priority: 'P3',
      effort: 'S',
      targetDays: POLICY_GAP_TARGET_DAYS.P3,
      sourceIds: [...new Set(input.steps.flatMap((s) => s.sources))],
    });
  }
  for (const p of input.plan.problems) {
    if (p.code !== 'PLAN.ROUTE_MISSING' || !p.obligationId) continue;
    gaps.push({
      key: `route:${p.obligationId}`,
      title: `Record the reporting route for ${p.obligationId}`,
      steps: [
        'Find the public reporting page or switchboard number of the recipient',
        'Record it, with the reporting role, in the obligations register',
      ],
      ownerRole: 'legal',
      priority: 'P1',
      effort: 'XS',
      targetDays: POLICY_GAP_TARGET_DAYS.P1,
      sourceIds: [...(input.obligationSources.get(p.obligationId) ?? [])],
    });
  }
  return gaps;
}

/**
 * What the current gaps mean for the organisation's active policy-model items: gaps without an item get
 * one; an item whose gap is gone is verified; a `done` item whose gap is still there was not effective
 * (reopened); anything else stays as it is.
 */
export function reconcilePolicyGaps<I extends { readonly key: string; readonly status: string }>(
  gaps: readonly PolicyGapDraft[],
  items: readonly I[],
): { create: PolicyGapDraft[]; verify: I[]; reopen: I[] } {
  const open = new Set(items.map((i) => i.key));
  const current = new Set(gaps.map((g) => g.key));
  return {
    create: gaps.filter((g) => !open.has(g.key)),
    verify: items.filter((i) => !current.has(i.key)),
    reopen: items.filter((i) => current.has(i.key) && i.status === 'done'),
  };
}
