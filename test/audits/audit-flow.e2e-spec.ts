import type { DataSource } from 'typeorm';
import { evaluateAudit, RESULT_FORMAT, snapshotHashOf, type Answers, type AuditResult } from '@aup/domain';
import { resolvePoliciesDir } from '@aup/policies';
import { scoreCommand } from '../../apps/cli/src/score-command';
import { toFormat1 } from '../fixtures/results';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, signUp, type SignedUp } from '../support/auth';
import { openTestDatabase, truncateAll } from '../support/database';
import { answersFixture, catalogueFor, createAudit, setProfile, submitAudit } from './support/audit-fixtures';

const SECTIONS = ['it', 'hr', 'legal', 'security', 'leadership'];

describe('audit: the whole flow from sign-up to submitted results', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    ds = await openTestDatabase();
    await truncateAll(ds);
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await ds.destroy();
  });

  it('runs sign-up, invitations, assignment, answers, comments, submission and results, each step checked', async () => {
    const fixture = answersFixture('multinational-12000');
    const catalogue = catalogueFor(fixture.framework);

    // Sign up; the admin invites a compliance officer, an IT and an HR respondent and an auditor.
    const admin: SignedUp = await signUp(t);
    const org = admin.orgId;
    await setProfile(admin.client, org, fixture.profile);
    const co = await addMember(t, admin.client, org, 'compliance_officer');
    const it = await addMember(t, admin.client, org, 'respondent');
    const hr = await addMember(t, admin.client, org, 'respondent');
    const auditor = await addMember(t, admin.client, org, 'auditor');
    const base = `/organisations/${org}/audits`;

    // Create: pinned to the framework version, draft, versioned.
    const created = await co.client.post(base, {
      title: 'CSAM readiness 2026',
      dueDate: '2026-12-31',
      framework: fixture.framework,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      dueDate: '2026-12-31',
      version: 1,
      framework: {
        id: catalogue.framework.id,
        version: catalogue.framework.version,
        contentHash: catalogue.contentHash,
      },
    });
    expect(created.headers.get('etag')).toBe('"1"');
    const audit = `${base}/${created.body.id}`;
    expect((await it.client.post(base, { title: 'Not mine to create' })).status).toBe(403);

    // Assign IT and HR; the other sections stay with the compliance officer.
    const assigned = await co.client.request('PUT', `${audit}/assignments`, {
      sections: [
        { section: 'it', userIds: [it.userId] },
        { section: 'hr', userIds: [hr.userId] },
      ],
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.sections.find((s: { section: string }) => s.section === 'it').userIds).toEqual([
      it.userId,
    ]);
    expect(
      (await it.client.get(`${audit}/assignments`)).body.sections.map((s: { section: string }) => s.section),
    ).toEqual(['it']);
    expect(
      (
        await co.client.request('PUT', `${audit}/assignments`, {
          sections: [{ section: 'it', userIds: [admin.userId, '00000000-0000-4000-8000-000000000000'] }],
        })
      ).body.code,
    ).toBe('ASSIGNMENT.NOT_MEMBER');

    // The questionnaire: respondents read their own sections only.
    const sections: Record<string, { id: string; section: string }[]> = {};
    for (const s of SECTIONS) {
      const res = await co.client.get(`${audit}/sections/${s}`);
      expect(res.status).toBe(200);
      sections[s] = res.body.questions;
    }
    const itSection = await it.client.get(`${audit}/sections/it`);
    expect(itSection.status).toBe(200);
    expect(itSection.body.questions.length).toBeGreaterThan(0);
    expect(itSection.body.questions[0]).toMatchObject({
      id: expect.any(String),
      text: expect.any(String),
      options: expect.any(Array),
      answer: null,
    });
    expect(itSection.body.questions.some((q: { helpSources: unknown[] }) => q.helpSources.length > 0)).toBe(
      true,
    );
    expect((await it.client.get(`${audit}/sections/hr`)).body.code).toBe('SECTION.NOT_ASSIGNED');

    const answersOf = (section: string) =>
      sections[section]
        .filter((q) => fixture.answers[q.id])
        .map((q) => ({ questionId: q.id, ...fixture.answers[q.id] }));

    // IT answers its section in one batch; the first answer moves the audit to in_progress.
    const itBatch = await it.client.post(`${audit}/answers`, { answers: answersOf('it') });
    expect(itBatch.status).toBe(200);
    expect(itBatch.body.answers).toHaveLength(answersOf('it').length);
    expect(
      itBatch.body.answers.every(
        (a: { version: number; answeredBy: string }) => a.version === 1 && a.answeredBy === it.userId,
      ),
    ).toBe(true);
    expect((await co.client.get(audit)).body.status).toBe('in_progress');

    // HR answers one by one; IT may not answer an HR question; a bad option is refused.
    const [firstHr] = answersOf('hr');
    expect(
      (await it.client.request('PUT', `${audit}/answers/${firstHr.questionId}`, { value: firstHr.value }))
        .body.code,
    ).toBe('SECTION.NOT_ASSIGNED');
    const badOption = await hr.client.request('PUT', `${audit}/answers/${firstHr.questionId}`, {
      value: 'no-such-option',
    });
    expect(badOption.status).toBe(422);
    expect(badOption.body.code).toBe('ANSWER.INVALID');
    for (const a of answersOf('hr')) {
      const { questionId, ...body } = a;
      const res = await hr.client.request('PUT', `${audit}/answers/${questionId}`, body);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"1"');
    }

    // The compliance officer answers the rest, with evidence on one answer.
    const rest = ['legal', 'security', 'leadership'].flatMap(answersOf);
    rest[0] = {
      ...rest[0],
      evidence: [
        {
          title: 'Board minutes approving the policy',
          kind: 'link',
          location: 'https://intranet.example.com/board/2026-03',
          ownerRole: 'legal',
          date: '2026-03-01',
        },
      ],
    } as (typeof rest)[number];
    expect((await co.client.post(`${audit}/answers`, { answers: rest })).status).toBe(200);
    const withEvidence = await co.client.get(`${audit}/answers/${rest[0].questionId}/history`);
    expect(withEvidence.body).toEqual([
      expect.objectContaining({
        version: 1,
        changedBy: co.userId,
        evidence: [expect.objectContaining({ kind: 'link', ownerRole: 'legal' })],
      }),
    ]);

    // Review: a comment from the compliance officer, read by the respondent; a changed answer gets version 2.
    const comment = await co.client.post(`${audit}/answers/${firstHr.questionId}/comments`, {
      body: 'Is the disciplinary wording approved by the works council?',
    });
    expect(comment.status).toBe(201);
    expect((await hr.client.get(`${audit}/answers/${firstHr.questionId}/comments`)).body).toEqual([
      expect.objectContaining({ authorUserId: co.userId }),
    ]);
    const hrSection = await hr.client.get(`${audit}/sections/hr`);
    expect(hrSection.body.questions.find((q: { id: string }) => q.id === firstHr.questionId).comments).toBe(
      1,
    );
    const reanswer = await hr.client.request(
      'PUT',
      `${audit}/answers/${firstHr.questionId}`,
      { value: firstHr.value, note: 'Confirmed with the works council chair.' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(reanswer.status).toBe(200);
    expect(reanswer.body.version).toBe(2);

    // Draft results: computed now; hidden from respondents.
    const draft = await co.client.get(`${audit}/results`);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ kind: 'draft', snapshotHash: null });
    // Unchanged results answer 304 to their ETag; any saved answer gives new results and a new ETag.
    const etag = draft.headers.get('etag')!;
    const gzipped = await co.client.get(`${audit}/results`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(gzipped.body.result).toEqual(draft.body.result);
    expect((await co.client.get(`${audit}/results`, { headers: { 'if-none-match': etag } })).status).toBe(
      304,
    );
    const [firstIt] = answersOf('it');
    const { questionId: itQ, ...itBody } = firstIt;
    expect(
      (await it.client.request('PUT', `${audit}/answers/${itQ}`, itBody, { headers: { 'if-match': '"1"' } }))
        .status,
    ).toBe(200);
    const changed = await co.client.get(`${audit}/results`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await hr.client.get(`${audit}/results`)).body.code).toBe('RESULTS.HIDDEN');
    expect((await auditor.client.get(`${audit}/results`)).status).toBe(200);
    expect(
      (
        await auditor.client.request('PUT', `${audit}/answers/${firstHr.questionId}`, {
          value: firstHr.value,
        })
      ).status,
    ).toBe(403);

    // Review, then submit with the attestation (If-Match on the audit's version).
    const current = await co.client.get(audit);
    const review = await co.client.post(
      `${audit}/transitions`,
      { action: 'review' },
      { headers: { 'if-match': current.headers.get('etag')! } },
    );
    expect(review.status).toBe(200);
    expect(review.body.status).toBe('in_review');
    expect(
      (
        await co.client.post(
          `${audit}/submit`,
          {
            statement: 'I confirm these answers are complete and accurate.',
            role: 'Chief Compliance Officer',
          },
          { headers: { 'if-match': current.headers.get('etag')! } },
        )
      ).body.code,
    ).toBe('AUDIT.VERSION_CONFLICT');
    expect(
      (
        await hr.client.post(`${audit}/submit`, {
          statement: 'I confirm these answers are complete.',
          role: 'HR lead',
        })
      ).status,
    ).toBe(403);
    // Questions the fixture leaves open are acknowledged by number ("submit incomplete") and shown on the results.
    const open: number = (await co.client.get(`${audit}/completeness`)).body.open.length;
    const submitted = await co.client.post(
      `${audit}/submit`,
      {
        statement: 'I confirm these answers are complete and accurate.',
        role: 'Chief Compliance Officer',
        ...(open ? { acknowledgeOpenQuestions: open } : {}),
      },
      { headers: { 'if-match': review.headers.get('etag')! } },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      submittedBy: co.userId,
      attestation: { role: 'Chief Compliance Officer', userId: co.userId },
    });

    // The snapshot equals the engine's and the offline CLI's result for the same answers.
    const results = await auditor.client.get(`${audit}/results`);
    expect(results.status).toBe(200);
    expect(results.body).toMatchObject({
      kind: 'submitted',
      snapshotHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      attestation: { role: 'Chief Compliance Officer' },
    });
    const given = Object.fromEntries(
      [...answersOf('it'), ...answersOf('hr'), ...rest].map(({ questionId, value, justification }) => [
        questionId,
        justification ? { value, justification } : { value },
      ]),
    );
    const expected = JSON.parse(JSON.stringify(evaluateAudit(catalogue, fixture.profile, given as Answers)));
    expect(results.body.result).toEqual(expected);
    // The CLI scores the whole answers file; the audit only holds the questions shown for this profile,
    // and the engine ignores answers to hidden questions, so both must agree exactly.
    const lines: string[] = [];
    expect(
      scoreCommand(
        fixture.file,
        resolvePoliciesDir(),
        { format: 'json' },
        { print: (l) => lines.push(l), error: (l) => lines.push(l) },
      ),
    ).toBe(0);
    expect(results.body.result).toEqual(JSON.parse(lines.join('\n')));

    // Locked: every write is refused; reopening needs a reason and is logged.
    expect(
      (
        await hr.client.request(
          'PUT',
          `${audit}/answers/${firstHr.questionId}`,
          { value: firstHr.value },
          { headers: { 'if-match': '"2"' } },
        )
      ).body.code,
    ).toBe('AUDIT.LOCKED');
    expect(
      (await co.client.post(`${audit}/answers/${firstHr.questionId}/comments`, { body: 'Late remark' })).body
        .code,
    ).toBe('AUDIT.LOCKED');
    expect((await co.client.patch(audit, { title: 'Renamed' })).body.code).toBe(
      'REQUEST.PRECONDITION_REQUIRED',
    );
    expect(
      (
        await co.client.patch(
          audit,
          { title: 'Renamed' },
          { headers: { 'if-match': submitted.headers.get('etag')! } },
        )
      ).body.code,
    ).toBe('AUDIT.LOCKED');
    expect((await co.client.post(`${audit}/reopen`, {})).status).toBe(400);

    // The trail: every step, ids only, verifiable.
    const trail = await auditor.client.get(`/organisations/${org}/audit-trail?entity=audit&limit=100`);
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((e: { action: string }) => e.action).reverse()).toEqual([
      'created',
      'assignments_changed',
      'started',
      'review_started',
      'submitted',
    ]);
    expect(JSON.stringify(trail.body)).not.toMatch(/@example\.com/);
    expect((await it.client.get(`/organisations/${org}/audit-trail`)).status).toBe(403);
    expect((await auditor.client.get(`/organisations/${org}/audit-trail/verify`)).body).toMatchObject({
      valid: true,
      firstBroken: null,
    });

    expect(
      (await co.client.post(`${audit}/reopen`, { reason: 'The board asked to re-examine the HR section.' }))
        .status,
    ).toBe(428);
    const reopened = await co.client.post(
      `${audit}/reopen`,
      { reason: 'The board asked to re-examine the HR section.' },
      { headers: { 'if-match': submitted.headers.get('etag')! } },
    );
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'in_review', attestation: null });
    expect(
      (await co.client.get(`/organisations/${org}/audit-trail?action=reopened`)).body.items[0].after,
    ).toMatchObject({ reason: expect.any(String) });
    expect((await co.client.get(`${audit}/results`)).body.kind).toBe('draft');
  });

  it('starts a new audit from the previous one with its answers marked needs_review', async () => {
    const admin = await signUp(t);
    const fixture = answersFixture('multinational-12000');
    await setProfile(admin.client, admin.orgId, fixture.profile);
    const base = `/organisations/${admin.orgId}/audits`;
    const first = (await admin.client.post(base, { title: 'First' })).body.id;
    const section = (await admin.client.get(`${base}/${first}/sections/it`)).body.questions as {
      id: string;
    }[];
    const answered = section.filter((q) => fixture.answers[q.id]).slice(0, 3);
    expect(answered.length).toBe(3);
    await admin.client.post(`${base}/${first}/answers`, {
      answers: answered.map((q) => ({ questionId: q.id, ...fixture.answers[q.id] })),
    });

    const second = await admin.client.post(base, { title: 'Second', fromAuditId: first });
    expect(second.status).toBe(201);
    expect(second.body.previousAuditId).toBe(first);
    const copied = (await admin.client.get(`${base}/${second.body.id}/sections/it`)).body.questions.filter(
      (q: { answer: unknown }) => q.answer,
    );
    expect(
      copied.map((q: { answer: { status: string; version: number } }) => [q.answer.status, q.answer.version]),
    ).toEqual(answered.map(() => ['needs_review', 1]));

    await admin.client.post(`${base}/${second.body.id}/transitions`, { action: 'start' });
    const refused = await submitAudit(admin.client, `${base}/${second.body.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'AUDIT.ANSWERS_NEED_REVIEW',
      questionIds: expect.arrayContaining(answered.map((q) => q.id)),
    });
    // Confirming the copied value clears the flag.
    const q0 = answered[0].id;
    const confirmed = await admin.client.request(
      'PUT',
      `${base}/${second.body.id}/answers/${q0}`,
      fixture.answers[q0],
      { headers: { 'if-match': '"1"' } },
    );
    expect(confirmed.body).toMatchObject({ status: 'answered', version: 2 });
    // Another organisation's audit is a 404, also as a source to copy from.
    const stranger = await signUp(t);
    expect(
      (
        await stranger.client.post(`/organisations/${stranger.orgId}/audits`, {
          title: 'Copy',
          fromAuditId: first,
        })
      ).status,
    ).toBe(404);
    expect((await stranger.client.get(`/organisations/${stranger.orgId}/audits/${first}`)).status).toBe(404);
    expect((await stranger.client.get(`${base}/${first}`)).status).toBe(404);
  });

  it('lists audits with a status filter and paging', async () => {
    const admin = await signUp(t);
    const base = `/organisations/${admin.orgId}/audits`;
    for (const title of ['A', 'B', 'C']) expect((await admin.client.post(base, { title })).status).toBe(201);
    const ids = (await admin.client.get(`${base}?limit=2&offset=0`)).body;
    expect(ids).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(ids.items.map((a: { title: string }) => a.title)).toEqual(['C', 'B']);
    await admin.client.post(`${base}/${ids.items[0].id}/transitions`, { action: 'start' });
    expect((await admin.client.get(`${base}?status=in_progress`)).body.total).toBe(1);
    expect((await admin.client.get(`${base}?status=bogus`)).status).toBe(400);
    const respondent = await addMember(t, admin.client, admin.orgId, 'respondent');
    expect((await respondent.client.get(base)).body.total).toBe(0);
  });

  it('reads a snapshot stored in results format 1 as the current format and leaves the stored row as it was', async () => {
    const admin = await signUp(t);
    const fixture = answersFixture('multinational-12000');
    await setProfile(admin.client, admin.orgId, fixture.profile);
    const auditId = await createAudit(admin.client, admin.orgId);
    const audit = `/organisations/${admin.orgId}/audits/${auditId}`;
    const questions = (await admin.client.get(`${audit}/sections/it`)).body.questions as { id: string }[];
    const answers = questions
      .filter((q) => fixture.answers[q.id])
      .map((q) => ({ questionId: q.id, ...fixture.answers[q.id] }));
    expect((await admin.client.post(`${audit}/answers`, { answers })).status).toBe(200);
    expect((await submitAudit(admin.client, audit)).status).toBe(200);

    // Snapshots are immutable: the same results in the old shape are stored as a later snapshot, as an older
    // version of the api would have stored them, before anything has read the audit's results.
    const [{ result: stored }]: { result: { result: AuditResult } }[] = await ds.query(
      `SELECT result FROM result_snapshot WHERE audit_id = $1`,
      [auditId],
    );
    expect(stored.result.resultFormat).toBe(RESULT_FORMAT);
    // Sealed as that version would have sealed it: the hash is the old document's own.
    const oldHash = snapshotHashOf({ ...stored, result: toFormat1(stored.result) });
    const [{ id }]: { id: string }[] = await ds.query(
      `INSERT INTO result_snapshot (audit_id, organisation_id, content_hash, formula_version, result, snapshot_hash, created_by, created_at)
       SELECT audit_id, organisation_id, content_hash, formula_version, jsonb_set(result, '{result}', $2::jsonb), $3, created_by, created_at + interval '1 second'
         FROM result_snapshot WHERE audit_id = $1 RETURNING id`,
      [auditId, JSON.stringify(toFormat1(stored.result)), oldHash],
    );
    const row = () =>
      ds.query(`SELECT result::text AS text, snapshot_hash FROM result_snapshot WHERE id = $1`, [id]);
    const before: { text: string; snapshot_hash: string }[] = await row();
    expect(JSON.parse(before[0].text).result.resultFormat).toBeUndefined();

    const read = await admin.client.get(`${audit}/results`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ kind: 'submitted', snapshotHash: before[0].snapshot_hash });
    // Format 1 had no country coverage and no caveats; the upgrade does not invent them.
    const { coverage: _coverage, caveats: _caveats, ...format1Fields } = stored.result;
    expect(read.body.result).toEqual(format1Fields);
    expect(await row()).toEqual(before);
  });

  it('sends brotli to clients that accept it once the same results are read again, gzip until then', async () => {
    const admin = await signUp(t);
    const fixture = answersFixture('multinational-12000');
    await setProfile(admin.client, admin.orgId, fixture.profile);
    const auditId = await createAudit(admin.client, admin.orgId);
    const results = `/organisations/${admin.orgId}/audits/${auditId}/results`;
    const plain = await admin.client.get(results);
    const headers = { 'accept-encoding': 'gzip, deflate, br' };
    const first = await admin.client.get(results, { headers });
    expect(first.headers.get('content-encoding')).toBe('gzip');
    let encoding: string | null = null;
    for (let i = 0; i < 50 && encoding !== 'br'; i++) {
      const res = await admin.client.get(results, { headers });
      expect(res.body.result).toEqual(plain.body.result);
      expect(res.headers.get('etag')).toBe(plain.headers.get('etag'));
      encoding = res.headers.get('content-encoding');
      if (encoding !== 'br') await new Promise((r) => setTimeout(r, 20));
    }
    expect(encoding).toBe('br');
  });

  it('keeps an audit pinned to 1.0.0 on 1.0.0, and a new 1.1.0 audit from it carries its answers across', async () => {
    const admin = await signUp(t);
    const fixture = answersFixture('multinational-12000');
    await setProfile(admin.client, admin.orgId, fixture.profile);
    const base = `/organisations/${admin.orgId}/audits`;
    const pinned = (version: string) => {
      const c = catalogueFor(`workplace-csam-readiness@${version}`);
      return { id: c.framework.id, version, contentHash: c.contentHash };
    };
    const legal = async (id: string) =>
      (await admin.client.get(`${base}/${id}/sections/legal`)).body.questions as {
        id: string;
        answer?: { value: unknown; status: string };
      }[];

    const first = await admin.client.post(base, {
      title: '2025',
      framework: 'workplace-csam-readiness@1.0.0',
    });
    expect(first.body.framework).toEqual(pinned('1.0.0'));
    const answered = (await legal(first.body.id)).filter((q) => fixture.answers[q.id]);
    expect(answered.length).toBeGreaterThan(3);
    expect(
      (
        await admin.client.post(`${base}/${first.body.id}/answers`, {
          answers: answered.map((q) => ({ questionId: q.id, ...fixture.answers[q.id] })),
        })
      ).status,
    ).toBe(200);

    const second = await admin.client.post(base, {
      title: '2026',
      framework: 'workplace-csam-readiness@1.1.0',
      fromAuditId: first.body.id,
    });
    expect(second.status).toBe(201);
    expect(second.body.framework).toEqual(pinned('1.1.0'));
    const next = await legal(second.body.id);
    const copied = next.filter((q) => q.answer);
    expect(copied.map((q) => q.id).sort()).toEqual(answered.map((q) => q.id).sort());
    expect(
      copied.every(
        (q) =>
          q.answer!.status === 'needs_review' &&
          JSON.stringify(q.answer!.value) === JSON.stringify(fixture.answers[q.id]!.value),
      ),
    ).toBe(true);
    // The questions added in 1.1.0 are there, unanswered, where the profile makes them apply.
    expect(next.find((q) => q.id === 'REP-11-Q1')?.answer).toBeFalsy();
    expect(next.map((q) => q.id)).toContain('REP-11-Q1');

    // The 1.0.0 audit is unchanged: still pinned to 1.0.0, without the new questions.
    expect((await admin.client.get(`${base}/${first.body.id}`)).body.framework).toEqual(pinned('1.0.0'));
    expect((await legal(first.body.id)).map((q) => q.id)).not.toContain('REP-11-Q1');
  });
});
