import fc from 'fast-check';
import {
  evaluateAudit,
  scoreAudit,
  scoreQuestion,
  type AnswerValue,
  type Answers,
  type Profile,
  type Question,
} from '@aup/domain';
import { fixtureCatalogue } from '../../../test/fixtures/policies';

const catalogue = fixtureCatalogue();
const questions = catalogue.domains
  .flatMap((d) => d.controls.flatMap((c) => c.questions))
  .filter((q) => q.weight > 0);

const profileArb: fc.Arbitrary<Profile> = fc.record({
  headcount: fc.integer({ min: 1, max: 200_000 }),
  countries: fc.subarray(['US', 'GB', 'SE', 'DE']),
  provides_email: fc.boolean(),
  provides_hosting: fc.boolean(),
  monitoring_in_use: fc.boolean(),
  works_with_children: fc.boolean(),
  incident_band: fc.constantFrom('0', '1-2', '3-5', 'more'),
});

/** Any valid answer to a question; `scoredOnly` leaves out N/A (which removes the question instead). */
function answerArb(q: Question, scoredOnly = false): fc.Arbitrary<AnswerValue> {
  const options = (q.options ?? []).filter((o) => !(scoredOnly && o.na));
  const justification = fc.constantFrom('Handled by the parent company.', 'Not in scope for this site.');
  switch (q.type) {
    case 'number':
      return fc.integer({ min: q.min ?? 0, max: q.max ?? 1000 }).map((value) => ({ value }));
    case 'multi_choice':
      return fc
        .subarray(options.filter((o) => !o.unknown && !o.na).map((o) => o.value))
        .map((value) => ({ value }));
    default:
      return fc
        .constantFrom(...options)
        .chain((o) =>
          o.na || o.alternative
            ? justification.map((j) => ({ value: o.value, justification: j }))
            : fc.constant({ value: o.value }),
        );
  }
}

const answersArb: fc.Arbitrary<Answers> = fc
  .tuple(...questions.map((q) => fc.option(answerArb(q), { nil: undefined })))
  .map((values) =>
    Object.fromEntries(questions.flatMap((q, i) => (values[i] === undefined ? [] : [[q.id, values[i]]]))),
  );

const inRange = (x: number | null) => x === null || (x >= 0 && x <= 100);

describe('scoring properties', () => {
  it('every score stays within 0-100', () => {
    fc.assert(
      fc.property(profileArb, answersArb, (profile, answers) => {
        const r = scoreAudit(catalogue, profile, answers);
        expect(inRange(r.overall)).toBe(true);
        expect(
          r.domains.every(
            (d) => inRange(d.score) && (d.maturity === null || (d.maturity >= 0 && d.maturity <= 4)),
          ),
        ).toBe(true);
        expect(r.controls.every((c) => inRange(c.score))).toBe(true);
        expect(r.gaps.every((g) => g.severity >= 0 && g.severity <= 5)).toBe(true);
        expect(inRange(r.answeredPct) && inRange(r.compliantPct)).toBe(true);
        expect(r.invalidAnswers).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('with the profile fixed, improving one answer never lowers its control, domain or overall score', () => {
    const improvement = fc
      .constantFrom(...questions)
      .chain((q) =>
        fc.tuple(fc.constant(q), fc.option(answerArb(q, true), { nil: undefined }), answerArb(q, true)),
      );
    fc.assert(
      fc.property(profileArb, answersArb, improvement, (profile, answers, [q, x, y]) => {
        const sx = x === undefined ? 0 : scoreQuestion(q, x, []).score!;
        const sy = scoreQuestion(q, y, []).score!;
        const [worse, better] = sx <= sy ? [x, y] : [y, x];
        const before = scoreAudit(catalogue, profile, { ...answers, [q.id]: worse });
        const after = scoreAudit(catalogue, profile, { ...answers, [q.id]: better });
        const control = (r: typeof before) => r.controls.find((c) => c.controlId === q.controlId)!.score;
        const domain = (r: typeof before) =>
          r.domains.find((d) => d.domainId === q.controlId.split('-')[0])!.score;
        if (control(before) !== null) expect(control(after)!).toBeGreaterThanOrEqual(control(before)!);
        if (domain(before) !== null) expect(domain(after)!).toBeGreaterThanOrEqual(domain(before)!);
        if (before.overall !== null) expect(after.overall!).toBeGreaterThanOrEqual(before.overall);
      }),
      { numRuns: 500 },
    );
  });

  it('same input, same output, also after a JSON round trip of catalogue, profile and answers', () => {
    fc.assert(
      fc.property(profileArb, answersArb, (profile, answers) => {
        const first = evaluateAudit(catalogue, profile, answers);
        const again = evaluateAudit(catalogue, profile, answers);
        const roundTrip = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
        const stored = evaluateAudit(roundTrip(catalogue), roundTrip(profile), roundTrip(answers));
        expect(again).toEqual(first);
        expect(stored).toEqual(first);
        expect(roundTrip(first)).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });
});
