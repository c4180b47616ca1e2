import type { CursorPage, RemediationItemSummary } from '@aup/contracts';
import type { ApiClient } from '../support/auth';
import { catalogueFor } from '../audits/support/audit-fixtures';

export interface QuestionView {
  id: string;
  controlId: string;
  type: string;
  options: { value: string; na?: boolean; alternative?: boolean; unknown?: boolean }[];
  min?: number;
  max?: number;
}

/** The best or the worst plain answer of a question (no justification needed). */
export function answerFor(q: QuestionView, best: boolean): unknown {
  const plain = q.options.filter((o) => !o.na && !o.alternative && !o.unknown);
  switch (q.type) {
    case 'multi_choice':
      return best ? plain.map((o) => o.value) : [plain[0].value];
    case 'number':
      return best ? (q.max ?? 1000) : (q.min ?? 0);
    case 'date':
      return '2026-11-15';
    case 'text':
      return 'Reviewed every year by the policy owner.';
    default:
      return best ? plain[plain.length - 1].value : plain[0].value;
  }
}

/**
 * Creates an audit, answers every visible question (the best answer for controls `passing` says pass,
 * the worst for the rest) and submits it. Returns the audit id.
 */
export async function submitAudit(
  client: ApiClient,
  orgId: string,
  passing: (controlId: string) => boolean,
): Promise<string> {
  const base = `/organisations/${orgId}/audits`;
  const created = await client.post(base, { title: 'CSAM readiness' });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const audit = `${base}/${created.body.id}`;
  const catalogue = catalogueFor(created.body.framework.id + '@' + created.body.framework.version);
  for (const section of catalogue.sections) {
    const res = await client.get(`${audit}/sections/${section.id}`);
    const answers = (res.body.questions as QuestionView[]).map((q) => ({
      questionId: q.id,
      value: answerFor(q, passing(q.controlId)),
    }));
    if (!answers.length) continue;
    const saved = await client.post(`${audit}/answers`, { answers });
    if (saved.status !== 200) throw new Error(`answers: ${saved.status} ${JSON.stringify(saved.body)}`);
  }
  const current = await client.get(audit);
  const submitted = await client.post(
    `${audit}/submit`,
    { statement: 'I confirm these answers are complete and accurate.', role: 'Compliance lead' },
    { headers: { 'if-match': current.headers.get('etag')! } },
  );
  if (submitted.status !== 200 && submitted.status !== 201)
    throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return created.body.id;
}

/** Every item of the organisation (following cursors). */
export async function allItems(
  client: ApiClient,
  orgId: string,
  query = '',
): Promise<RemediationItemSummary[]> {
  const out: RemediationItemSummary[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: CursorPage<RemediationItemSummary> } = await client.get(
      `/organisations/${orgId}/remediation-items?limit=10${query}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    if (res.status !== 200) throw new Error(`list: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return out;
}
