import type { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import { bearerFor, signUp, type ApiClient } from '../support/auth';
import { openTestDatabase } from '../support/database';
import { answersFixture, createAudit, setProfile, someAnswer } from './support/audit-fixtures';

/**
 * An answer save is one database call that commits on its own, checked first against a per-process
 * cache of the audit's catalogue and the organisation's profile. These tests change the database
 * behind the api's back (as another api process would) and break the save half-way.
 */
describe('audit: one-statement answer save', () => {
  let t: TestApp;
  let ds: DataSource;
  let client: ApiClient;
  let orgId: string;

  beforeAll(async () => {
    ds = await openTestDatabase();
    t = await startTestApp();
    const admin = await signUp(t);
    orgId = admin.orgId;
    client = await bearerFor(t, admin.client);
    // works_with_children: false, so REP-05-Q3 is not shown.
    await setProfile(client, orgId, answersFixture('multinational-12000').profile);
  });
  afterAll(async () => {
    await t.close();
    await ds.destroy();
  });

  const question = async (audit: string, id: string) => {
    const section = (await client.get(`${audit}/sections/legal`)).body;
    return section.questions.find((q: { id: string }) => q.id === id) as Parameters<typeof someAnswer>[0];
  };
  /** Changes the profile in the database only, as an api process other than the test's would. */
  const setWorksWithChildren = (on: boolean) =>
    ds.query(`UPDATE organisation SET profile = jsonb_set(profile, '{works_with_children}', to_jsonb($2::boolean)), version = version + 1 WHERE id = $1`, [orgId, on]);
  const chainHead = async () => (await ds.query(`SELECT seq FROM audit_chain_head WHERE chain_id = $1`, [orgId]))[0]?.seq as string;

  it('checks an answer against the current profile when another process changed it', async () => {
    const audit = `/organisations/${orgId}/audits/${await createAudit(client, orgId)}`;
    const gov = (await client.get(`${audit}/sections/leadership`)).body.questions[0];
    // Fills the api's cache with the profile as it is now.
    expect((await client.request('PUT', `${audit}/answers/${gov.id}`, someAnswer(gov))).status).toBe(200);
    const hidden = await client.request('PUT', `${audit}/answers/REP-05-Q3`, { value: 'yes' });
    expect(hidden.status).toBe(422);
    expect(hidden.body.code).toBe('QUESTION.NOT_APPLICABLE');

    await setWorksWithChildren(true);
    try {
      const q = await question(audit, 'REP-05-Q3');
      const shown = await client.request('PUT', `${audit}/answers/REP-05-Q3`, someAnswer(q));
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({ questionId: 'REP-05-Q3', version: 1 });
      // The api now holds the new profile; put the old one back behind its back.
      await setWorksWithChildren(false);
      const stale = await client.request('PUT', `${audit}/answers/REP-05-Q3`, someAnswer(q), { headers: { 'if-match': '"1"' } });
      expect(stale.status).toBe(422);
      expect(stale.body.code).toBe('QUESTION.NOT_APPLICABLE');
      const history = (await ds.query(`SELECT h.version FROM answer_history h JOIN answer a ON a.id = h.answer_id WHERE a.audit_id::text = $1 AND a.question_id = 'REP-05-Q3'`, [audit.split('/').pop()])) as unknown[];
      expect(history).toHaveLength(1);
    } finally {
      await setWorksWithChildren(false);
    }
  });

  it('leaves nothing behind when the save fails half-way: no answer, no history, audit still a draft, chain unchanged', async () => {
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    const q = (await client.get(`${audit}/sections/it`)).body.questions[0];
    const before = await chainHead();
    // The trail append is the last step of the save: failing it must roll back everything before it.
    await ds.query(`CREATE FUNCTION fail_answer_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await ds.query(`CREATE TRIGGER fail_answer_event BEFORE INSERT ON audit_event FOR EACH ROW WHEN (NEW.entity = 'answer') EXECUTE FUNCTION fail_answer_event()`);
    try {
      const res = await client.request('PUT', `${audit}/answers/${q.id}`, { ...someAnswer(q), evidence: [{ title: 'Policy register', kind: 'document', location: 'Intranet, policies section' }] });
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('INTERNAL');
    } finally {
      await ds.query(`DROP TRIGGER fail_answer_event ON audit_event`);
      await ds.query(`DROP FUNCTION fail_answer_event()`);
    }
    expect(await ds.query(`SELECT 1 FROM answer WHERE audit_id = $1`, [auditId])).toHaveLength(0);
    expect(await ds.query(`SELECT 1 FROM answer_history WHERE audit_id = $1`, [auditId])).toHaveLength(0);
    expect(await ds.query(`SELECT 1 FROM evidence_ref e JOIN answer a ON a.id = e.answer_id WHERE a.audit_id = $1`, [auditId])).toHaveLength(0);
    expect((await client.get(audit)).body.status).toBe('draft');
    expect(await chainHead()).toBe(before);

    // The same connection pool goes on working, and the save then goes through whole.
    const saved = await client.request('PUT', `${audit}/answers/${q.id}`, someAnswer(q));
    expect(saved.status).toBe(200);
    expect((await client.get(audit)).body.status).toBe('in_progress');
    const events: { entity: string; action: string }[] = await ds.query(`SELECT entity, action FROM audit_event WHERE organisation_id = $1 AND seq > $2 ORDER BY seq`, [orgId, before]);
    expect(events).toEqual([
      { entity: 'audit', action: 'started' },
      { entity: 'answer', action: 'created' },
    ]);
    expect((await client.get(`/organisations/${orgId}/audit-trail/verify`)).body).toMatchObject({ valid: true, firstBroken: null });
  });

  it('records the replaced answer and its evidence as the update event\'s before, in the same shape as after', async () => {
    const audit = `/organisations/${orgId}/audits/${await createAudit(client, orgId)}`;
    const q = (await client.get(`${audit}/sections/it`)).body.questions[0];
    const evidence = [{ title: 'Filter vendor contract', kind: 'record', location: 'Procurement system', ownerRole: 'it', date: '2026-03-01', expiresOn: '2027-03-01' }];
    const first = await client.request('PUT', `${audit}/answers/${q.id}`, { ...someAnswer(q), note: 'first', evidence });
    expect(first.status).toBe(200);
    const second = await client.request('PUT', `${audit}/answers/${q.id}`, { ...someAnswer(q), note: 'second' }, { headers: { 'if-match': '"1"' } });
    expect(second.status).toBe(200);
    expect(second.body.evidence).toEqual([]);
    const [created, updated]: { after: Record<string, unknown>; before: Record<string, unknown> | null }[] = await ds.query(
      `SELECT before, after FROM audit_event WHERE organisation_id = $1 AND entity = 'answer' AND entity_id = (SELECT id::text FROM answer WHERE question_id = $2 AND audit_id = $3) ORDER BY seq`,
      [orgId, q.id, audit.split('/').pop()],
    );
    const { auditId: _auditId, questionId: _questionId, ...firstState } = created.after;
    expect(created.before).toBeNull();
    expect(updated.before).toEqual(firstState);
    expect(firstState).toMatchObject({ version: 1, note: 'first', evidence: [{ ...evidence[0], ownerUserId: null }] });
    expect(updated.after).toMatchObject({ version: 2, note: 'second', evidence: [] });
  });

  it('answers 409 ANSWER.CONTEXT_CHANGED, having saved nothing, when the profile check keeps failing', async () => {
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    const q = (await client.get(`${audit}/sections/it`)).body.questions[0];
    // Stands in for a profile that changes under every attempt: the save function's own refusal for that case.
    await ds.query(`CREATE FUNCTION refuse_as_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'changed' USING ERRCODE = 'UA412'; END $$`);
    await ds.query(`CREATE TRIGGER refuse_as_changed BEFORE INSERT ON answer FOR EACH ROW EXECUTE FUNCTION refuse_as_changed()`);
    try {
      const res = await client.request('PUT', `${audit}/answers/${q.id}`, someAnswer(q));
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('ANSWER.CONTEXT_CHANGED');
    } finally {
      await ds.query(`DROP TRIGGER refuse_as_changed ON answer`);
      await ds.query(`DROP FUNCTION refuse_as_changed()`);
    }
    expect(await ds.query(`SELECT 1 FROM answer WHERE audit_id = $1`, [auditId])).toHaveLength(0);
    expect((await client.get(audit)).body.status).toBe('draft');
  });

  it('answers 404 for an audit deleted after the api cached it, for a known question and an unknown one', async () => {
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    const q = (await client.get(`${audit}/sections/it`)).body.questions[0];
    expect((await client.request('PUT', `${audit}/answers/${q.id}`, someAnswer(q))).status).toBe(200);
    await ds.query(`DELETE FROM audit WHERE id = $1`, [auditId]);
    for (const questionId of [q.id, 'ZZZ-99-Q9']) {
      const res = await client.request('PUT', `${audit}/answers/${questionId}`, someAnswer(q), { headers: { 'if-match': '"1"' } });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('RESOURCE.NOT_FOUND');
    }
  });
});
