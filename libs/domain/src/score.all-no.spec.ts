import { evaluateAudit, resolveCitations, type Answers } from '@aup/domain';
import { fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';

describe('scoring: every answer at its worst', () => {
  const { profile } = readAnswers('fixture-all-yes.yaml');
  const answers: Answers = {
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
  const result = evaluateAudit(fixtureCatalogue(), profile, answers);

  it('scores 0, rates red and caps on both critical controls', () => {
    expect(result.overall).toBe(0);
    expect(result.rating).toBe('red');
    expect(result.caps.map((c) => c.controlId)).toEqual(['POL-01', 'IRP-01']);
    expect(result.domains.map((d) => d.maturity)).toEqual([0, 0]);
    expect(result.domains[0].maturityBlockers[0]).toMatch(/^level 1 \(initial\): domain score 0 is below 25/);
  });

  it('lists a gap per control with severity = weight x shortfall and a priority band', () => {
    expect(result.gaps.map((g) => [g.controlId, g.severity, g.priority])).toEqual([
      ['POL-01', 3.75, 'P1'],
      ['IRP-01', 3.75, 'P1'],
      ['IRP-02', 2.25, 'P2'],
      ['IRP-03', 2.25, 'P2'],
      ['POL-02', 1.5, 'P2'],
      ['IRP-04', 1.5, 'P2'],
      ['POL-03', 0.75, 'P3'],
    ]);
  });

  it('explains each gap with the answer and the sources', () => {
    const gap = result.gaps.find((g) => g.controlId === 'POL-01')!;
    expect(gap.reason).toBe(
      'POL-01 (critical) scores 0 against a target of 75: POL-01-Q1 answered "No policy mentions it" (0). Sources: [N2].',
    );
    expect(gap.sourceIds).toEqual(['N2']);
    expect(result.sources.N2).toEqual({
      id: 'N2',
      title: 'Workplace findings report',
      publisher: 'Fixture Publisher',
      year: 2019,
      url: 'https://example.org/n2',
      status: 'verified',
    });
    expect(resolveCitations(gap.reason, result.sources)).toBe(
      'POL-01 (critical) scores 0 against a target of 75: POL-01-Q1 answered "No policy mentions it" (0). Sources: N2 Workplace findings report (2019).',
    );
  });
});
