import { startAuditTestbed, type AuditTestbed } from '../audits/support/audit-fixtures';
import { submitAudit } from '../remediation/remediation-support';
import type { ApiClient } from '../support/auth';

interface Item {
  id: string;
  source: 'audit' | 'policy_model';
  sourceKey: string | null;
  originAuditId: string | null;
  status: string;
  title: string;
  dueDate: string;
  version: number;
  steps?: { position: number }[];
}

/** Gaps of the policy model become remediation items: one active item per gap, verified once the gap is fixed. */
describe('policy model gaps as remediation items', () => {
  let tb: AuditTestbed;
  let client: ApiClient;
  let org: string;
  let base: string;

  beforeAll(async () => {
    tb = await startAuditTestbed();
    client = tb.client;
    org = tb.orgId;
    base = `/organisations/${org}/policy-model`;
  });
  afterAll(() => tb.close());

  const put = (path: string, body: unknown, version?: number) =>
    client.request('PUT', `${base}${path}`, body, version ? { headers: { 'if-match': `"${version}"` } } : {});
  const items = async (): Promise<Item[]> => {
    const res = await client.get(`/organisations/${org}/remediation-items?limit=100`);
    expect(res.status).toBe(200);
    return res.body.items as Item[];
  };
  const policyItems = async () => (await items()).filter((i) => i.source === 'policy_model');
  const active = async () => (await policyItems()).filter((i) => i.status !== 'verified');
  const portfolioRow = async () =>
    (
      (await client.get('/portfolio?limit=100')).body.items as {
        organisationId: string;
        openItems: number;
        overdueItems: number;
      }[]
    ).find((r) => r.organisationId === org)!;

  it('reading the model makes no item; the first change makes one per gap, in the trail', async () => {
    const clauses = (await client.get(`${base}/clauses`)).body.items as { id: string; applies: boolean }[];
    expect(await policyItems()).toEqual([]);
    const [first] = clauses.filter((c) => c.applies);
    expect(
      (await put(`/clauses/${first.id}`, { state: 'adopted', documentRef: 'AUP section 2' })).status,
    ).toBe(200);

    const list = await active();
    const keys = list.map((i) => i.sourceKey);
    const applying = clauses.filter((c) => c.applies).map((c) => `clause:${c.id}`);
    expect(keys).not.toContain(`clause:${first.id}`);
    expect(keys).toEqual(expect.arrayContaining(applying.slice(1)));
    expect(keys).toContain('plan-review');
    expect(keys.some((k) => k!.startsWith('plan-step:'))).toBe(true);
    expect(new Set(keys).size).toBe(keys.length);
    expect(list.every((i) => i.originAuditId === null && i.status === 'open')).toBe(true);

    const history = await client.get(`/organisations/${org}/remediation-items/${list[0].id}/history`);
    expect(history.body[0]).toMatchObject({ action: 'created', after: { policyGap: list[0].sourceKey } });
  });

  it('keeps one item per gap over further changes, and verifies it when the gap is fixed', async () => {
    const before = await active();
    const clauseItem = before.find((i) => i.sourceKey!.startsWith('clause:'))!;
    const clauseId = clauseItem.sourceKey!.slice('clause:'.length);
    // A change that fixes nothing else makes no second item for any gap.
    expect((await client.patch(`${base}/action-plan`, { reviewedOn: null })).status).toBe(200);
    expect((await active()).map((i) => i.id).sort()).toEqual(before.map((i) => i.id).sort());

    expect(
      (await put(`/clauses/${clauseId}`, { state: 'adapted', wording: 'Our own rule for this.' })).status,
    ).toBe(200);
    const verified = (await client.get(`/organisations/${org}/remediation-items/${clauseItem.id}`))
      .body as Item;
    expect(verified.status).toBe('verified');
    const history = await client.get(`/organisations/${org}/remediation-items/${clauseItem.id}/history`);
    expect(history.body.map((e: { action: string }) => e.action)).toEqual(['created', 'verified']);

    // The gap coming back makes a new item; the verified one stays closed.
    const current = (await client.get(`${base}/clauses`)).body.items.find(
      (c: { id: string }) => c.id === clauseId,
    );
    expect((await put(`/clauses/${clauseId}`, { state: 'missing' }, current.version)).status).toBe(200);
    const again = (await policyItems()).filter((i) => i.sourceKey === `clause:${clauseId}`);
    expect(again.map((i) => i.status).sort()).toEqual(['open', 'verified']);
  });

  it('reopens a done item whose gap is still there at the next change', async () => {
    const item = (await active()).find((i) => i.sourceKey === 'plan-review')!;
    const url = `/organisations/${org}/remediation-items/${item.id}`;
    const full = (await client.get(url)).body as Item;
    const ticked = await client.patch(
      url,
      { steps: full.steps!.map((s) => ({ position: s.position, done: true })) },
      { headers: { 'if-match': `"${full.version}"` } },
    );
    expect(ticked.status).toBe(200);
    const done = await client.post(
      `${url}/transitions`,
      { move: 'complete', note: 'Reviewed.' },
      { headers: { 'if-match': `"${ticked.body.version}"` } },
    );
    expect(done.body.status).toBe('done');
    const plan = (await client.get(`${base}/action-plan`)).body;
    // The plan is still not reviewed: the next change to the model finds the gap and reopens the item.
    await client.patch(
      `${base}/action-plan`,
      { reviewedOn: null },
      { headers: { 'if-match': `"${plan.version}"` } },
    );
    expect(((await client.get(url)).body as Item).status).toBe('open');
    const history = await client.get(`${url}/history`);
    expect(history.body.at(-1)).toMatchObject({
      action: 'not_effective',
      after: { policyGap: 'plan-review' },
    });

    // Reviewing the plan fixes the gap: verified.
    const current = (await client.get(`${base}/action-plan`)).body;
    const reviewed = await client.patch(
      `${base}/action-plan`,
      { reviewedOn: new Date().toISOString().slice(0, 10) },
      { headers: { 'if-match': `"${current.version}"` } },
    );
    expect(reviewed.status).toBe(200);
    expect(((await client.get(url)).body as Item).status).toBe('verified');
  });

  it('counts open and overdue items in the portfolio as they change', async () => {
    let row = await portfolioRow();
    const open = (await items()).filter((i) => ['open', 'in_progress', 'blocked'].includes(i.status));
    expect(row.openItems).toBe(open.length);
    expect(row.overdueItems).toBe(0);

    // An item past its due date is overdue.
    const item = open[0];
    const late = await tb.ds.query(
      `UPDATE remediation_item SET due_date = current_date - 3 WHERE id = $1 RETURNING id`,
      [item.id],
    );
    expect(late[0]).toBeDefined();
    row = await portfolioRow();
    expect([row.openItems, row.overdueItems]).toEqual([open.length, 1]);
    expect((await client.get(`/organisations/${org}/remediation-items/${item.id}`)).body.overdue).toBe(true);
  });

  it('a submitted audit neither judges nor carries over the policy-model items', async () => {
    const before = await policyItems();
    // Every answer failing: the audit's plan makes items of its own.
    const auditId = await submitAudit(client, org, () => false);
    const after = await items();
    expect(after.filter((i) => i.source === 'policy_model').map((i) => [i.id, i.status])).toEqual(
      expect.arrayContaining(before.map((i) => [i.id, i.status])),
    );
    const fromAudit = after.filter((i) => i.source === 'audit');
    expect(fromAudit.length).toBeGreaterThan(0);
    expect(fromAudit.every((i) => i.originAuditId === auditId && i.sourceKey === null)).toBe(true);
    const row = await portfolioRow();
    expect(row.openItems).toBe(
      after.filter((i) => ['open', 'in_progress', 'blocked'].includes(i.status)).length,
    );
    const ofAudit = await client.get(`/organisations/${org}/remediation-items?auditId=${auditId}&limit=100`);
    expect(ofAudit.body.items.every((i: Item) => i.source === 'audit')).toBe(true);
  });
});
