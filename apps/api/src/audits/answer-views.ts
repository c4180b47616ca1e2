import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import type { AnswerValue as ApiAnswerValue, AnswerView, EvidenceRef } from '@aup/contracts';
import { AnswerEntity, EvidenceRefEntity, type EvidenceRefData } from '@aup/db';
import type { Answers } from '@aup/domain';

export const evidenceData = (e: EvidenceRefEntity): EvidenceRefData => ({
  title: e.title,
  kind: e.kind,
  location: e.location,
  ownerUserId: e.ownerUserId,
  ownerRole: e.ownerRole,
  date: e.evidenceDate,
  expiresOn: e.expiresOn,
});

export function toAnswerView(a: AnswerEntity, evidence: readonly EvidenceRefData[]): AnswerView {
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
  manager: EntityManager,
  auditId: string,
  questionIds?: readonly string[],
): Promise<Map<string, AnswerView>> {
  if (questionIds && !questionIds.length) return new Map();
  const answers = await manager.find(AnswerEntity, {
    where: { auditId, ...(questionIds ? { questionId: In([...questionIds]) } : {}) },
  });
  const evidence = answers.length
    ? await manager.find(EvidenceRefEntity, {
        where: { answerId: In(answers.map((a) => a.id)) },
        order: { position: 'ASC' },
      })
    : [];
  const byAnswer = new Map<string, EvidenceRefData[]>();
  for (const e of evidence) byAnswer.set(e.answerId, [...(byAnswer.get(e.answerId) ?? []), evidenceData(e)]);
  return new Map(answers.map((a) => [a.questionId, toAnswerView(a, byAnswer.get(a.id) ?? [])]));
}

/** The engine's input: every answer with a value (answers awaiting review count with their copied value). */
export async function answersForScoring(manager: EntityManager, auditId: string): Promise<Answers> {
  const rows: { question_id: string; value: ApiAnswerValue; justification: string | null }[] =
    await manager.query(
      `SELECT question_id, value, justification FROM answer WHERE audit_id = $1 AND value IS NOT NULL AND status <> 'unanswered' ORDER BY question_id`,
      [auditId],
    );
  const answers: Record<string, { value: ApiAnswerValue; justification?: string }> = {};
  for (const r of rows)
    answers[r.question_id] = r.justification
      ? { value: r.value, justification: r.justification }
      : { value: r.value };
  return answers;
}
