import { benchmarkPosition, scoreAudit } from '@aup/domain';
import { fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';

describe('benchmark positions', () => {
  const catalogue = fixtureCatalogue();
  const { profile, answers } = readAnswers('fixture-all-yes.yaml');
  const positions = (a = answers) =>
    benchmarkPosition(scoreAudit(catalogue, profile, a), catalogue.benchmarks);

  it('having what most have is in line; having what few have (detection, 12%) is ahead', () => {
    expect(positions().map((p) => [p.benchmarkId, p.status, p.standing])).toEqual([
      ['policy', 'has', 'in_line'],
      ['action_plan', 'has', 'in_line'],
      ['detection', 'has', 'ahead'],
    ]);
  });

  it('lacking what most have is behind; lacking what few have is in line', () => {
    const lacking = positions({ ...answers, 'POL-01-Q1': { value: 'draft' }, 'IRP-03-Q1': { value: 'no' } });
    expect(lacking.find((p) => p.benchmarkId === 'policy')).toMatchObject({
      status: 'lacks',
      standing: 'behind',
      share: 0.9,
    });
    expect(lacking.find((p) => p.benchmarkId === 'policy')!.text).toBe(
      "Have a policy prohibiting illicit material in the IT environment: 90% of 100 businesses with more than 5,000 employees. By the survey's own test this organisation does not: behind most of them.",
    );
    expect(lacking.find((p) => p.benchmarkId === 'detection')).toMatchObject({
      status: 'lacks',
      standing: 'in_line',
    });
  });

  it('has no position while a benchmarked control is unanswered', () => {
    const { 'IRP-01-Q1': _x, ...rest } = answers;
    expect(positions(rest).find((p) => p.benchmarkId === 'action_plan')).toMatchObject({
      status: 'incomplete',
      standing: null,
    });
  });

  it('carries the survey source with each position', () => {
    expect(positions().find((p) => p.benchmarkId === 'detection')).toMatchObject({
      sourceIds: ['N1', 'N2'],
      population: '100 businesses with more than 5,000 employees',
    });
  });
});
