import {
  addMember,
  ApiClient,
  GOOD_PASSWORD,
  invite,
  signUp,
  uniqueEmail,
  type SignedUp,
} from '../support/auth';
import { createAudit, someAnswer, startAuditTestbed, type AuditTestbed } from './support/audit-fixtures';

const SECTIONS = ['it', 'hr', 'legal', 'security', 'leadership'];
const ATTEST = { statement: 'I confirm these answers are complete and accurate.', role: 'Compliance lead' };

type Question = Parameters<typeof someAnswer>[0] & { section?: string };

describe('audit workflow rules: completeness, review locking, versions, If-Match, last admin', () => {
  let bed: AuditTestbed;
  let client: ApiClient;
  let orgId: string;
  let respondent: SignedUp;
  let questions: Question[];

  beforeAll(async () => {
    bed = await startAuditTestbed();
    ({ client, orgId } = bed);
    respondent = await addMember(bed.t, client, orgId, 'respondent');
  });
  afterAll(() => bed.close());

  const loadQuestions = async (audit: string): Promise<Question[]> => {
    const all: Question[] = [];
    for (const s of SECTIONS)
      all.push(
        ...(await client.get(`${audit}/sections/${s}`)).body.questions.map((q: Question) => ({
          ...q,
          section: s,
        })),
      );
    return all;
  };
  const etagOf = async (audit: string) => (await client.get(audit)).headers.get('etag')!;
  const answerAll = async (audit: string, qs: Question[]) => {
    const res = await client.post(`${audit}/answers`, {
      answers: qs.map((q) => ({ questionId: q.id, ...someAnswer(q) })),
    });
    expect(res.status).toBe(200);
  };

  it('refuses an incomplete submit unless the open questions are acknowledged by number, and shows that number on the results', async () => {
    const audit = `/organisations/${orgId}/audits/${await createAudit(client, orgId)}`;
    questions = await loadQuestions(audit);
    await answerAll(audit, questions.slice(0, 7));

    const completeness = await client.get(`${audit}/completeness`);
    expect(completeness.status).toBe(200);
    expect(completeness.body).toMatchObject({ total: questions.length, answered: 7, complete: false });
    expect(completeness.body.open).toHaveLength(questions.length - 7);

    // If-Match is required on submit.
    expect((await client.post(`${audit}/submit`, ATTEST)).status).toBe(428);
    const refused = await client.post(`${audit}/submit`, ATTEST, {
      headers: { 'if-match': await etagOf(audit) },
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'AUDIT.INCOMPLETE',
      open: questions.length - 7,
      total: questions.length,
    });
    // The wrong number is refused too: the submitter attests to what they saw.
    const wrong = await client.post(
      `${audit}/submit`,
      { ...ATTEST, acknowledgeOpenQuestions: 1 },
      { headers: { 'if-match': await etagOf(audit) } },
    );
    expect(wrong.body.code).toBe('AUDIT.INCOMPLETE');

    const open = questions.length - 7;
    const submitted = await client.post(
      `${audit}/submit`,
      { ...ATTEST, acknowledgeOpenQuestions: open },
      { headers: { 'if-match': await etagOf(audit) } },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body.attestation).toMatchObject({ incomplete: { open, total: questions.length } });
    const results = await client.get(`${audit}/results`);
    expect(results.body).toMatchObject({
      kind: 'submitted',
      attestation: { incomplete: { open, total: questions.length } },
    });
  });

  it('submits a complete audit without acknowledgement; N/A with its justification counts as answered', async () => {
    const audit = `/organisations/${orgId}/audits/${await createAudit(client, orgId)}`;
    const withNa = questions.find((q) => q.options.some((o) => o.na))!;
    const na = withNa.options.find((o) => o.na)!.value;
    await answerAll(
      audit,
      questions.filter((q) => q.id !== withNa.id),
    );
    const noJustification = await client.request('PUT', `${audit}/answers/${withNa.id}`, { value: na });
    expect(noJustification.body.code).toBe('ANSWER.JUSTIFICATION_REQUIRED');
    expect(
      (
        await client.request('PUT', `${audit}/answers/${withNa.id}`, {
          value: na,
          justification: 'We have no offices in that country.',
        })
      ).status,
    ).toBe(200);
    expect((await client.get(`${audit}/completeness`)).body).toMatchObject({ complete: true, open: [] });
    const submitted = await client.post(`${audit}/submit`, ATTEST, {
      headers: { 'if-match': await etagOf(audit) },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.attestation.incomplete).toBeUndefined();
  });

  it('locks answers in review except those the reviewer sends back, which the respondent changes once', async () => {
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    const it = questions.filter((q) => q.section === 'it');
    expect(
      (
        await client.request('PUT', `${audit}/assignments`, {
          sections: [{ section: 'it', userIds: [respondent.userId] }],
        })
      ).status,
    ).toBe(200);
    await answerAll(audit, questions);
    const review = await client.post(
      `${audit}/transitions`,
      { action: 'review' },
      { headers: { 'if-match': await etagOf(audit) } },
    );
    expect(review.body.status).toBe('in_review');

    const [sentBack, other] = it;
    const put = (c: ApiClient, q: Question, version: number) =>
      c.request(
        'PUT',
        `${audit}/answers/${q.id}`,
        { ...someAnswer(q), note: 'Changed in review' },
        { headers: { 'if-match': `"${version}"` } },
      );
    const locked = await put(respondent.client, other, 1);
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('ANSWER.LOCKED_FOR_REVIEW');
    // Managers are held to it as well, and batches too.
    expect((await put(client, other, 1)).body.code).toBe('ANSWER.LOCKED_FOR_REVIEW');

    // The respondent cannot send back; the reviewer can, with a comment kept on the question.
    expect(
      (
        await respondent.client.post(`${audit}/answers/${sentBack.id}/send-back`, {
          comment: 'Please check this.',
        })
      ).status,
    ).toBe(403);
    const back = await client.post(`${audit}/answers/${sentBack.id}/send-back`, {
      comment: 'Name the policy owner as a role, please.',
    });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ questionId: sentBack.id, status: 'needs_changes', version: 2 });
    const comments = await respondent.client.get(`${audit}/answers/${sentBack.id}/comments`);
    expect(comments.body.map((c: { body: string }) => c.body)).toContain(
      'Name the policy owner as a role, please.',
    );

    // Sent back: submit is refused until it is changed.
    const blocked = await client.post(`${audit}/submit`, ATTEST, {
      headers: { 'if-match': await etagOf(audit) },
    });
    expect(blocked.body).toMatchObject({ code: 'AUDIT.ANSWERS_NEED_CHANGES', questionIds: [sentBack.id] });

    const changed = await put(respondent.client, sentBack, 2);
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 'answered', version: 3 });
    // Saved once: locked again.
    expect((await put(respondent.client, sentBack, 3)).body.code).toBe('ANSWER.LOCKED_FOR_REVIEW');

    // Returned to in_progress, everything is editable again.
    const returned = await client.post(
      `${audit}/transitions`,
      { action: 'return' },
      { headers: { 'if-match': await etagOf(audit) } },
    );
    expect(returned.body.status).toBe('in_progress');
    expect((await put(respondent.client, other, 1)).status).toBe(200);
    // Sending back outside review is refused.
    expect(
      (await client.post(`${audit}/answers/${other.id}/send-back`, { comment: 'Too late.' })).body.code,
    ).toBe('AUDIT.INVALID_TRANSITION');
  });

  it('keeps every submission as a version with its attestation and hash, and diffs two of them; reopen needs If-Match', async () => {
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    await answerAll(audit, questions);
    const first = await client.post(`${audit}/submit`, ATTEST, {
      headers: { 'if-match': await etagOf(audit) },
    });
    expect(first.status).toBe(200);

    expect(
      (await client.post(`${audit}/reopen`, { reason: 'The board asked for the IT section again.' })).status,
    ).toBe(428);
    const reopened = await client.post(
      `${audit}/reopen`,
      { reason: 'The board asked for the IT section again.' },
      { headers: { 'if-match': first.headers.get('etag')! } },
    );
    expect(reopened.status).toBe(200);
    // The first submission stays readable while the audit is open again.
    const v1 = await client.get(`${audit}/versions/1`);
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ kind: 'submitted', attestation: { statement: ATTEST.statement } });

    // Change one answer (sent back in review), then submit again.
    const q = questions.find(
      (x) => x.options.filter((o) => !o.na && !o.alternative && !o.unknown).length > 1,
    )!;
    await client.post(`${audit}/answers/${q.id}/send-back`, {
      comment: 'Is this still true after the reorganisation?',
    });
    const plain = q.options.filter((o) => !o.na && !o.alternative && !o.unknown);
    const value = q.type === 'multi_choice' ? [plain[1].value] : plain[0].value;
    expect(
      (await client.request('PUT', `${audit}/answers/${q.id}`, { value }, { headers: { 'if-match': '"2"' } }))
        .status,
    ).toBe(200);
    const second = await client.post(
      `${audit}/submit`,
      { ...ATTEST, role: 'Chief Compliance Officer' },
      { headers: { 'if-match': await etagOf(audit) } },
    );
    expect(second.status).toBe(200);

    const versions = await client.get(`${audit}/versions`);
    expect(versions.status).toBe(200);
    expect(
      versions.body.map((v: { version: number; attestation: { role: string } }) => [
        v.version,
        v.attestation.role,
      ]),
    ).toEqual([
      [1, 'Compliance lead'],
      [2, 'Chief Compliance Officer'],
    ]);
    expect(versions.body[0].snapshotHash).toMatch(/^[0-9a-f]{64}$/);
    expect(versions.body[0].snapshotHash).not.toBe(versions.body[1].snapshotHash);

    const diff = await client.get(`${audit}/versions/diff?from=1&to=2`);
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({
      from: 1,
      to: 2,
      overall: { from: expect.any(Number), to: expect.any(Number) },
    });
    expect(diff.body.answers).toEqual([{ questionId: q.id, from: someAnswer(q), to: { value } }]);
    expect((await client.get(`${audit}/versions/3`)).body.code).toBe('AUDIT.VERSION_NOT_FOUND');
    expect((await client.get(`${audit}/versions/diff?from=1`)).status).toBe(400);
    // Respondents do not read versions; another organisation gets a 404.
    expect((await respondent.client.get(`${audit}/versions`)).status).toBe(403);
    const stranger = await signUp(bed.t);
    expect(
      (await stranger.client.get(`/organisations/${stranger.orgId}/audits/${auditId}/versions`)).status,
    ).toBe(404);
  });

  it('never leaves an organisation without an admin: the sole admin cannot demote themselves even alone', async () => {
    const alone = await signUp(bed.t);
    const demote = await alone.client.patch(`/organisations/${alone.orgId}/members/${alone.userId}`, {
      role: 'compliance_officer',
    });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('MEMBER.LAST_ADMIN');
    // With another member, leaving or erasing themselves is refused until they hand over.
    const co = await addMember(bed.t, alone.client, alone.orgId, 'compliance_officer');
    expect(
      (await alone.client.delete(`/organisations/${alone.orgId}/members/${alone.userId}`)).body.code,
    ).toBe('MEMBER.LAST_ADMIN');
    expect((await alone.client.delete('/me', { password: GOOD_PASSWORD })).body.code).toBe(
      'MEMBER.LAST_ADMIN',
    );
    expect(
      (await alone.client.patch(`/organisations/${alone.orgId}/members/${co.userId}`, { role: 'admin' }))
        .status,
    ).toBe(200);
    expect(
      (await alone.client.patch(`/organisations/${alone.orgId}/members/${alone.userId}`, { role: 'auditor' }))
        .status,
    ).toBe(200);
  });

  it('previews an invitation before accepting: organisation, role and who invited', async () => {
    const admin = await signUp(bed.t, { displayName: 'Dana Officer', organisationName: 'Harbour Logistics' });
    const { token } = await invite(admin.client, admin.orgId, uniqueEmail('hr'), 'respondent');
    const preview = await new ApiClient(bed.t.baseUrl).post('/invitations/preview', { token });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      organisationName: 'Harbour Logistics',
      role: 'respondent',
      invitedByName: 'Dana Officer',
      status: 'pending',
    });
    expect(
      (await new ApiClient(bed.t.baseUrl).post('/invitations/preview', { token: 'x'.repeat(43) })).status,
    ).toBe(404);
  });
});
