import { evaluateAudit, type Answers } from '@aup/domain';
import { evaluateFixture, shippedFramework, type EvaluatedFixture } from './evaluate-fixture';

/** The same organisation with some answers changed. */
const evaluateAuditWith = (base: EvaluatedFixture, changes: Answers) =>
  evaluateAudit(shippedFramework(), base.profile, { ...base.answers, ...changes });

describe('content: a well-prepared 95,000-person organisation', () => {
  const { result } = evaluateFixture('prepared-95000.yaml');

  it('is a complete assessment', () => {
    expect(result.invalidAnswers).toEqual([]);
    expect(result.answeredPct).toBe(100);
  });

  it('is green with no cap', () => {
    expect(result.rating).toBe('green');
    expect(result.caps).toEqual([]);
    expect(result.overall).toBeGreaterThanOrEqual(80);
  });

  it('has at most low gaps', () => {
    expect(result.gaps.filter((g) => g.criticality !== 'low')).toEqual([]);
  });

  it('reaches at least maturity 3 in every domain', () => {
    expect(result.domains.filter((d) => (d.maturity ?? 0) < 3).map((d) => d.domainId)).toEqual([]);
  });

  it('has detection in place and finds in line with the expected number', () => {
    expect(result.prevalence.range).toBe('about 95 to 190');
    expect(result.prevalence.detection.inPlace).toBe(true);
    expect(result.prevalence.signal).toBe('consistent');
  });

  it("accepts counsel's written opinion as the compensating control for the Canadian duty", () => {
    const rep03 = result.controls.find((c) => c.controlId === 'REP-03');
    expect(rep03?.questions[0]).toMatchObject({ status: 'alternative', score: 1 });
    expect(rep03?.passes).toBe(true);
  });

  it('gets the New South Wales duty for its staff there', () => {
    expect(result.obligations.find((o) => o.id === 'AU-NSW-316A')).toMatchObject({
      binds: 'anyone',
      counselMustConfirm: true,
    });
  });
});

describe('content: the cap says what it means (issue 19, formula aup-score/2)', () => {
  it('one "Don\'t know" on a critical control that rests on no law holds a near-perfect organisation at amber, not red', () => {
    const base = evaluateFixture('prepared-95000.yaml');
    const { result } = base;
    const one = evaluateAuditWith(base, { 'PPL-05-Q1': { value: 'unknown' } });
    expect(result.rating).toBe('green');
    expect(one.overall!).toBeGreaterThan(95);
    expect(one.rating).toBe('amber');
    expect(one.caps).toEqual([expect.objectContaining({ controlId: 'PPL-05', level: 'amber' })]);
  });

  it('a counsel question about a law not yet in force never caps: the organisation stays green', () => {
    const base = evaluateFixture('prepared-95000.yaml', (p) => ({ ...p, works_with_children: true }));
    const result = evaluateAuditWith(base, { 'REP-05-Q3': { value: 'none' } });
    expect(result.controls.find((c) => c.controlId === 'REP-05')).toMatchObject({ passes: false });
    expect(result.caps).toEqual([]);
    expect(result.rating).toBe('green');
  });

  it('a law in force at "Don\'t know" is red whatever the average', () => {
    const result = evaluateAuditWith(evaluateFixture('prepared-95000.yaml'), {
      'REP-05-Q1': { value: 'unknown' },
    });
    expect(result.overall!).toBeGreaterThan(95);
    expect(result.rating).toBe('red');
    expect(result.caps[0]).toMatchObject({ controlId: 'REP-05', level: 'red' });
  });
});
