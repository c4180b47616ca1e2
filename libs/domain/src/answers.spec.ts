import { validateAnswer, validateAnswers, validateProfile } from '@aup/domain';
import { fixtureCatalogue } from '../../../test/fixtures/policies';

describe('answer and profile validation (shared with the api)', () => {
  const catalogue = fixtureCatalogue();
  const question = (id: string) =>
    catalogue.domains.flatMap((d) => d.controls.flatMap((c) => c.questions)).find((q) => q.id === id)!;
  const codes = (id: string, answer: unknown) => validateAnswer(question(id), answer).map((p) => p.code);

  it('accepts valid answers of every type', () => {
    expect(codes('POL-01-Q1', { value: 'approved' })).toEqual([]);
    expect(codes('POL-02-Q1', { value: 'partial' })).toEqual([]);
    expect(codes('IRP-02-Q1', { value: 75 })).toEqual([]);
    expect(codes('IRP-02-Q2', { value: ['welfare', 'whom_to_call'] })).toEqual([]);
    expect(codes('IRP-02-Q3', { value: '2026-02-28' })).toEqual([]);
  });

  it('names each kind of problem with a stable code', () => {
    expect(codes('POL-01-Q1', { value: 'maybe' })).toEqual(['ANSWER.UNKNOWN_OPTION']);
    expect(codes('POL-01-Q1', { value: 3 })).toEqual(['ANSWER.WRONG_TYPE']);
    expect(codes('POL-01-Q1', 'approved')).toEqual(['ANSWER.WRONG_TYPE']);
    expect(codes('POL-01-Q1', { value: 'na' })).toEqual(['ANSWER.JUSTIFICATION_REQUIRED']);
    expect(codes('POL-01-Q1', { value: 'alternative' })).toEqual(['ANSWER.JUSTIFICATION_REQUIRED']);
    expect(codes('IRP-02-Q1', { value: -1 })).toEqual(['ANSWER.OUT_OF_RANGE']);
    expect(codes('IRP-02-Q1', { value: '50' })).toEqual(['ANSWER.WRONG_TYPE']);
    expect(codes('IRP-02-Q2', { value: ['welfare', 'welfare'] })).toEqual(['ANSWER.WRONG_TYPE']);
    expect(codes('IRP-02-Q3', { value: '2026-02-30' })).toEqual(['ANSWER.WRONG_TYPE']);
  });

  it('reports unknown question ids for a whole answers map', () => {
    expect(validateAnswers(catalogue, { 'XYZ-01-Q1': { value: 'yes' } })).toEqual([
      {
        questionId: 'XYZ-01-Q1',
        code: 'ANSWER.UNKNOWN_QUESTION',
        message: "unknown question id 'XYZ-01-Q1' (not in fixture-readiness@1.0.0)",
      },
    ]);
  });

  it('checks a profile against the framework profile definition', () => {
    expect(
      validateProfile(catalogue, {
        headcount: 0,
        countries: ['FR'],
        provides_email: 'yes',
        colour: 'red',
      }).map((p) => `${p.code} ${p.field}`),
    ).toEqual([
      'PROFILE.UNKNOWN_FIELD colour',
      'PROFILE.OUT_OF_RANGE headcount',
      'PROFILE.UNKNOWN_OPTION countries',
      'PROFILE.WRONG_TYPE provides_email',
      'PROFILE.REQUIRED provides_hosting',
      'PROFILE.REQUIRED monitoring_in_use',
      'PROFILE.REQUIRED works_with_children',
    ]);
  });
});
