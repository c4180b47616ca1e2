import { evaluateFixture } from './evaluate-fixture';

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

  it('accepts counsel\'s written opinion as the compensating control for the Canadian duty', () => {
    const rep03 = result.controls.find((c) => c.controlId === 'REP-03');
    expect(rep03?.questions[0]).toMatchObject({ status: 'alternative', score: 1 });
    expect(rep03?.passes).toBe(true);
  });

  it('gets the New South Wales duty for its staff there', () => {
    expect(result.obligations.find((o) => o.id === 'AU-NSW-316A')).toMatchObject({ binds: 'anyone', counselMustConfirm: true });
  });
});
