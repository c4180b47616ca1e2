import type { DataSource } from 'typeorm';
import type { ApiClient } from '../support/auth';
import {
  createAudit,
  someAnswer,
  startAuditTestbed,
  submitAudit,
  type AuditTestbed,
} from './support/audit-fixtures';

const SECTIONS = ['it', 'hr', 'legal', 'security', 'leadership'];

describe('audit: concurrent writers', () => {
  let bed: AuditTestbed;
  let ds: DataSource;
  let client: ApiClient;
  let orgId: string;
  let questions: Parameters<typeof someAnswer>[0][];

  beforeAll(async () => {
    // A pool large enough that the writers really run at the same time.
    bed = await startAuditTestbed({ DATABASE_POOL_SIZE: '25' });
    ({ ds, client, orgId } = bed);
  });
  afterAll(() => bed.close());

  const loadQuestions = async (audit: string) => {
    const all = [];
    for (const s of SECTIONS) all.push(...(await client.get(`${audit}/sections/${s}`)).body.questions);
    return all;
  };

  it('lets exactly one of 20 writers with the same version win; history shows no lost update', async () => {
    const audit = `/organisations/${orgId}/audits/${await createAudit(client, orgId)}`;
    questions = await loadQuestions(audit);
    const q = questions.find((x) => x.type === 'yes_no_partial' || x.type === 'choice')!;
    const first = await client.request('PUT', `${audit}/answers/${q.id}`, {
      ...someAnswer(q),
      note: 'first',
    });
    expect(first.status).toBe(200);

    const writers = Array.from({ length: 20 }, (_, i) =>
      client.request(
        'PUT',
        `${audit}/answers/${q.id}`,
        { ...someAnswer(q), note: `writer ${i}` },
        { headers: { 'if-match': '"1"' } },
      ),
    );
    const results = await Promise.all(writers);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
    const winner = results.find((r) => r.status === 200)!;
    for (const loser of results.filter((r) => r.status === 409)) {
      expect(loser.body).toMatchObject({
        code: 'ANSWER.VERSION_CONFLICT',
        current: { version: 2, note: winner.body.note },
      });
    }
    const history = (await client.get(`${audit}/answers/${q.id}/history`)).body;
    expect(history.map((h: { version: number; note: string }) => [h.version, h.note])).toEqual([
      [1, 'first'],
      [2, winner.body.note],
    ]);
    const events: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1 AND entity = 'answer'`,
      [orgId],
    );
    expect(events[0].n).toBe(2);
  });

  it('lets exactly one of 20 first writers (no If-Match) create the answer', async () => {
    const audit = `/organisations/${orgId}/audits/${await createAudit(client, orgId)}`;
    const q = questions[1];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.request('PUT', `${audit}/answers/${q.id}`, { ...someAnswer(q), note: `first ${i}` }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(409)]);
    expect((await client.get(`${audit}/answers/${q.id}/history`)).body).toHaveLength(1);
  });

  it('saves all of 50 writers answering different questions of one audit, and the trail still verifies', async () => {
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    const fifty = questions.slice(0, 50);
    expect(fifty).toHaveLength(50);
    const results = await Promise.all(
      fifty.map((q) => client.request('PUT', `${audit}/answers/${q.id}`, someAnswer(q))),
    );
    expect(results.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([]);
    const saved: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM answer WHERE audit_id = $1 AND version = 1`,
      [auditId],
    );
    expect(saved[0].n).toBe(50);
    // Exactly one of them moved the audit from draft to in_progress.
    const started: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'started'`,
      [auditId],
    );
    expect(started[0].n).toBe(1);
    expect((await client.get(audit)).body.status).toBe('in_progress');
    expect((await client.get(`/organisations/${orgId}/audit-trail/verify`)).body).toMatchObject({
      valid: true,
    });
  });

  it('refuses answers racing a submit once it has committed (no answer lands after the snapshot)', async () => {
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    // Every question answered, so the submit is complete; 20 writers then change answers while it runs.
    expect(
      (
        await client.post(`${audit}/answers`, {
          answers: questions.map((q) => ({ questionId: q.id, ...someAnswer(q) })),
        })
      ).status,
    ).toBe(200);
    const changing = questions.filter((q) => q.type === 'yes_no_partial' || q.type === 'choice').slice(0, 20);
    expect(changing).toHaveLength(20);
    const etag = (await client.get(audit)).headers.get('etag')!;
    const racing = changing.map((q) =>
      client.request(
        'PUT',
        `${audit}/answers/${q.id}`,
        { value: q.options[0].value, justification: 'Changed while submitting.' },
        { headers: { 'if-match': '"1"' } },
      ),
    );
    const submit = client.post(
      `${audit}/submit`,
      { statement: 'I confirm the answers are complete and accurate.', role: 'Compliance lead' },
      { headers: { 'if-match': etag } },
    );
    const [submitted, ...answers] = await Promise.all([submit, ...racing]);
    expect(submitted.status).toBe(200);
    expect(
      answers.every((r) => r.status === 200 || (r.status === 409 && r.body.code === 'AUDIT.LOCKED')),
    ).toBe(true);
    expect((await client.get(`${audit}/results`)).body.kind).toBe('submitted');
    // The snapshot holds exactly the answers as stored: none changed after it was taken.
    const [{ answers: inSnapshot }]: { answers: Record<string, { value: unknown }> }[] = await ds.query(
      `SELECT result->'answers' AS answers FROM result_snapshot WHERE audit_id = $1`,
      [auditId],
    );
    const stored: { question_id: string; value: unknown }[] = await ds.query(
      `SELECT question_id, value FROM answer WHERE audit_id = $1`,
      [auditId],
    );
    expect(Object.fromEntries(Object.entries(inSnapshot).map(([id, a]) => [id, a.value]))).toEqual(
      Object.fromEntries(stored.map((r) => [r.question_id, r.value])),
    );
  });
  it('submits and changes the policy model at the same moment without a deadlock (one lock order)', async () => {
    // A submit locks the organisation's portfolio row (its snapshot's trigger) and takes the organisation's
    // remediation lock; a change to the policy model takes the same two. Taken in opposite orders, the two
    // deadlock. The test holds the portfolio row so both requests queue behind it, the submit first, then
    // lets go: the submit gets the row first, which is the interleaving that deadlocks in the wrong order.
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    expect(
      (
        await client.post(`${audit}/answers`, {
          answers: (await loadQuestions(audit))
            .slice(0, 5)
            .map((q) => ({ questionId: q.id, ...someAnswer(q) })),
        })
      ).status,
    ).toBe(200);
    const model = `/organisations/${orgId}/policy-model`;
    const plan = (await client.get(`${model}/action-plan`)).body as { version?: number };
    const waiting = async (n: number) => {
      for (let i = 0; i < 200; i++) {
        const [{ count }]: { count: number }[] = await ds.query(
          `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        if (count >= n) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`expected ${n} requests waiting for a lock`);
    };
    const holder = ds.createQueryRunner();
    await holder.connect();
    let submitted: Awaited<ReturnType<typeof submitAudit>>;
    let patched: { status: number; body: { code?: string } };
    try {
      await holder.startTransaction();
      await holder.query(`SELECT 1 FROM portfolio_org WHERE organisation_id = $1 FOR UPDATE`, [orgId]);
      const submit = submitAudit(client, audit);
      await waiting(1);
      const patch = client.request(
        'PATCH',
        `${model}/action-plan`,
        { reviewedOn: '2026-11-02' },
        plan.version ? { headers: { 'if-match': `"${plan.version}"` } } : {},
      );
      await waiting(2);
      await holder.commitTransaction();
      [submitted, patched] = await Promise.all([submit, patch]);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    expect([submitted.status, submitted.body.code]).toEqual([200, undefined]);
    expect([patched.status, patched.body.code]).toEqual([200, undefined]);
    expect((await client.get(audit)).body.status).toBe('submitted');
  });
});
