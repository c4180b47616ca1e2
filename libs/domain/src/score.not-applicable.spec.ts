import { scoreAudit, type Answers } from '@aup/domain';
import { fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';

describe('scoring: not applicable answers', () => {
  const catalogue = fixtureCatalogue();
  const { profile, answers } = readAnswers('fixture-all-yes.yaml');
  const withNo: Answers = { ...answers, 'IRP-04-Q1': { value: 'no' } };

  it('drops a justified N/A out of the denominator', () => {
    const na = scoreAudit(catalogue, profile, {
      ...withNo,
      'IRP-04-Q1': { value: 'na', justification: 'No child-facing services in scope.' },
    });
    const irp04 = na.controls.find((c) => c.controlId === 'IRP-04')!;
    expect(irp04).toMatchObject({ status: 'all_na', score: null, passes: null, complete: true });
    expect(na.overall).toBe(100);
    expect(na.counts.na).toBe(1);
    expect(na.invalidAnswers).toEqual([]);
    // The same organisation answering "no" instead is scored on that control.
    expect(scoreAudit(catalogue, profile, withNo).overall).toBeLessThan(100);
  });

  it('refuses an N/A without a justification: reported, and scored as unanswered', () => {
    const result = scoreAudit(catalogue, profile, { ...withNo, 'IRP-04-Q1': { value: 'na' } });
    expect(result.invalidAnswers).toEqual([
      {
        questionId: 'IRP-04-Q1',
        code: 'ANSWER.JUSTIFICATION_REQUIRED',
        message: "IRP-04-Q1: 'na' (not applicable) needs a justification",
      },
    ]);
    const irp04 = result.controls.find((c) => c.controlId === 'IRP-04')!;
    expect(irp04).toMatchObject({ status: 'scored', score: 0, complete: false });
    expect(irp04.questions[0].status).toBe('invalid');
    expect(result.counts.invalid).toBe(1);
  });

  it('treats a blank justification as none', () => {
    const result = scoreAudit(catalogue, profile, {
      ...withNo,
      'IRP-04-Q1': { value: 'na', justification: '   ' },
    });
    expect(result.invalidAnswers.map((p) => p.code)).toEqual(['ANSWER.JUSTIFICATION_REQUIRED']);
  });
});
