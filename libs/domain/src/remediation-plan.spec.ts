import { buildRemediationPlan, scoreAudit, type Answers } from '@aup/domain';
import { fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';

describe('remediation plan', () => {
  const catalogue = fixtureCatalogue();
  const { profile } = readAnswers('fixture-all-yes.yaml');
  const worst: Answers = {
    'POL-01-Q1': { value: 'none' },
    'POL-02-Q1': { value: 'no' },
    'POL-03-Q1': { value: 'no' },
    'POL-03-Q2': { value: 'no' },
    'IRP-01-Q1': { value: 'none' },
    'IRP-02-Q1': { value: 0 },
    'IRP-02-Q2': { value: [] },
    'IRP-03-Q1': { value: 'no' },
    'IRP-04-Q1': { value: 'no' },
  };
  const plan = buildRemediationPlan(scoreAudit(catalogue, profile, worst), catalogue);

  it('groups controls that share a remediation group into one item closing all of them', () => {
    const aup = plan.items.find((i) => i.key === 'aup-rewrite')!;
    expect(aup.controlIds).toEqual(['POL-01', 'POL-02']);
    expect(aup.steps).toEqual([
      'Add the clause',
      'Have it approved',
      'Tell staff',
      'Name the route',
      'Add the do-not-look rule',
    ]);
    expect(aup).toMatchObject({
      priority: 'P1',
      ownerRole: 'compliance_officer',
      effort: 'S',
      targetDays: 30,
    });
  });

  it('orders by priority, each item after what it depends on', () => {
    expect(plan.items.map((i) => [i.key, i.priority, i.dependsOn])).toEqual([
      ['aup-rewrite', 'P1', []],
      ['IRP-01', 'P1', ['aup-rewrite']],
      ['IRP-02', 'P2', ['IRP-01']],
      ['IRP-03', 'P2', ['IRP-01']],
      ['IRP-04', 'P2', []],
      ['POL-03', 'P3', []],
    ]);
  });

  it('pulls a prerequisite forward to the priority of what waits on it', () => {
    // POL-01 only slightly short (P2) while IRP-01 is a P1 that depends on it.
    const result = scoreAudit(catalogue, profile, {
      ...worst,
      'POL-01-Q1': { value: 'approved' },
      'POL-02-Q1': { value: 'yes' },
    });
    const order = buildRemediationPlan(result, catalogue).items.map((i) => [i.key, i.priority]);
    expect(order.slice(0, 2)).toEqual([
      ['aup-rewrite', 'P2'],
      ['IRP-01', 'P1'],
    ]);
  });

  it('uses per-control target-day overrides', () => {
    expect(plan.items.find((i) => i.key === 'POL-03')).toMatchObject({ priority: 'P3', targetDays: 120 });
  });
});
