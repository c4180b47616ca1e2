import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '@aup/db';
import type { ApiClient } from '../support/auth';
import { withFailingInsert } from '../support/database';
import { createAudit, someAnswer, startAuditTestbed, type AuditTestbed } from './support/audit-fixtures';

/**
 * An answer save is one database call that commits on its own, checked first against a per-process
 * cache of the audit's catalogue and the organisation's profile. These tests change the database
 * behind the api's back (as another api process would) and break the save half-way.
 */
describe('audit: one-statement answer save', () => {
  let bed: AuditTestbed;
  let ds: DataSource;
  let client: ApiClient;
  let orgId: string;

  // The profile has works_with_children: false, so REP-05-Q3 is not shown.
  beforeAll(async () => {
    bed = await startAuditTestbed();
    ({ ds, client, orgId } = bed);
  });
  afterAll(() => bed.close());

  const question = async (audit: string, id: string) => {
    const section = (await client.get(`${audit}/sections/legal`)).body;
    return section.questions.find((q: { id: string }) => q.id === id) as Parameters<typeof someAnswer>[0];
  };
  /** Changes the profile in the database only, as an api process other than the test's would. */
  const setWorksWithChildren = (on: boolean) =>
    ds.query(
      `UPDATE organisation SET profile = jsonb_set(profile, '{works_with_children}', to_jsonb($2::boolean)), version = version + 1 WHERE id = $1`,
      [orgId, on],
    );
  const chainHead = async () =>
    (await ds.query(`SELECT seq FROM audit_chain_head WHERE chain_id = $1`, [orgId]))[0]?.seq as string;

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
      const stale = await client.request('PUT', `${audit}/answers/REP-05-Q3`, someAnswer(q), {
        headers: { 'if-match': '"1"' },
      });
      expect(stale.status).toBe(422);
      expect(stale.body.code).toBe('QUESTION.NOT_APPLICABLE');
      const history = await client.get(`${audit}/answers/REP-05-Q3/history`);
      expect(history.status).toBe(200);
      expect(history.body).toHaveLength(1);
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
    const res = await withFailingInsert(ds, { table: 'audit_event', when: "NEW.entity = 'answer'" }, () =>
      client.request('PUT', `${audit}/answers/${q.id}`, {
        ...someAnswer(q),
        evidence: [{ title: 'Policy register', kind: 'document', location: 'Intranet, policies section' }],
      }),
    );
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('INTERNAL');
    expect(await ds.query(`SELECT 1 FROM answer WHERE audit_id = $1`, [auditId])).toHaveLength(0);
    expect(await ds.query(`SELECT 1 FROM answer_history WHERE audit_id = $1`, [auditId])).toHaveLength(0);
    expect(await ds.query(`SELECT answers_revision FROM audit WHERE id = $1`, [auditId])).toEqual([
      { answers_revision: '0' },
    ]);
    expect((await client.get(audit)).body.status).toBe('draft');
    expect(await chainHead()).toBe(before);

    // The same connection pool goes on working, and the save then goes through whole.
    const saved = await client.request('PUT', `${audit}/answers/${q.id}`, someAnswer(q));
    expect(saved.status).toBe(200);
    expect((await client.get(audit)).body.status).toBe('in_progress');
    const events: { entity: string; action: string }[] = await ds.query(
      `SELECT entity, action FROM audit_event WHERE organisation_id = $1 AND seq > $2 ORDER BY seq`,
      [orgId, before],
    );
    expect(events).toEqual([
      { entity: 'audit', action: 'started' },
      { entity: 'answer', action: 'created' },
    ]);
    expect((await client.get(`/organisations/${orgId}/audit-trail/verify`)).body).toMatchObject({
      valid: true,
      firstBroken: null,
    });
  });

  it("records the replaced answer and its evidence as the update event's before, in the same shape as after", async () => {
    const audit = `/organisations/${orgId}/audits/${await createAudit(client, orgId)}`;
    const q = (await client.get(`${audit}/sections/it`)).body.questions[0];
    const evidence = [
      {
        title: 'Filter vendor contract',
        kind: 'record',
        location: 'Procurement system',
        ownerRole: 'it',
        date: '2026-03-01',
        expiresOn: '2027-03-01',
      },
    ];
    const first = await client.request('PUT', `${audit}/answers/${q.id}`, {
      ...someAnswer(q),
      note: 'first',
      evidence,
    });
    expect(first.status).toBe(200);
    const second = await client.request(
      'PUT',
      `${audit}/answers/${q.id}`,
      { ...someAnswer(q), note: 'second' },
      { headers: { 'if-match': '"1"' } },
    );
    expect(second.status).toBe(200);
    expect(second.body.evidence).toEqual([]);
    const [created, updated]: { after: Record<string, unknown>; before: Record<string, unknown> | null }[] =
      await ds.query(
        `SELECT before, after FROM audit_event WHERE organisation_id = $1 AND entity = 'answer' AND entity_id = (SELECT id::text FROM answer WHERE question_id = $2 AND audit_id = $3) ORDER BY seq`,
        [orgId, q.id, audit.split('/').pop()],
      );
    const { auditId: _auditId, questionId: _questionId, ...firstState } = created.after;
    expect(created.before).toBeNull();
    expect(updated.before).toEqual(firstState);
    expect(firstState).toMatchObject({
      version: 1,
      note: 'first',
      evidence: [{ ...evidence[0], ownerUserId: null }],
    });
    expect(updated.after).toMatchObject({ version: 2, note: 'second', evidence: [] });
  });

  it('answers 409 ANSWER.CONTEXT_CHANGED, having saved nothing, when the profile check keeps failing', async () => {
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    const q = (await client.get(`${audit}/sections/it`)).body.questions[0];
    // Stands in for a profile that changes under every attempt: the save function's own refusal for that case.
    const res = await withFailingInsert(ds, { table: 'answer', errcode: 'UA412' }, () =>
      client.request('PUT', `${audit}/answers/${q.id}`, someAnswer(q)),
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ANSWER.CONTEXT_CHANGED');
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
      const res = await client.request('PUT', `${audit}/answers/${questionId}`, someAnswer(q), {
        headers: { 'if-match': '"1"' },
      });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('RESOURCE.NOT_FOUND');
    }
  });

  it('refuses a batch whole when any item is stale, naming every stale item with its current answer', async () => {
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    const [q1, q2, q3] = (await client.get(`${audit}/sections/it`)).body.questions;
    for (const q of [q1, q2])
      expect(
        (await client.request('PUT', `${audit}/answers/${q.id}`, { ...someAnswer(q), note: 'kept' })).status,
      ).toBe(200);
    const res = await client.post(`${audit}/answers`, {
      answers: [
        { questionId: q1.id, ...someAnswer(q1), note: 'lost', version: 1 },
        { questionId: q2.id, ...someAnswer(q2), note: 'lost' },
        { questionId: q3.id, ...someAnswer(q3), note: 'lost', version: 5 },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('ANSWER.VERSION_CONFLICT');
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        index: 1,
        questionId: q2.id,
        code: 'ANSWER.VERSION_CONFLICT',
        current: expect.objectContaining({ version: 1, note: 'kept' }),
      }),
      expect.objectContaining({
        index: 2,
        questionId: q3.id,
        code: 'ANSWER.VERSION_CONFLICT',
        current: null,
      }),
    ]);
    const rows: { question_id: string; version: number; note: string }[] = await ds.query(
      `SELECT question_id, version, note FROM answer WHERE audit_id = $1 ORDER BY question_id`,
      [auditId],
    );
    expect(rows.map((r) => [r.question_id, r.version, r.note])).toEqual(
      [q1.id, q2.id].sort().map((id) => [id, 1, 'kept']),
    );
  });

  it('neither deadlocks nor loses a version when batches and single saves cross on the same answers', async () => {
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    const qs = (
      (await client.get(`${audit}/sections/it`)).body.questions as Parameters<typeof someAnswer>[0][]
    ).slice(0, 4);
    const writes = Array.from({ length: 12 }, async (_, i) => {
      const current = new Map<string, number>();
      for (const q of qs) {
        const v = (await client.get(`${audit}/answers/${q.id}/history`)).body.at(-1)?.version;
        if (v) current.set(q.id, v);
      }
      // Batches lock in question order whatever order they are sent in: half send them reversed, and every third writer saves one answer alone.
      const order = i % 2 ? [...qs].reverse() : qs;
      if (i % 3 === 2)
        return client.request(
          'PUT',
          `${audit}/answers/${qs[i % 4].id}`,
          someAnswer(qs[i % 4]),
          current.has(qs[i % 4].id) ? { headers: { 'if-match': `"${current.get(qs[i % 4].id)}"` } } : {},
        );
      return client.post(`${audit}/answers`, {
        answers: order.map((q) => ({
          questionId: q.id,
          ...someAnswer(q),
          ...(current.has(q.id) ? { version: current.get(q.id) } : {}),
        })),
      });
    });
    const statuses = (await Promise.all(writes)).map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    expect(statuses).toContain(200);
    for (const q of qs) {
      const versions = (
        (await client.get(`${audit}/answers/${q.id}/history`)).body as { version: number }[]
      ).map((h) => h.version);
      expect(versions).toEqual(versions.map((_, k) => k + 1));
    }
    expect((await client.get(`/organisations/${orgId}/audit-trail/verify`)).body).toMatchObject({
      valid: true,
      firstBroken: null,
    });
  });

  it('refuses, in the database, items that do not come in question order (the lock order every writer keeps)', async () => {
    const auditId = await createAudit(client, orgId);
    const [{ user_id: userId }]: { user_id: string }[] = await ds.query(
      `SELECT user_id FROM membership WHERE organisation_id = $1`,
      [orgId],
    );
    const [{ content_hash: contentHash, profile_hash: profileHash }]: {
      content_hash: string;
      profile_hash: string;
    }[] = await ds.query(
      `SELECT a.content_hash, aup_profile_hash(o.profile) AS profile_hash FROM audit a JOIN organisation o ON o.id = a.organisation_id WHERE a.id = $1`,
      [auditId],
    );
    const item = (questionId: string) => ({
      questionId,
      section: 'it',
      expected: null,
      value: 'none',
      status: 'answered',
      justification: null,
      note: null,
      evidence: [],
    });
    const call = (ids: string[]) =>
      ds
        .query(`SELECT aup_save_answers($1, $2, $3, true, $4, $5, $6::jsonb)`, [
          auditId,
          orgId,
          userId,
          contentHash,
          profileHash,
          JSON.stringify(ids.map(item)),
        ])
        .catch((e: { code?: string }) => e);
    expect(await call(['TEC-02-Q1', 'TEC-01-Q1'])).toMatchObject({ code: '22023' });
    expect(await call(['TEC-01-Q1', 'TEC-01-Q1'])).toMatchObject({ code: '22023' });
    expect(await ds.query(`SELECT 1 FROM answer WHERE audit_id = $1`, [auditId])).toHaveLength(0);
  });

  it('reads the history from the trail, and keeps answers, evidence and history through the migration that moved them', async () => {
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    const q = (await client.get(`${audit}/sections/it`)).body.questions[0];
    const evidence = [
      {
        title: 'Acceptable use policy v4',
        kind: 'document',
        location: 'Policies, section 2',
        ownerRole: 'it',
        date: '2026-03-01',
      },
    ];
    const revision = async () =>
      (
        (await ds.query(`SELECT answers_revision FROM audit WHERE id = $1`, [auditId])) as {
          answers_revision: string;
        }[]
      )[0].answers_revision;
    expect(
      (await client.request('PUT', `${audit}/answers/${q.id}`, { ...someAnswer(q), evidence })).status,
    ).toBe(200);
    expect(await revision()).toBe('1');
    const second = await client.request(
      'PUT',
      `${audit}/answers/${q.id}`,
      { ...someAnswer(q), note: 'Checked again.' },
      {
        headers: { 'if-match': '"1"' },
      },
    );
    expect(second.status).toBe(200);
    expect(await revision()).toBe('2');
    // A save writes no history row: both versions come from the trail events.
    expect(await ds.query(`SELECT 1 FROM answer_history WHERE audit_id = $1`, [auditId])).toHaveLength(0);
    const history = (await client.get(`${audit}/answers/${q.id}/history`)).body;
    expect(history).toEqual([
      expect.objectContaining({ version: 1, evidence: [expect.objectContaining(evidence[0])], note: null }),
      expect.objectContaining({ version: 2, evidence: [], note: 'Checked again.' }),
    ]);
    const other = (await client.get(`${audit}/sections/it`)).body.questions[1];
    expect(
      (await client.request('PUT', `${audit}/answers/${other.id}`, { ...someAnswer(other), evidence }))
        .status,
    ).toBe(200);
    const section = (await client.get(`${audit}/sections/it`)).body;
    expect(JSON.stringify(section)).toContain(evidence[0].title);

    // Back to evidence rows and a history row per save, then forward again: the api reads the same.
    // Reverts the migrations after it too (later ones come back with it).
    const inline = MIGRATIONS.findIndex((m) => m.name === 'AnswersInline1797700000000');
    expect(inline).toBeGreaterThan(0);
    for (let i = inline; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(
      await ds.query(
        `SELECT e.title FROM evidence_ref e JOIN answer a ON a.id = e.answer_id WHERE a.audit_id = $1`,
        [auditId],
      ),
    ).toEqual([{ title: evidence[0].title }]);
    expect(
      await ds.query(`SELECT version FROM answer_history WHERE audit_id = $1 ORDER BY question_id, version`, [
        auditId,
      ]),
    ).toEqual([{ version: 1 }, { version: 2 }, { version: 1 }]);
    await ds.runMigrations({ transaction: 'each' });
    expect((await client.get(`${audit}/sections/it`)).body).toEqual(section);
    expect((await client.get(`${audit}/answers/${q.id}/history`)).body).toEqual(history);
  });
});
