import { validateProfile } from '@aup/domain';
import { evaluateFixture, shippedFramework } from './evaluate-fixture';

describe('content: a 40-person employer with nothing in place', () => {
  const { profile, result } = evaluateFixture('empty-employer-40.yaml');

  it('is a complete, valid assessment', () => {
    expect(validateProfile(shippedFramework(), profile)).toEqual([]);
    expect(result.invalidAnswers).toEqual([]);
    expect(result.answeredPct).toBe(100);
  });

  it('is red because of legal exposure', () => {
    expect(result.rating).toBe('red');
    expect(result.caps.length).toBeGreaterThan(0);
  });

  it.each(['POL', 'IRP', 'REP'])('has critical, first-priority gaps in %s', (domainId) => {
    const critical = result.gaps.filter((g) => g.domainId === domainId && g.criticality === 'critical');
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.every((g) => g.priority === 'P1')).toBe(true);
  });

  it('caps the rating on the missing policy wording, action plan and reporting commitment', () => {
    expect(result.caps.map((c) => c.controlId)).toEqual(
      expect.arrayContaining(['POL-01', 'IRP-01', 'REP-07']),
    );
  });

  // Formula aup-score/2: red comes from the controls that rest on a law in force for a UK employer (the
  // monitoring notice under the UK GDPR and the UK reporting routes) at 0; the other critical gaps hold at amber.
  it('is red for legal exposure on the UK law in force; the other critical gaps are amber caps', () => {
    expect(result.caps.filter((c) => c.level === 'red').map((c) => c.controlId)).toEqual([
      'POL-04',
      'REP-05',
    ]);
    expect(
      result.caps.filter((c) => c.controlId === 'POL-01' || c.controlId === 'REP-07').map((c) => c.level),
    ).toEqual(['amber', 'amber']);
    expect(result.ratingReason).toMatch(/^capped at red \(legal exposure\): POL-04, REP-05/);
  });

  it('expects fewer than one affected person and does not ask a small employer for detection', () => {
    expect(result.prevalence.range).toMatch(/^fewer than one/);
    expect(result.prevalence.expectedHigh).toBeLessThan(1);
    expect(result.controls.find((c) => c.controlId === 'TEC-03')?.status).toBe('not_applicable');
  });

  it('gets the duties of an ordinary employer in England and Wales, and no provider duty', () => {
    const obligations = result.obligations.map((o) => o.id);
    expect(obligations).toContain('GB-OFFENCES');
    expect(result.obligations.filter((o) => o.binds === 'provider')).toEqual([]);
  });

  it('gets one policy rewrite and one response plan in the checklist rather than a dozen separate items', () => {
    const rewrite = result.remediation.items.find((i) => i.key === 'aup-rewrite');
    expect(rewrite?.controlIds).toEqual(
      expect.arrayContaining(['POL-01', 'POL-02', 'POL-03', 'POL-04', 'REP-07']),
    );
    expect(result.remediation.items.find((i) => i.key === 'response-plan')?.controlIds).toContain('IRP-01');
  });

  // Changed by issue 19 (like with like): the only survey covers US businesses of more than 5,000 staff, so a
  // 40-person employer in England is not compared with it (it stood "behind" before).
  it('is not compared with a survey of large US businesses: no comparable figure, and none given', () => {
    expect(result.benchmarks.map((b) => b.status)).toEqual(result.benchmarks.map(() => 'no_comparable'));
    expect(
      result.benchmarks.every(
        (b) => b.standing === null && /no comparable survey figure/.test(b.text) && !/\d+%/.test(b.text),
      ),
    ).toBe(true);
  });
});
