import type { ApiClient } from '../support/auth';
import { answersFixture, createAudit } from '../audits/support/audit-fixtures';

/**
 * An audit answered from an answers fixture (all sections, one batch by the admin); `note` goes on the
 * first answer. Submitted with an attestation unless `submit` is false.
 */
export async function answeredAudit(
  client: ApiClient,
  orgId: string,
  opts: { fixture?: string; note?: string; submit?: boolean; title?: string } = {},
): Promise<string> {
  const fixture = answersFixture(opts.fixture ?? 'multinational-12000');
  const auditId = await createAudit(client, orgId, {
    framework: fixture.framework,
    title: opts.title ?? 'CSAM readiness 2026',
  });
  const base = `/organisations/${orgId}/audits/${auditId}`;
  const answers = Object.entries(fixture.answers).map(([questionId, a], i) => ({
    questionId,
    ...a,
    ...(i === 0 && opts.note ? { note: opts.note } : {}),
  }));
  const saved = await client.post(`${base}/answers`, { answers });
  if (saved.status !== 200) throw new Error(`answers: ${saved.status} ${JSON.stringify(saved.body)}`);
  if (opts.submit === false) return auditId;
  const current = await client.get(base);
  const submitted = await client.post(
    `${base}/submit`,
    { statement: 'I confirm these answers are complete and accurate.', role: 'Chief Compliance Officer' },
    { headers: { 'if-match': current.headers.get('etag')! } },
  );
  if (submitted.status !== 200)
    throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  return auditId;
}
