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

  it('is red for legal exposure: no DPIA for its monitoring under the GDPR and no UK reporting routes (law in force)', () => {
    expect(result.rating).toBe('red');
    expect(result.caps.filter((c) => c.level === 'red').map((c) => c.controlId)).toEqual([
      'GOV-05',
      'REP-05',
    ]);
  });

  it('expects about 12 to 24 affected people', () => {
    expect(result.prevalence.range).toBe('about 12 to 24');
    expect(result.prevalence.expectedLow).toBeCloseTo(12);
    expect(result.prevalence.expectedHigh).toBeCloseTo(24);
  });

  it('does not count a generic policy or generic web filters as covering CSAM, but compares them as the survey did', () => {
    expect(result.gaps.map((g) => g.controlId)).toEqual(expect.arrayContaining(['POL-01', 'TEC-01']));
    // Changed by issue 19: the survey asked about any policy against illicit material and any filter, so a
    // generic policy and generic filters count as "has" by the survey's own test (they read "lacks" before).
    const position = Object.fromEntries(result.benchmarks.map((b) => [b.benchmarkId, b.status]));
    expect(position).toMatchObject({ policy: 'has', filters: 'has', detection: 'lacks' });
    const policy = result.benchmarks.find((b) => b.benchmarkId === 'policy')!;
    expect(policy.text).toContain(
      '90% of 100 US businesses with more than 5,000 employees, answered by IT and IT-security decision makers (NetClean Report 2019, business survey)',
    );
    expect(policy.text).toContain('sells CSAM-detection software');
  });

  it('has no US provider duty, and gets what binds an ordinary US employer instead', () => {
    expect(result.obligations.filter((o) => o.binds === 'provider')).toEqual([]);
    expect(result.obligations.map((o) => o.id)).not.toContain('US-2258A-REPORT');
    expect(result.controls.find((c) => c.controlId === 'REP-01')?.status).toBe('not_applicable');
    const employer = result.obligations.find((o) => o.id === 'US-EMPLOYER-POSSESSION');
    expect(employer?.counselMustConfirm).toBe(true);
    expect(result.obligations.map((o) => o.id)).toEqual(
      expect.arrayContaining(['US-STATES-IT-WORKER', 'GB-OFFENCES', 'EU-GDPR-MONITORING', 'SE-BRB-16-10A']),
    );
  });

  it('would get the US provider duty if it offered e-mail to the public (the check above can fail)', () => {
    const { result: provider } = evaluateFixture('multinational-12000.yaml', (p) => ({
      ...p,
      provides_email: true,
    }));
    expect(provider.obligations.map((o) => o.id)).toContain('US-2258A-REPORT');
    expect(provider.controls.find((c) => c.controlId === 'REP-01')?.status).not.toBe('not_applicable');
  });
});

describe('content: no country of operation is silently dropped (issue 19)', () => {
  it('lists every country, with those the content does not cover marked "not covered: confirm locally with counsel"', () => {
    const { result } = evaluateFixture('multinational-12000.yaml');
    const coverage = Object.fromEntries((result.coverage ?? []).map((c) => [c.country, c.status]));
    // On framework 1.0.0: Germany and the Netherlands only through EU law; India has no content there.
    expect(coverage).toEqual({
      US: 'covered',
      GB: 'covered',
      DE: 'partly_covered',
      SE: 'covered',
      NL: 'partly_covered',
      IN: 'not_covered',
    });
    expect(result.coverage!.find((c) => c.country === 'IN')!.text).toBe(
      'India: not covered: confirm locally with counsel.',
    );
    expect(result.caveats![0]).toMatch(/^Not legal advice\./);
    expect(result.caveats!.some((c) => c.includes('India') && c.includes('counsel'))).toBe(true);
  });
});
