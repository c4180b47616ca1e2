import { benchmarkPosition, scoreAudit, type Benchmark } from '@aup/domain';
import { fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';

describe('benchmark positions: like with like (issue 19)', () => {
  const catalogue = fixtureCatalogue();
  const { profile, answers } = readAnswers('fixture-all-yes.yaml');
  const survey: Benchmark = {
    id: 'policy',
    label: 'Have a policy against illicit material',
    share: 0.9,
    population: '100 US businesses with more than 5,000 employees',
    year: 2019,
    survey: 'Vendor survey 2019',
    caution: 'Run by a vendor.',
    comparableIf: { and: [{ in: ['US', { var: 'countries' }] }, { '>=': [{ var: 'headcount' }, 5000] }] },
    answerMeasure: { questionId: 'POL-01-Q1', hasItIf: ['draft', 'approved', 'exercised'] },
    sources: ['N1'],
    controls: ['POL-01'],
  };
  const position = (p = profile, a = answers) =>
    benchmarkPosition(scoreAudit(catalogue, p, a), [survey], p)[0];

  it('gives no figure to an organisation outside the surveyed population', () => {
    const small = position({ ...profile, headcount: 45 });
    expect(small).toMatchObject({ status: 'no_comparable', standing: null });
    expect(small.text).not.toMatch(/90%/);
    expect(small.text).toContain('no comparable survey figure');
  });

  it('names population, survey and caution, and reads "has it" by the survey\'s own test, looser than the control', () => {
    const draft = position(profile, { ...answers, 'POL-01-Q1': { value: 'draft' } });
    expect(
      scoreAudit(catalogue, profile, { ...answers, 'POL-01-Q1': { value: 'draft' } }).controls.find(
        (c) => c.controlId === 'POL-01',
      )!.passes,
    ).toBe(false);
    expect(draft).toMatchObject({
      status: 'has',
      standing: 'in_line',
      survey: 'Vendor survey 2019',
      caution: 'Run by a vendor.',
    });
    expect(draft.text).toBe(
      "Have a policy against illicit material: 90% of 100 US businesses with more than 5,000 employees (Vendor survey 2019). Run by a vendor. By the survey's own test this organisation does: in line with most of them.",
    );
  });

  it('has no standing while the answer it reads is "Don\'t know"', () => {
    expect(position(profile, { ...answers, 'POL-01-Q1': { value: 'unknown' } })).toMatchObject({
      status: 'incomplete',
      standing: null,
    });
  });
});
