import type { AnswerValue as ApiAnswerValue, AnswerView, EvidenceRef } from '@aup/contracts';
import { type AnswerRepository, type AnswerRecord, type EvidenceRefData } from '@aup/db';
import type { Answers } from '@aup/domain';

export function toAnswerView(a: AnswerRecord, evidence: readonly EvidenceRefData[]): AnswerView {
  return {
    questionId: a.questionId,
    value: (a.value ?? null) as ApiAnswerValue | null,
    status: a.status,
    justification: a.justification,
    note: a.note,
    evidence: evidence as Required<EvidenceRef>[],
    answeredBy: a.answeredBy,
    answeredAt: a.answeredAt?.toISOString() ?? null,
    version: a.version,
  };
}

/** Current answers of an audit (all, or the questions named) with their evidence, by question id. */
export async function loadAnswers(
  answers: AnswerRepository,
  auditId: string,
  questionIds?: readonly string[],
): Promise<Map<string, AnswerView>> {
  const rows = await answers.load(auditId, questionIds);
  return new Map(rows.map(({ answer, evidence }) => [answer.questionId, toAnswerView(answer, evidence)]));
}

/** The engine's input: every answer with a value (answers awaiting review count with their copied value). */
export async function answersForScoring(answers: AnswerRepository, auditId: string): Promise<Answers> {
  const scored: Record<string, { value: ApiAnswerValue; justification?: string }> = {};
  for (const r of await answers.forScoring(auditId)) {
    const value = r.value as ApiAnswerValue;
    scored[r.questionId] = r.justification ? { value, justification: r.justification } : { value };
  }
  return scored;
}
