import { questionsForSection, scoreAudit, visibleQuestions } from '@aup/domain';
import { fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';

describe('scoring: a control that does not apply to this profile', () => {
  const catalogue = fixtureCatalogue();
  const { profile, answers } = readAnswers('fixture-all-yes.yaml');
  const noMonitoring = { ...profile, monitoring_in_use: false, works_with_children: false };

  it('leaves it out of every score and every gap, even with bad answers to it', () => {
    const result = scoreAudit(catalogue, noMonitoring, {
      ...answers,
      'POL-03-Q1': { value: 'no' },
      'IRP-04-Q1': { value: 'no' },
    });
    expect(result.controls.find((c) => c.controlId === 'POL-03')).toMatchObject({
      status: 'not_applicable',
      score: null,
      passes: null,
    });
    expect(result.controls.find((c) => c.controlId === 'IRP-04')).toMatchObject({ status: 'not_applicable' });
    expect(result.overall).toBe(100);
    expect(result.gaps).toEqual([]);
    expect(result.counts.total).toBe(6);
  });

  it('hides a question whose show_if does not hold (works-council question outside the EU)', () => {
    const usOnly = { ...profile, countries: ['US'] };
    expect(visibleQuestions(catalogue, profile).map((q) => q.id)).toContain('POL-03-Q2');
    expect(visibleQuestions(catalogue, usOnly).map((q) => q.id)).not.toContain('POL-03-Q2');
    const result = scoreAudit(catalogue, usOnly, { ...answers, 'POL-03-Q2': { value: 'no' } });
    expect(result.controls.find((c) => c.controlId === 'POL-03')).toMatchObject({ score: 100, passes: true });
  });

  it('lists the visible questions of one section', () => {
    expect(questionsForSection(catalogue, noMonitoring, 'legal').map((q) => q.id)).toEqual([]);
    expect(questionsForSection(catalogue, profile, 'legal').map((q) => q.id)).toEqual([
      'POL-03-Q1',
      'POL-03-Q2',
    ]);
    expect(questionsForSection(catalogue, profile, 'it').map((q) => q.id)).toEqual(['IRP-03-Q1']);
  });
});
