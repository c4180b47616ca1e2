import type { ActionPlanStep, Catalogue, Question } from '../catalogue';
import { YES_NO_PARTIAL_OPTIONS } from '../catalogue';
import type { ClauseRecord } from './clauses';
import { isCovered } from './clauses';
import type { StepRecord } from './action-plan';

/**
 * A pre-filled answer the questionnaire may show next to a question: what the policy model says and why.
 * It is never saved on its own; a person confirms it by answering.
 */
export interface AnswerSuggestion {
  readonly questionId: string;
  readonly controlId: string;
  readonly section: string;
  /** The option the model points to, or null when it only informs the answer. */
  readonly value: string | null;
  /** Plain words: "clause 4 \"If you come across it\" adopted on 2026-10-01". */
  readonly basis: string;
  readonly from: { readonly kind: 'clause' | 'plan_step'; readonly id: string };
}

const scored = (q: Question) =>
  (q.type === 'yes_no_partial'
    ? (q.options ?? YES_NO_PARTIAL_OPTIONS)
    : q.type === 'choice'
      ? (q.options ?? [])
      : []
  ).filter((o) => typeof o.score === 'number' && !o.alternative);

/** The best option for a covered clause, the worst for a missing one; null for question types the model cannot settle. */
function suggestedOption(q: Question, covered: boolean): string | null {
  const options = scored(q);
  if (!options.length) return null;
  const pick = options.reduce((best, o) =>
    (covered ? o.score! > best.score! : o.score! < best.score!) ? o : best,
  );
  return pick.value;
}

export function auditSuggestions(
  catalogue: Pick<Catalogue, 'domains' | 'clauses' | 'actionPlan'>,
  clauses: ReadonlyMap<string, Pick<ClauseRecord, 'state' | 'adoptedOn' | 'lastReviewedOn'>>,
  steps: ReadonlyMap<string, Pick<StepRecord, 'ownerUserId' | 'deputyUserId' | 'lastExercisedOn'>>,
): AnswerSuggestion[] {
  const controls = new Map(catalogue.domains.flatMap((d) => d.controls).map((c) => [c.id, c]));
  const out: AnswerSuggestion[] = [];
  const seen = new Set<string>();
  const suggest = (
    controlIds: readonly string[],
    from: AnswerSuggestion['from'],
    basis: string,
    value: (q: Question) => string | null,
  ) => {
    for (const controlId of controlIds) {
      for (const q of controls.get(controlId)?.questions ?? []) {
        if (seen.has(q.id)) continue;
        seen.add(q.id);
        out.push({ questionId: q.id, controlId, section: q.section, value: value(q), basis, from });
      }
    }
  };
  catalogue.clauses.forEach((clause, i) => {
    const record = clauses.get(clause.id);
    if (!record || record.state === 'not_applicable') return;
    const covered = isCovered(record.state);
    const when = covered ? (record.adoptedOn ?? record.lastReviewedOn) : record.lastReviewedOn;
    const basis = `clause ${i + 1} "${clause.title}" ${record.state === 'missing' ? 'recorded as missing' : record.state}${when ? ` on ${when}` : ''}`;
    suggest(clause.controls, { kind: 'clause', id: clause.id }, basis, (q) => suggestedOption(q, covered));
  });
  for (const step of catalogue.actionPlan as readonly ActionPlanStep[]) {
    const r = steps.get(step.id);
    if (!r?.ownerUserId || !r.deputyUserId) continue;
    const basis = `plan step "${step.title}" has a named owner and deputy${r.lastExercisedOn ? `, last exercised on ${r.lastExercisedOn}` : ''}`;
    suggest(step.controls, { kind: 'plan_step', id: step.id }, basis, () => null);
  }
  return out;
}
