import type { DataSource } from 'typeorm';
import { addDays, utcDay } from '@aup/domain';
import { JobMetrics } from '@aup/jobs';
import { waitFor } from '../jobs/jobs-harness';
import { setProfile } from '../audits/support/audit-fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, signUp, type ApiClient, type SignedUp } from '../support/auth';
import { jobProducerOn, openTestDatabase, transaction, withFailingInsert } from '../support/database';

interface Item {
  id: string;
  source: 'audit' | 'policy_model';
  sourceKey: string | null;
  status: string;
  dueDate: string;
  version: number;
}
interface HistoryEntry {
  action: string;
  actorUserId: string | null;
  after: { policyGap?: string } | null;
}

/**
 * The policy model is kept current without anyone opening it: the daily refresh (embedded mode, jobs in
 * the api's process) judges the plan's review by the day and brings the gap items in step, by the
 * system; a profile change brings them in step in its own request, by the person who made it.
 */
describe('policy model kept current: the daily refresh and profile changes', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: SignedUp;
  let officer: SignedUp;
  /** Read its model once, never changed it. */
  let reader: SignedUp;
  /** Never opened its model. */
  let untouched: SignedUp;
  let base: string;

  const today = utcDay(new Date());
  const refresh = async (payload: { day?: string } = {}) => {
    await transaction(ds, () => jobProducerOn(ds).enqueue('policy_model.refresh', payload));
    await settled();
  };
  /** Every job queued so far completed or failed for good. */
  const settled = () =>
    waitFor(
      'every queued job to finish',
      async () => {
        const [{ n }]: { n: number }[] = await ds.query(
          `SELECT count(*)::int AS n FROM outbox o WHERE o.status <> 'failed' AND NOT EXISTS (SELECT 1 FROM job_execution j WHERE j.key = o.id::text)`,
        );
        return n === 0;
      },
      30_000,
    );
  const policyItems = async (client: ApiClient, orgId: string): Promise<Item[]> => {
    const res = await client.get(`/organisations/${orgId}/remediation-items?limit=100`);
    expect(res.status).toBe(200);
    return (res.body.items as Item[]).filter((i) => i.source === 'policy_model');
  };
  const active = async (key: string) =>
    (await policyItems(admin.client, admin.orgId)).filter(
      (i) => i.sourceKey === key && i.status !== 'verified',
    );
  const history = async (itemId: string): Promise<HistoryEntry[]> =>
    (await admin.client.get(`/organisations/${admin.orgId}/remediation-items/${itemId}/history`)).body;
  const row = async (client: ApiClient, orgId: string) =>
    (
      (await client.get('/portfolio?limit=100')).body.items as {
        organisationId: string;
        planComplete: boolean | null;
        coveragePct: number | null;
      }[]
    ).find((r) => r.organisationId === orgId)!;
  /** Events by the system in the admin's organisation. */
  const systemEvents = async (): Promise<{ action: string; policy_gap: string }[]> =>
    ds.query(
      `SELECT action, after->>'policyGap' AS policy_gap FROM audit_event WHERE organisation_id = $1 AND actor_user_id IS NULL ORDER BY seq`,
      [admin.orgId],
    );
  const reviewPlan = async (reviewedOn: string) => {
    const plan = await admin.client.get(`${base}/action-plan`);
    const res = await admin.client.patch(
      `${base}/action-plan`,
      { reviewedOn },
      plan.body.version ? { headers: { 'if-match': `"${plan.body.version}"` } } : {},
    );
    expect(res.status).toBe(200);
  };
  /** The review date as if recorded 13 months ago (the clock cannot be moved for the api). */
  const reviewedThirteenMonthsAgo = async () => {
    const [rows]: [unknown[], number] = await ds.query(
      `UPDATE action_plan SET reviewed_on = (current_date - interval '13 months')::date WHERE organisation_id = $1 RETURNING 1`,
      [admin.orgId],
    );
    expect(rows).toHaveLength(1);
  };

  beforeAll(async () => {
    ds = await openTestDatabase();
    t = await startTestApp();
    admin = await signUp(t);
    officer = await addMember(t, admin.client, admin.orgId, 'compliance_officer');
    base = `/organisations/${admin.orgId}/policy-model`;
    await setProfile(admin.client, admin.orgId, { countries: ['GB'], headcount: 800 });

    // A complete plan: every step with an owner and a deputy, every mandatory report's route, reviewed today.
    const plan = (await admin.client.get(`${base}/action-plan`)).body as { steps: { id: string }[] };
    for (const step of plan.steps) {
      const res = await admin.client.request('PUT', `${base}/action-plan/steps/${step.id}`, {
        ownerUserId: admin.userId,
        deputyUserId: officer.userId,
      });
      expect(res.status).toBe(200);
    }
    const register = (await admin.client.get(`${base}/obligations`)).body as {
      reportsWithoutRoute: { obligationId: string }[];
    };
    for (const { obligationId } of register.reportsWithoutRoute) {
      const res = await admin.client.request('PUT', `${base}/obligations/${obligationId}`, {
        reporterRole: 'Compliance lead',
        route: '+44 20 7946 0000',
      });
      expect(res.status).toBe(200);
    }
    await reviewPlan(today);

    reader = await signUp(t);
    expect((await reader.client.get(`/organisations/${reader.orgId}/policy-model/clauses`)).status).toBe(200);
    untouched = await signUp(t);
    // The refresh queued at start (embedded mode catches up at every start) is done.
    await settled();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await ds?.destroy();
  });

  it('a plan review passing 12 months shows the plan incomplete and makes its item the next day, by the system', async () => {
    expect((await row(admin.client, admin.orgId)).planComplete).toBe(true);
    expect(await active('plan-review')).toEqual([]);
    await reviewedThirteenMonthsAgo();
    // Nobody opens the model: nothing shows it yet.
    expect((await row(admin.client, admin.orgId)).planComplete).toBe(true);

    await refresh();

    expect((await row(admin.client, admin.orgId)).planComplete).toBe(false);
    const [item] = await active('plan-review');
    expect(item).toMatchObject({ status: 'open', dueDate: addDays(today, 60) });
    expect(await history(item.id)).toEqual([
      expect.objectContaining({
        action: 'created',
        actorUserId: null,
        after: expect.objectContaining({ policyGap: 'plan-review' }),
      }),
    ]);
    expect(await systemEvents()).toEqual([{ action: 'created', policy_gap: 'plan-review' }]);

    // Reading the model still creates nothing: the organisation that only read its model has figures and no item.
    expect(await policyItems(reader.client, reader.orgId)).toEqual([]);
    expect((await row(reader.client, reader.orgId)).coveragePct).toBe(0);
    // An organisation that never opened its model is left alone.
    expect((await row(untouched.client, untouched.orgId)).planComplete).toBeNull();
    const [{ n }]: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM remediation_item WHERE organisation_id = ANY($1::uuid[])`,
      [[reader.orgId, untouched.orgId]],
    );
    expect(n).toBe(0);
  });

  it('a second run on the same day changes nothing', async () => {
    const state = () =>
      ds.query(
        `SELECT (SELECT count(*)::int FROM audit_event) AS events,
                (SELECT json_agg(json_build_object('id', id, 'status', status, 'version', version) ORDER BY id) FROM remediation_item) AS items,
                (SELECT json_agg(json_build_object('org', organisation_id, 'at', summary_at) ORDER BY organisation_id) FROM portfolio_org) AS summaries`,
      );
    const before = await state();
    await refresh();
    await refresh();
    expect(await state()).toEqual(before);
  });

  it('a refresh that fails half-way leaves nothing and its retry does it all once', async () => {
    await reviewPlan(today);
    expect(await active('plan-review')).toEqual([]);
    expect((await row(admin.client, admin.orgId)).planComplete).toBe(true);
    await reviewedThirteenMonthsAgo();
    const metrics = t.app.get(JobMetrics, { strict: false });
    const retried = async () =>
      /name="policy_model.refresh-org",outcome="retried"\} [1-9]/.test(
        await metrics.registry.getSingleMetricAsString('aup_jobs_total'),
      );

    // The item is inserted, then its trail event fails: the attempt rolls back as a whole.
    await withFailingInsert(
      ds,
      { table: 'audit_event', when: `NEW.entity = 'remediation_item' AND NEW.actor_user_id IS NULL` },
      async () => {
        await transaction(ds, () => jobProducerOn(ds).enqueue('policy_model.refresh', {}));
        await waitFor('a failed attempt of the refresh', retried, 30_000);
        expect(await active('plan-review')).toEqual([]);
        expect((await row(admin.client, admin.orgId)).planComplete).toBe(true);
      },
    );
    await settled();
    expect(await active('plan-review')).toHaveLength(1);
    expect((await row(admin.client, admin.orgId)).planComplete).toBe(false);
    // Reviewing the plan verified the first item (by the admin); the retry made the second, once.
    expect(await systemEvents()).toEqual([
      { action: 'created', policy_gap: 'plan-review' },
      { action: 'created', policy_gap: 'plan-review' },
    ]);
  }, 60_000);

  it('judges the plan on the day given to the run', async () => {
    await reviewPlan(today);
    expect(await active('plan-review')).toEqual([]);
    await refresh({ day: addDays(today, 300) });
    expect(await active('plan-review')).toEqual([]);
    const later = addDays(today, 400);
    await refresh({ day: later });
    const [item] = await active('plan-review');
    expect(item.dueDate).toBe(addDays(later, 60));
    expect((await history(item.id))[0]).toMatchObject({ action: 'created', actorUserId: null });
  });

  it('a profile change that adds a country with a mandatory report makes its route item in the same request, by that person', async () => {
    const before = (await admin.client.get(`${base}/obligations`)).body.reportsWithoutRoute;
    expect(before).toEqual([]);
    await setProfile(officer.client, admin.orgId, { countries: ['GB', 'SE'] });

    const missing = (
      (await admin.client.get(`${base}/obligations`)).body.reportsWithoutRoute as { obligationId: string }[]
    ).map((r) => r.obligationId);
    expect(missing).toContain('SE-BRB-16-10A');
    for (const obligationId of missing) {
      const [item] = await active(`route:${obligationId}`);
      expect(item).toMatchObject({ status: 'open', dueDate: addDays(today, 14) });
      expect(await history(item.id)).toEqual([
        expect.objectContaining({ action: 'created', actorUserId: officer.userId }),
      ]);
    }

    // Taking the country out again verifies them, in the same request.
    await setProfile(officer.client, admin.orgId, { countries: ['GB'] });
    for (const obligationId of missing) expect(await active(`route:${obligationId}`)).toEqual([]);

    // An organisation that only read its model still gets no items from a profile change.
    await setProfile(reader.client, reader.orgId, { countries: ['GB', 'SE'] });
    expect(await policyItems(reader.client, reader.orgId)).toEqual([]);
  });
});
