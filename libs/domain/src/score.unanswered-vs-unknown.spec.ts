import { scoreAudit } from '@aup/domain';
import { fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';

describe('scoring: unanswered and "don\'t know"', () => {
  const catalogue = fixtureCatalogue();
  const { profile, answers } = readAnswers('fixture-all-yes.yaml');
  const { 'IRP-03-Q1': _dropped, ...withoutDetection } = answers;
  const unanswered = scoreAudit(catalogue, profile, withoutDetection);
  const unknown = scoreAudit(catalogue, profile, { ...answers, 'IRP-03-Q1': { value: 'unknown' } });

  it('both score 0 and give the same scores', () => {
    for (const r of [unanswered, unknown])
      expect(r.controls.find((c) => c.controlId === 'IRP-03')).toMatchObject({
        status: 'scored',
        score: 0,
        passes: false,
      });
    expect(unanswered.overall).toBe(unknown.overall);
    const withoutBlockers = (domains: typeof unanswered.domains) =>
      domains.map(({ maturityBlockers: _, ...d }) => d);
    expect(withoutBlockers(unanswered.domains)).toEqual(withoutBlockers(unknown.domains));
    for (const d of unanswered.domains) expect(Array.isArray(d.maturityBlockers)).toBe(true);
  });

  it('are counted apart: unknown is an answer, unanswered is not', () => {
    expect(unanswered.counts).toMatchObject({ total: 9, answered: 8, unknown: 0, unanswered: 1 });
    expect(unknown.counts).toMatchObject({ total: 9, answered: 8, unknown: 1, unanswered: 0 });
    expect(unanswered.answeredPct).toBe(88.89);
    expect(unknown.answeredPct).toBe(100);
    expect(unanswered.controls.find((c) => c.controlId === 'IRP-03')!.complete).toBe(false);
    expect(unknown.controls.find((c) => c.controlId === 'IRP-03')!.complete).toBe(true);
  });

  it('say which in the gap reason', () => {
    expect(unanswered.gaps.find((g) => g.controlId === 'IRP-03')!.reason).toContain(
      'IRP-03-Q1 not answered (scores 0)',
    );
    expect(unknown.gaps.find((g) => g.controlId === 'IRP-03')!.reason).toContain(
      'IRP-03-Q1 answered "Don\'t know" (scores 0)',
    );
  });
});
