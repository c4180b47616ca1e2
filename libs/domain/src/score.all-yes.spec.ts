import { evaluateAudit } from '@aup/domain';
import { fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';

describe('scoring: every answer at its best', () => {
  const { profile, answers } = readAnswers('fixture-all-yes.yaml');
  const result = evaluateAudit(fixtureCatalogue(), profile, answers);

  it('scores 100 everywhere and rates green', () => {
    expect(result.overall).toBe(100);
    expect(result.rating).toBe('green');
    expect(result.domains.map((d) => [d.domainId, d.score, d.maturity])).toEqual([
      ['POL', 100, 4],
      ['IRP', 100, 4],
    ]);
    expect(
      result.controls.filter((c) => c.status === 'scored').every((c) => c.score === 100 && c.passes),
    ).toBe(true);
  });

  it('has no caps, gaps or remediation items, and every question answered', () => {
    expect(result.caps).toEqual([]);
    expect(result.gaps).toEqual([]);
    expect(result.remediation.items).toEqual([]);
    expect(result.answeredPct).toBe(100);
    expect(result.compliantPct).toBe(100);
    expect(result.counts).toEqual({ total: 9, answered: 9, unknown: 0, na: 0, unanswered: 0, invalid: 0 });
  });

  it('does not score the informational date question', () => {
    const irp02 = result.controls.find((c) => c.controlId === 'IRP-02')!;
    expect(irp02.questions.map((q) => q.questionId)).toEqual(['IRP-02-Q1', 'IRP-02-Q2']);
  });
});
