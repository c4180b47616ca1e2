import { addMember, bearerFor, type SignedUp } from '../support/auth';
import { startAuditTestbed, type AuditTestbed } from '../audits/support/audit-fixtures';
import { allItems, submitAudit } from './remediation-support';

/** Controls the first audit passes; every other visible control is a gap. */
const PASSING_FIRST = new Set(['GOV-01']);

describe('remediation: from a submitted audit to verified items', () => {
  let tb: AuditTestbed;
  let co: SignedUp;
  let owner: SignedUp;
  let other: SignedUp;
  let auditor: SignedUp;
  let firstAudit: string;
  const items = (q = '') => allItems(tb.client, tb.orgId, q);
  const itemUrl = (id: string) => `/organisations/${tb.orgId}/remediation-items/${id}`;

  beforeAll(async () => {
    tb = await startAuditTestbed();
    co = await addMember(tb.t, tb.client, tb.orgId, 'compliance_officer');
    co.client = await bearerFor(tb.t, co.client);
    owner = await addMember(tb.t, tb.client, tb.orgId, 'respondent');
    owner.client = await bearerFor(tb.t, owner.client);
    other = await addMember(tb.t, tb.client, tb.orgId, 'respondent');
    other.client = await bearerFor(tb.t, other.client);
    auditor = await addMember(tb.t, tb.client, tb.orgId, 'auditor');
    auditor.client = await bearerFor(tb.t, auditor.client);
    firstAudit = await submitAudit(co.client, tb.orgId, (c) => PASSING_FIRST.has(c));
  });
  afterAll(() => tb.close());

  it('turns every gap of the submitted plan into items, each control linked once, titled for all it covers', async () => {
    const results = await co.client.get(`/organisations/${tb.orgId}/audits/${firstAudit}/results`);
    const gaps: { controlId: string; severity: number; sourceIds: string[] }[] = results.body.result.gaps;
    const list = await items();
    expect(list.length).toBeGreaterThan(5);
    const linked = list.flatMap((i) => i.controlIds);
    expect([...linked].sort()).toEqual(gaps.map((g) => g.controlId).sort());
    expect(new Set(linked).size).toBe(linked.length);
    expect(linked).not.toContain('GOV-01');
    for (const i of list) expect(i.controlIds.length).toBeLessThanOrEqual(3);
    const [{ total }] = [(await co.client.get(`/organisations/${tb.orgId}/remediation-items?limit=1`)).body];
    expect(total).toBe(list.length);

    // A merged item names every action: "Add an HR hold ..." no longer stands for a dozen controls.
    const merged = list.find((i) => i.controlIds.length === 3)!;
    const detail = await co.client.get(itemUrl(merged.id));
    expect(detail.status).toBe(200);
    expect(detail.headers.get('etag')).toBe(`"${detail.body.version}"`);
    expect(detail.body.title.split(/, | and /).length).toBeGreaterThanOrEqual(2);
    for (const c of detail.body.controls) {
      const gap = gaps.find((g) => g.controlId === c.controlId)!;
      expect(c.severity).toBeCloseTo(gap.severity, 2);
      expect(c.sourceIds).toEqual(gap.sourceIds);
      expect(c.reason).toEqual(expect.any(String));
    }
    expect(detail.body.steps.length).toBeGreaterThan(0);
    expect(detail.body.status).toBe('open');
    expect(detail.body.audits).toEqual([expect.objectContaining({ auditId: firstAudit })]);
  });

  it('lists with filters, sort and cursor pages; exports CSV; summarises', async () => {
    const p1 = await items('&priority=P1&sort=-dueDate');
    expect(p1.every((i) => i.priority === 'P1')).toBe(true);
    const dues = p1.map((i) => i.dueDate);
    expect(dues).toEqual([...dues].sort().reverse());
    const byControl = await items('&controlId=IRP-01');
    expect(byControl).toHaveLength(1);
    expect(
      (await co.client.get(`/organisations/${tb.orgId}/remediation-items?cursor=nonsense`)).body.code,
    ).toBe('REQUEST.INVALID_CURSOR');
    expect((await co.client.get(`/organisations/${tb.orgId}/remediation-items?colour=red`)).status).toBe(400);
    const csv = await co.client.get(`/organisations/${tb.orgId}/remediation-items/export?priority=P1`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body).trim().split('\r\n')).toHaveLength(p1.length + 1);
    const summary = await auditor.client.get(`/organisations/${tb.orgId}/remediation-summary`);
    expect(summary.status).toBe(200);
    expect(
      Object.values(summary.body.openByPriority as Record<string, number>).reduce((a, b) => a + b, 0),
    ).toBe((await items()).length);
    expect(summary.body.burnDown).toHaveLength(12);
  });

  it('assigns, ticks, blocks, completes and comments, with If-Match, screening and role limits', async () => {
    const [item] = await items('&controlId=IRP-01');
    const url = itemUrl(item.id);
    let v = (await co.client.get(url)).body;

    // Assign: managers only; owner and deputy must be members.
    expect((await co.client.patch(url, { ownerUserId: owner.userId })).body.code).toBe(
      'REQUEST.PRECONDITION_REQUIRED',
    );
    expect(
      (await co.client.patch(url, { ownerUserId: tb.orgId }, { headers: { 'if-match': `"${v.version}"` } }))
        .body.code,
    ).toBe('REMEDIATION.NOT_MEMBER');
    const assigned = await co.client.patch(
      url,
      { ownerUserId: owner.userId, deputyUserId: co.userId, dueDate: '2027-03-31' },
      { headers: { 'if-match': `"${v.version}"` } },
    );
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({
      ownerUserId: owner.userId,
      deputyUserId: co.userId,
      dueDate: '2027-03-31',
      version: v.version + 1,
    });
    // Stale version: 409 with the current item.
    const stale = await co.client.patch(
      url,
      { dueDate: '2027-04-30' },
      { headers: { 'if-match': `"${v.version}"` } },
    );
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'REMEDIATION.VERSION_CONFLICT',
      current: { version: v.version + 1 },
    });
    v = assigned.body;

    // Respondents: only their own items, and no assigning.
    expect((await other.client.get(url)).body.code).toBe('REMEDIATION.NOT_YOURS');
    expect((await other.client.get(`/organisations/${tb.orgId}/remediation-items`)).body.total).toBe(0);
    expect(
      (
        await owner.client.patch(
          url,
          { dueDate: '2028-01-01' },
          { headers: { 'if-match': `"${v.version}"` } },
        )
      ).body.code,
    ).toBe('REMEDIATION.NOT_ALLOWED');
    expect((await auditor.client.patch(url, {}, { headers: { 'if-match': `"${v.version}"` } })).status).toBe(
      403,
    );
    expect((await auditor.client.get(url)).status).toBe(200);
    expect(
      (await owner.client.get('/me/remediation-items')).body.items.map((i: { id: string }) => i.id),
    ).toEqual([item.id]);

    // The owner starts and blocks (a reason is required), unblocks.
    const start = await owner.client.post(
      `${url}/transitions`,
      { move: 'start' },
      { headers: { 'if-match': `"${v.version}"` } },
    );
    expect(start.body).toMatchObject({ status: 'in_progress' });
    v = start.body;
    expect(
      (
        await owner.client.post(
          `${url}/transitions`,
          { move: 'block' },
          { headers: { 'if-match': `"${v.version}"` } },
        )
      ).body.code,
    ).toBe('REMEDIATION.REASON_REQUIRED');
    expect(
      (
        await owner.client.post(
          `${url}/transitions`,
          { move: 'block', reason: 'See https://example.org/x' },
          { headers: { 'if-match': `"${v.version}"` } },
        )
      ).body.code,
    ).toBe('CONTENT.NOT_ACCEPTED');
    const blocked = await owner.client.post(
      `${url}/transitions`,
      { move: 'block', reason: 'Waiting for the board to approve the plan.' },
      { headers: { 'if-match': `"${v.version}"` } },
    );
    expect(blocked.body).toMatchObject({
      status: 'blocked',
      blockedReason: 'Waiting for the board to approve the plan.',
    });
    v = (
      await owner.client.post(
        `${url}/transitions`,
        { move: 'unblock' },
        { headers: { 'if-match': `"${blocked.body.version}"` } },
      )
    ).body;
    expect(v.status).toBe('in_progress');

    // Done needs each step ticked or explained.
    const incomplete = await owner.client.post(
      `${url}/transitions`,
      { move: 'complete' },
      { headers: { 'if-match': `"${v.version}"` } },
    );
    expect(incomplete.body).toMatchObject({
      code: 'REMEDIATION.STEPS_INCOMPLETE',
      positions: v.steps.map((s: { position: number }) => s.position),
    });
    const [first, ...rest] = v.steps as { position: number }[];
    const ticked = await owner.client.patch(
      url,
      {
        steps: [
          ...rest.map((s) => ({ position: s.position, done: true })),
          { position: first.position, note: 'Covered by the group-wide plan.' },
        ],
      },
      { headers: { 'if-match': `"${v.version}"` } },
    );
    expect(ticked.status).toBe(200);
    expect(
      ticked.body.steps.filter((s: { done: boolean; doneBy: string }) => s.done && s.doneBy === owner.userId),
    ).toHaveLength(rest.length);
    v = ticked.body;
    // Auditors and risk acceptance are out of a respondent's reach.
    expect(
      (
        await owner.client.post(
          `${url}/transitions`,
          { move: 'accept_risk' },
          { headers: { 'if-match': `"${v.version}"` } },
        )
      ).body.code,
    ).toBe('REMEDIATION.NOT_ALLOWED');
    const done = await owner.client.post(
      `${url}/transitions`,
      {
        move: 'complete',
        note: 'Plan approved.',
        evidence: [{ title: 'Action plan v3', reference: 'DMS-0042' }],
      },
      { headers: { 'if-match': `"${v.version}"` } },
    );
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'done',
      progress: 100,
      closureEvidence: [{ title: 'Action plan v3', reference: 'DMS-0042' }],
    });
    expect(done.body.moves).toEqual([]);

    // Comments: screened; the owner may comment, another respondent may not see the item.
    expect(
      (await owner.client.post(`${url}/comments`, { body: 'Mail me at someone@example.org' })).body.code,
    ).toBe('CONTENT.NOT_ACCEPTED');
    expect(
      (await owner.client.post(`${url}/comments`, { body: 'Approved by the board on Monday.' })).status,
    ).toBe(201);
    expect((await auditor.client.post(`${url}/comments`, { body: 'Read only.' })).status).toBe(403);
    expect((await auditor.client.get(`${url}/comments`)).body).toHaveLength(1);

    const history = await auditor.client.get(`${url}/history`);
    expect(history.body.map((h: { action: string }) => h.action)).toEqual([
      'created',
      'updated',
      'start',
      'block',
      'unblock',
      'updated',
      'complete',
      'commented',
    ]);
  });

  it('accepts risk only with justification, approver and expiry ≤ 12 months, never for a critical legal control', async () => {
    const list = await items();
    const detailed = await Promise.all(list.map(async (i) => (await co.client.get(itemUrl(i.id))).body));
    const legal = detailed.find(
      (d) => d.status === 'open' && d.controls.some((c: { criticalLegal: boolean }) => c.criticalLegal),
    )!;
    const plain = detailed.find(
      (d) => d.status === 'open' && d.controls.every((c: { criticalLegal: boolean }) => !c.criticalLegal),
    )!;
    const ok = {
      move: 'accept_risk',
      justification: 'A compensating control is in place.',
      approverUserId: co.userId,
      expiresOn: new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10),
    };
    const post = (d: { id: string; version: number }, body: object) =>
      co.client.post(`${itemUrl(d.id)}/transitions`, body, { headers: { 'if-match': `"${d.version}"` } });
    expect((await post(legal, ok)).body.code).toBe('REMEDIATION.CRITICAL_LEGAL_CONTROL');
    expect((await post(plain, { ...ok, justification: undefined })).body).toMatchObject({
      code: 'REMEDIATION.ACCEPTANCE_INVALID',
      pointer: '/justification',
    });
    expect((await post(plain, { ...ok, expiresOn: '2099-01-01' })).body).toMatchObject({
      code: 'REMEDIATION.ACCEPTANCE_INVALID',
      pointer: '/expiresOn',
    });
    expect((await post(plain, { ...ok, approverUserId: owner.userId })).body).toMatchObject({
      code: 'REMEDIATION.ACCEPTANCE_INVALID',
      pointer: '/approverUserId',
    });
    const accepted = await post(plain, ok);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({
      status: 'risk_accepted',
      acceptance: { approverUserId: co.userId, expiresOn: ok.expiresOn, acceptedBy: co.userId },
    });
    expect(accepted.body.moves).not.toContain('complete');
  });

  it('a second audit links open items, verifies fixed ones and reopens done items that did not work; nothing is duplicated', async () => {
    const before = await items();
    const done = before.find((i) => i.status === 'done')!;
    // The second audit fixes everything except the done item's first control; a new gap appears on GOV-01.
    const stillFailing = done.controlIds[0];
    const second = await submitAudit(co.client, tb.orgId, (c) => c !== stillFailing && c !== 'GOV-01');

    const after = await items();
    const reopened = after.find((i) => i.id === done.id)!;
    expect(reopened.status).toBe('open');
    const detail = (await co.client.get(itemUrl(done.id))).body;
    expect(detail.notEffective).toEqual({ auditId: second, controlIds: [stillFailing] });
    expect(
      detail.audits.map((a: { auditId: string; outcome: string | null }) => [a.auditId, a.outcome]),
    ).toEqual([
      [firstAudit, null],
      [second, 'not_effective'],
    ]);
    const verified = after.filter((i) => i.status === 'verified');
    expect(verified.length).toBe(before.filter((i) => i.id !== done.id).length);
    const v = (await co.client.get(itemUrl(verified[0].id))).body;
    expect(v).toMatchObject({ verifiedByAuditId: second, moves: [] });
    // GOV-01 is a new gap: one new item; the still-failing control is not duplicated.
    const fresh = after.filter((i) => !before.some((b) => b.id === i.id));
    expect(fresh.map((i) => i.controlIds)).toEqual([['GOV-01']]);
    expect(after.filter((i) => i.controlIds.includes(stillFailing))).toHaveLength(1);
    expect(
      (await co.client.get(`${itemUrl(done.id)}/history`)).body.map((h: { action: string }) => h.action),
    ).toContain('not_effective');
    // A verified item cannot be moved or edited.
    expect(
      (
        await co.client.post(
          `${itemUrl(v.id)}/transitions`,
          { move: 'reopen' },
          { headers: { 'if-match': `"${v.version}"` } },
        )
      ).body.code,
    ).toBe('REMEDIATION.INVALID_TRANSITION');
  });

  it('a new audit links every item not yet verified', async () => {
    const created = await co.client.post(`/organisations/${tb.orgId}/audits`, { title: 'Third' });
    const linked = await items(`&auditId=${created.body.id}`);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((i) => i.status !== 'verified')).toBe(true);
  });
});
