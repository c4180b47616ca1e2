import { loadLatestFramework, resolvePoliciesDir } from '@aup/policies';
import { evaluateAudit } from '../evaluate-audit';
import {
  addDays,
  availableMoves,
  carryOverOutcome,
  checkAcceptance,
  checkTransition,
  dueReminders,
  itemsFromPlan,
  MAX_CONTROLS_PER_ITEM,
  titleFor,
  signWebhook,
  unexplainedSteps,
  verifyWebhook,
  webhookAddressProblem,
  webhookUrlProblem,
  type ReminderThreshold,
} from './index';

describe('remediation lifecycle', () => {
  it('lets managers and assignees work an item and only managers accept risk or reopen', () => {
    expect(checkTransition('start', 'open', 'assignee')).toBeNull();
    expect(checkTransition('complete', 'in_progress', 'assignee')).toBeNull();
    expect(checkTransition('accept_risk', 'open', 'assignee')?.code).toBe('REMEDIATION.NOT_ALLOWED');
    expect(checkTransition('reopen', 'done', 'manager')).toBeNull();
    expect(checkTransition('start', 'open', 'other')?.code).toBe('REMEDIATION.NOT_ALLOWED');
    expect(checkTransition('block', 'done', 'manager')?.code).toBe('REMEDIATION.INVALID_TRANSITION');
    expect(availableMoves('verified', 'manager')).toEqual([]);
    expect(availableMoves('blocked', 'assignee')).toEqual(['start', 'unblock']);
  });

  it('needs every step ticked or explained before done', () => {
    expect(
      unexplainedSteps([
        { done: true },
        { done: false },
        { done: false, note: 'Covered by the group policy' },
      ]),
    ).toEqual([1]);
    expect(unexplainedSteps([{ done: false }], { 0: 'Not applicable to us' })).toEqual([]);
  });

  it('accepts risk with a justification, an approver and an expiry within 12 months, never for a critical legal control', () => {
    const ok = {
      justification: 'Compensating control in place',
      approverUserId: 'u',
      expiresOn: '2027-06-30',
    };
    expect(checkAcceptance(ok, '2026-12-04', [])).toBeNull();
    expect(checkAcceptance({ ...ok, justification: ' ' }, '2026-12-04', [])?.pointer).toBe('/justification');
    expect(checkAcceptance({ ...ok, expiresOn: '2027-12-05' }, '2026-12-04', [])?.pointer).toBe('/expiresOn');
    expect(checkAcceptance({ ...ok, expiresOn: '2027-12-04' }, '2026-12-04', [])).toBeNull();
    expect(checkAcceptance({ ...ok, expiresOn: '2026-12-04' }, '2026-12-04', [])?.pointer).toBe('/expiresOn');
    expect(checkAcceptance(ok, '2026-12-04', ['REP-01'])?.code).toBe('REMEDIATION.CRITICAL_LEGAL_CONTROL');
  });
});

describe('items from the plan', () => {
  const catalogue = loadLatestFramework(resolvePoliciesDir());
  const result = evaluateAudit(catalogue, { countries: ['GB', 'US'], provider_any: true }, {});

  it('covers every gap once, at most three controls per item, each titled for all it covers', () => {
    const items = itemsFromPlan(result, catalogue);
    const linked = items.flatMap((i) => i.controls.map((c) => c.controlId));
    expect(new Set(linked).size).toBe(linked.length);
    expect([...linked].sort()).toEqual(result.gaps.map((g) => g.controlId).sort());
    for (const item of items) {
      expect(item.controls.length).toBeLessThanOrEqual(MAX_CONTROLS_PER_ITEM);
      const titles = item.controls.map(
        (c) =>
          catalogue.domains.flatMap((d) => d.controls).find((x) => x.id === c.controlId)!.remediation.title,
      );
      for (const t of titles) expect(item.title.toLowerCase()).toContain(t.slice(1).toLowerCase());
    }
    expect(items.some((i) => i.planKey.includes('#'))).toBe(true);
  });

  it('leaves out controls already covered by an item', () => {
    const first = itemsFromPlan(result, catalogue);
    const covered = new Set(first[0].controls.map((c) => c.controlId));
    const again = itemsFromPlan(result, catalogue, covered);
    expect(again.flatMap((i) => i.controls.map((c) => c.controlId)).some((id) => covered.has(id))).toBe(
      false,
    );
  });

  it('marks critical controls resting on law', () => {
    const rep05 = itemsFromPlan(result, catalogue)
      .flatMap((i) => i.controls)
      .find((c) => c.controlId === 'REP-05');
    expect(rep05?.criticalLegal).toBe(true);
    expect(
      itemsFromPlan(result, catalogue)
        .flatMap((i) => i.controls)
        .find((c) => c.controlId === 'GOV-01')?.criticalLegal,
    ).toBe(false);
  });

  it('joins titles into one sentence', () => {
    expect(titleFor(['Write the plan', 'Add an HR hold', 'CSAM training for IT'])).toBe(
      'Write the plan, add an HR hold and CSAM training for IT',
    );
  });

  it('verifies an item whose controls pass and reopens a done item whose controls fail', () => {
    expect(carryOverOutcome('done', ['A', 'B'], new Set())).toEqual({ outcome: 'verified', failing: [] });
    expect(carryOverOutcome('done', ['A', 'B'], new Set(['B']))).toEqual({
      outcome: 'not_effective',
      failing: ['B'],
    });
    expect(carryOverOutcome('open', ['A'], new Set(['A']))).toEqual({
      outcome: 'still_open',
      failing: ['A'],
    });
  });
});

