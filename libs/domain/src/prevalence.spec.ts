import { prevalenceEstimate, type Answers } from '@aup/domain';
import { fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';

describe('prevalence estimate', () => {
  const catalogue = fixtureCatalogue();
  const { profile, answers } = readAnswers('fixture-all-yes.yaml');
  const estimate = (headcount: number, extra: Record<string, unknown> = {}, a: Answers = answers) =>
    prevalenceEstimate(catalogue, { ...profile, headcount, ...extra } as never, a);

  it('50 employees: fewer than one expected', () => {
    const e = estimate(50);
    expect(e.range).toBe('fewer than one expected');
    expect(e.expectedLow).toBeCloseTo(0.05);
    expect(e.expectedHigh).toBeCloseTo(0.1);
    expect(e.statement).toBe(
      "For a workforce of 50, published rates (1 in 1,000 to 1 in 500) suggest that fewer than one employee who views child sexual abuse material on work devices is expected. This is an estimate of the organisation's risk, not a statement about any person.",
    );
  });

  it('12,000 employees: about 12 to 24', () => {
    const e = estimate(12_000);
    expect(e.range).toBe('about 12 to 24');
    expect(e.statement).toContain(
      'For a workforce of 12,000, published rates (1 in 1,000 to 1 in 500) suggest about 12 to 24 employees',
    );
    expect(e.sourceIds).toEqual(['N7', 'N6']);
  });

  it('95,000 employees: about 95 to 190', () => {
    expect(estimate(95_000).range).toBe('about 95 to 190');
  });

  it('sets the estimate against detection capability and the incident band', () => {
    expect(estimate(12_000, { incident_band: '0' })).toMatchObject({
      detection: { controlId: 'IRP-03', inPlace: true, score: 100 },
      signal: 'fewer_than_expected',
    });
    expect(estimate(12_000, { incident_band: '3-5' }).signal).toBe('fewer_than_expected');
    expect(estimate(2_000, { incident_band: '3-5' }).signal).toBe('consistent');
    expect(estimate(500, { incident_band: 'more' }).signal).toBe('more_than_expected');
    const blind = estimate(12_000, { incident_band: '0' }, { ...answers, 'IRP-03-Q1': { value: 'no' } });
    expect(blind).toMatchObject({ detection: { inPlace: false, score: 0 }, signal: 'no_detection' });
    expect(blind.comparison).toMatch(/finds depend on chance/);
  });

  it('never names or counts people found: only the organisation-level range', () => {
    const text = JSON.stringify(estimate(12_000));
    expect(text).not.toMatch(/suspect|offender|culprit/i);
  });
});
