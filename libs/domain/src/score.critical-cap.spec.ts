import { scoreAudit } from '@aup/domain';
import { fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';

describe('scoring: a critical control below target caps the rating', () => {
  const catalogue = fixtureCatalogue();
  const { profile, answers } = readAnswers('fixture-all-yes.yaml');
  const result = scoreAudit(catalogue, profile, { ...answers, 'POL-01-Q1': { value: 'approved' } });

  it('rates red although the overall score is green territory', () => {
    expect(result.overall).toBeGreaterThanOrEqual(catalogue.rating.green);
    expect(result.rating).toBe('red');
    expect(result.ratingReason).toBe('capped at red (legal exposure): POL-01 below target');
    expect(result.caps).toEqual([{ controlId: 'POL-01', title: 'The AUP names CSAM explicitly', score: 67, target: 75, reason: 'critical control POL-01 scores 67 against a target of 75' }]);
  });

  it('makes the capping gap at least P2 even when its shortfall is small', () => {
    const gap = result.gaps.find((g) => g.controlId === 'POL-01')!;
    expect(gap.severity).toBe(0.4);
    expect(gap.priority).toBe('P2');
  });

  it('holds the domain at maturity 1: level 2 needs every critical control to pass', () => {
    const pol = result.domains.find((d) => d.domainId === 'POL')!;
    expect(pol.maturity).toBe(1);
    expect(pol.maturityBlockers).toEqual(['level 2 (developing): critical control POL-01 is below target']);
  });

  it('a compensating control with a justification scores its option and still caps below target', () => {
    const alt = scoreAudit(catalogue, profile, { ...answers, 'POL-01-Q1': { value: 'alternative', justification: 'Covered by the group code of conduct.' } });
    expect(alt.controls.find((c) => c.controlId === 'POL-01')).toMatchObject({ score: 50, passes: false });
    expect(alt.controls.find((c) => c.controlId === 'POL-01')!.questions[0].status).toBe('alternative');
    expect(alt.caps.map((c) => c.controlId)).toEqual(['POL-01']);
  });
});