describe('reminders with a controllable clock', () => {
  it('fires each threshold exactly once when scanned every day', () => {
    const fired = new Map<string, number>();
    const item = { status: 'open' as const, dueDate: '2027-01-31' };
    for (let day = '2027-01-01'; day <= '2027-02-10'; day = addDays(day, 1)) {
      for (const r of dueReminders(item, day))
        fired.set(`${r.threshold}:${r.subjectDate}`, (fired.get(`${r.threshold}:${r.subjectDate}`) ?? 0) + 1);
    }
    // The scan asks for what is due; uniqueness (item, threshold, date) in the database makes repeats no-ops.
    const thresholds = new Set([...fired.keys()].map((k) => k.split(':')[0] as ReminderThreshold));
    expect([...thresholds]).toEqual(['due_14', 'due_7', 'due_1', 'overdue']);
  });

  it('catches up after missed scans with the reminder that matters now', () => {
    expect(dueReminders({ status: 'in_progress', dueDate: '2027-01-31' }, '2027-01-27')).toEqual([
      { threshold: 'due_7', subjectDate: '2027-01-31' },
    ]);
  });

  it('reminds of long blocks and expiring acceptances, and nothing for done items', () => {
    expect(
      dueReminders({ status: 'blocked', dueDate: '2027-12-31', blockedOn: '2027-01-01' }, '2027-01-15'),
    ).toEqual([{ threshold: 'blocked_14', subjectDate: '2027-01-01' }]);
    expect(
      dueReminders(
        { status: 'risk_accepted', dueDate: '2027-01-01', acceptanceExpiresOn: '2027-02-01' },
        '2027-01-10',
      ),
    ).toEqual([{ threshold: 'acceptance_30', subjectDate: '2027-02-01' }]);
    expect(dueReminders({ status: 'done', dueDate: '2027-01-01' }, '2027-02-10')).toEqual([]);
  });
});

describe('webhook signature', () => {
  it('verifies what it signed, within five minutes, and nothing altered', () => {
    const body = '{"type":"reminder"}';
    const sig = signWebhook('s3cret', 1_800_000_000, body);
    expect(sig).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhook('s3cret', 1_800_000_000, body, sig, 1_800_000_100)).toBe(true);
    expect(verifyWebhook('s3cret', 1_800_000_000, body + ' ', sig, 1_800_000_100)).toBe(false);
    expect(verifyWebhook('other', 1_800_000_000, body, sig, 1_800_000_100)).toBe(false);
    expect(verifyWebhook('s3cret', 1_800_000_000, body, sig, 1_800_000_400)).toBe(false);
  });

  it('accepts HTTPS webhook URLs, loopback HTTP only when allowed', () => {
    const strict = { allowLoopback: false, allowPrivateNetworks: false };
    const dev = { allowLoopback: true, allowPrivateNetworks: false };
    expect(webhookUrlProblem('https://hooks.example.org/x', strict)).toBeNull();
    expect(webhookUrlProblem('https://203.0.114.9/x', strict)).toBeNull();
    expect(webhookUrlProblem('http://hooks.example.org/x', dev)).toMatch(/https/);
    expect(webhookUrlProblem('http://127.0.0.1:9000/x', strict)).toMatch(/https/);
    expect(webhookUrlProblem('http://127.0.0.1:9000/x', dev)).toBeNull();
    expect(webhookUrlProblem('http://[::1]:9000/x', dev)).toBeNull();
    expect(webhookUrlProblem('https://user:pw@hooks.example.org/x', strict)).toMatch(/credentials/);
    expect(webhookUrlProblem('ftp://hooks.example.org/x', dev)).toMatch(/https/);
  });

  it.each([
    'https://127.0.0.1:6379/',
    'https://localhost/',
    'https://api.localhost/',
    'https://10.0.0.5/hook',
    'https://172.16.4.1/',
    'https://192.168.1.10/',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://[::1]/',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://[::ffff:10.0.0.1]/',
    'https://[::ffff:127.0.0.1]/',
  ])('refuses a webhook aimed inside the network: %s', (url) => {
    expect(webhookUrlProblem(url, { allowLoopback: false, allowPrivateNetworks: false })).toMatch(
      /points at|this machine/,
    );
  });

  it('allows private networks only when the installation says so, and loopback only in development', () => {
    expect(
      webhookUrlProblem('https://10.0.0.5/hook', { allowLoopback: false, allowPrivateNetworks: true }),
    ).toBeNull();
    for (const url of ['https://127.0.0.1/', 'https://[::ffff:127.0.0.1]/', 'https://[::ffff:7f00:1]/'])
      expect(webhookUrlProblem(url, { allowLoopback: false, allowPrivateNetworks: true })).toMatch(
        /loopback/,
      );
    expect(
      webhookAddressProblem('93.184.215.14', { allowLoopback: false, allowPrivateNetworks: false }),
    ).toBeNull();
    expect(
      webhookAddressProblem('2606:4700::1111', { allowLoopback: false, allowPrivateNetworks: false }),
    ).toBeNull();
    expect(
      webhookAddressProblem('192.168.0.1', { allowLoopback: true, allowPrivateNetworks: false }),
    ).toMatch(/private or reserved/);
  });
});
