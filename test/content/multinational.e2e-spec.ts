import { evaluateFixture } from './evaluate-fixture';

describe('content: a 12,000-person multinational with a generic policy and web filters only', () => {
  const { result } = evaluateFixture('multinational-12000.yaml');

  it('is a complete assessment', () => {
    expect(result.invalidAnswers).toEqual([]);
    expect(result.answeredPct).toBe(100);
  });

  it('has a detection gap', () => {
    expect(result.gaps.map((g) => g.controlId)).toContain('TEC-03');
    expect(result.benchmarks.find((b) => b.benchmarkId === 'detection')?.status).toBe('lacks');
    expect(result.prevalence.detection).toMatchObject({ controlId: 'TEC-03', inPlace: false });
    expect(result.prevalence.signal).toBe('no_detection');
  });

  it('expects about 12 to 24 affected people', () => {
    expect(result.prevalence.range).toBe('about 12 to 24');
    expect(result.prevalence.expectedLow).toBeCloseTo(12);
    expect(result.prevalence.expectedHigh).toBeCloseTo(24);
  });

  it('does not count a generic policy or generic web filters as covering CSAM', () => {
    expect(result.gaps.map((g) => g.controlId)).toEqual(expect.arrayContaining(['POL-01', 'TEC-01']));
    const position = Object.fromEntries(result.benchmarks.map((b) => [b.benchmarkId, b.status]));
    expect(position).toMatchObject({ policy: 'lacks', filters: 'lacks' });
  });

  it('has no US provider duty, and gets what binds an ordinary US employer instead', () => {
    expect(result.obligations.filter((o) => o.binds === 'provider')).toEqual([]);
    expect(result.obligations.map((o) => o.id)).not.toContain('US-2258A-REPORT');
    expect(result.controls.find((c) => c.controlId === 'REP-01')?.status).toBe('not_applicable');
    const employer = result.obligations.find((o) => o.id === 'US-EMPLOYER-POSSESSION');
    expect(employer?.counselMustConfirm).toBe(true);
    expect(result.obligations.map((o) => o.id)).toEqual(expect.arrayContaining(['US-STATES-IT-WORKER', 'GB-OFFENCES', 'EU-GDPR-MONITORING', 'SE-BRB-16-10A']));
  });

  it('would get the US provider duty if it offered e-mail to the public (the check above can fail)', () => {
    const { result: provider } = evaluateFixture('multinational-12000.yaml', (p) => ({ ...p, provides_email: true }));
    expect(provider.obligations.map((o) => o.id)).toContain('US-2258A-REPORT');
    expect(provider.controls.find((c) => c.controlId === 'REP-01')?.status).not.toBe('not_applicable');
  });
});
