import fc from 'fast-check';
import {
  scoreAudit,
  scoreQuestion,
  type AnswerValue,
  type Answers,
  type Catalogue,
  type Condition,
  type Question,
} from '@aup/domain';
import { fixtureCatalogue, readAnswers } from '../../../test/fixtures/policies';

/** The fixture catalogue with some controls resting on a law in force and some questions for counsel. */
function withMarks(law: Readonly<Record<string, Condition>>, counsel: readonly string[] = []): Catalogue {
  const base = fixtureCatalogue();
  return JSON.parse(
    JSON.stringify({
      ...base,
      domains: base.domains.map((d) => ({
        ...d,
        controls: d.controls.map((c) => ({
          ...c,
          ...(law[c.id] !== undefined ? { lawInForceIf: law[c.id] } : {}),
          questions: c.questions.map((q) => (counsel.includes(q.id) ? { ...q, counsel: true } : q)),
        })),
      })),
    }),
  ) as Catalogue;
}

describe('rating caps (formula aup-score/2)', () => {
  const { profile, answers } = readAnswers('fixture-all-yes.yaml');

  it('a critical control that rests on no law holds the rating at amber, with the reason, however high the average', () => {
    const catalogue = fixtureCatalogue();
    const result = scoreAudit(catalogue, profile, { ...answers, 'POL-01-Q1': { value: 'approved' } });
    expect(result.overall).toBeGreaterThanOrEqual(catalogue.rating.green);
    expect(result.rating).toBe('amber');
    expect(result.ratingReason).toMatch(
      /^capped at amber: critical control POL-01 below target \(overall [\d.]+ would be green\)$/,
    );
    expect(result.caps).toEqual([
      {
        controlId: 'POL-01',
        title: 'The AUP names CSAM explicitly',
        score: 67,
        target: 75,
        level: 'amber',
        reason: 'POL-01 is critical and scores 67 against a target of 75',
      },
    ]);
  });

  it('a "Don\'t know" on a non-legal critical control is amber, not red', () => {
    const result = scoreAudit(fixtureCatalogue(), profile, { ...answers, 'POL-01-Q1': { value: 'unknown' } });
    expect(result.caps.map((c) => [c.controlId, c.level])).toEqual([['POL-01', 'amber']]);
    expect(result.rating).not.toBe('red');
  });

  it('a control resting on a law in force for the organisation caps at red when it scores 0 or "Don\'t know"', () => {
    const catalogue = withMarks({ 'POL-01': true });
    for (const value of ['none', 'unknown']) {
      const result = scoreAudit(catalogue, profile, { ...answers, 'POL-01-Q1': { value } });
      expect(result.rating).toBe('red');
      expect(result.caps[0]).toMatchObject({ controlId: 'POL-01', level: 'red' });
      expect(result.ratingReason).toContain('capped at red (legal exposure): POL-01');
    }
  });

  it('the same legal control above 0 but below target holds the rating at amber', () => {
    const result = scoreAudit(withMarks({ 'POL-01': true }), profile, {
      ...answers,
      'POL-01-Q1': { value: 'approved' },
    });
    expect(result.caps).toEqual([
      expect.objectContaining({
        controlId: 'POL-01',
        level: 'amber',
        reason: 'POL-01 rests on a law in force for this organisation and scores 67 against a target of 75',
      }),
    ]);
    expect(result.rating).toBe('amber');
  });

  it('a law that is not in force for this organisation (its condition fails) never caps at red', () => {
    const result = scoreAudit(withMarks({ 'POL-01': { in: ['DK', { var: 'countries' }] } }), profile, {
      ...answers,
      'POL-01-Q1': { value: 'none' },
    });
    expect(result.caps.map((c) => c.level)).toEqual(['amber']);
  });

  it('a question for counsel or about pending law never caps: the cap is computed without it', () => {
    // IRP-01's only question is marked for counsel: IRP-01 still scores and is a gap, but can never cap.
    const catalogue = withMarks({ 'IRP-01': true }, ['IRP-01-Q1']);
    const result = scoreAudit(catalogue, profile, { ...answers, 'IRP-01-Q1': { value: 'unknown' } });
    expect(result.controls.find((c) => c.controlId === 'IRP-01')).toMatchObject({ score: 0, passes: false });
    expect(result.caps.map((c) => c.controlId)).not.toContain('IRP-01');
    expect(result.gaps.map((g) => g.controlId)).toContain('IRP-01');
  });

  it('makes the capping gap at least P2 even when its shortfall is small', () => {
    const result = scoreAudit(fixtureCatalogue(), profile, {
      ...answers,
      'POL-01-Q1': { value: 'approved' },
    });
    const gap = result.gaps.find((g) => g.controlId === 'POL-01')!;
    expect(gap.severity).toBe(0.4);
    expect(gap.priority).toBe('P2');
  });

  it('holds the domain at maturity 1: level 2 needs every critical control to pass', () => {
    const result = scoreAudit(fixtureCatalogue(), profile, {
      ...answers,
      'POL-01-Q1': { value: 'approved' },
    });
    const pol = result.domains.find((d) => d.domainId === 'POL')!;
    expect(pol.maturity).toBe(1);
    expect(pol.maturityBlockers).toEqual(['level 2 (developing): critical control POL-01 is below target']);
  });

  it('a compensating control with a justification scores its option and still caps below target', () => {
    const alt = scoreAudit(fixtureCatalogue(), profile, {
      ...answers,
      'POL-01-Q1': { value: 'alternative', justification: 'Covered by the group code of conduct.' },
    });
    expect(alt.controls.find((c) => c.controlId === 'POL-01')).toMatchObject({ score: 50, passes: false });
    expect(alt.caps.map((c) => c.controlId)).toEqual(['POL-01']);
  });

  it("catalogues stored before controls carried the mark use the draft catalogue's legal list (REP-01 to REP-05, GOV-05, POL-04)", () => {
    const catalogue = fixtureCatalogue();
    const renamed = JSON.parse(JSON.stringify(catalogue).replace(/POL-01/g, 'REP-05')) as Catalogue;
    const result = scoreAudit(renamed, profile, { ...answers, 'REP-05-Q1': { value: 'none' } });
    expect(result.caps).toEqual([expect.objectContaining({ controlId: 'REP-05', level: 'red' })]);
  });
});

describe('rating cap properties', () => {
  const catalogue = withMarks({ 'POL-01': true, 'IRP-01': { var: 'works_with_children' } });
  const questions = catalogue.domains
    .flatMap((d) => d.controls.flatMap((c) => c.questions))
    .filter((q) => q.weight > 0);
  const order = { red: 0, amber: 1, green: 2, unrated: 3 } as const;
  const profileArb = fc.record({
    headcount: fc.integer({ min: 1, max: 100_000 }),
    countries: fc.subarray(['US', 'GB', 'SE']),
    provides_email: fc.boolean(),
    monitoring_in_use: fc.boolean(),
    works_with_children: fc.boolean(),
    incident_band: fc.constantFrom('0', '1-2', '3-5', 'more'),
  });
  const answerArb = (q: Question): fc.Arbitrary<AnswerValue> => {
    const options = (q.options ?? []).filter((o) => !o.na && !o.alternative);
    if (q.type === 'number')
      return fc.integer({ min: q.min ?? 0, max: q.max ?? 1000 }).map((value) => ({ value }));
    if (q.type === 'multi_choice')
      return fc.subarray(options.filter((o) => !o.unknown).map((o) => o.value)).map((value) => ({ value }));
    return fc.constantFrom(...options).map((o) => ({ value: o.value }));
  };
  const answersArb: fc.Arbitrary<Answers> = fc
    .tuple(...questions.map((q) => fc.option(answerArb(q), { nil: undefined })))
    .map((values) =>
      Object.fromEntries(questions.flatMap((q, i) => (values[i] === undefined ? [] : [[q.id, values[i]]]))),
    );
  /** Rank of an answer: its score, and at the same score an answer beats "Don't know", which beats none. */
  const rank = (q: Question, a: AnswerValue | undefined): [number, number] => {
    if (a === undefined) return [0, 0];
    const r = scoreQuestion(q, a, []);
    return [r.score ?? 0, r.status === 'unknown' ? 1 : 2];
  };

  it('red only ever comes from a legal control at 0 or "Don\'t know", or from an overall score below amber', () => {
    fc.assert(
      fc.property(profileArb, answersArb, (profile, answers) => {
        const r = scoreAudit(catalogue, profile, answers);
        for (const cap of r.caps)
          if (cap.level === 'red') expect(['POL-01', 'IRP-01']).toContain(cap.controlId);
        if (r.rating === 'red' && !r.caps.some((c) => c.level === 'red'))
          expect(r.overall!).toBeLessThan(catalogue.rating.amber);
        if (r.caps.some((c) => c.level === 'amber') && !r.caps.some((c) => c.level === 'red'))
          expect(r.rating).not.toBe('green');
        expect(
          r.caps.every((c) => c.controlId !== 'IRP-01' || profile.works_with_children || c.level === 'amber'),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('with the profile fixed, improving one answer never worsens the rating', () => {
    const change = fc
      .constantFrom(...questions)
      .chain((q) => fc.tuple(fc.constant(q), fc.option(answerArb(q), { nil: undefined }), answerArb(q)));
    fc.assert(
      fc.property(profileArb, answersArb, change, (profile, answers, [q, x, y]) => {
        const [rx, ry] = [rank(q, x), rank(q, y)];
        const [worse, better] = rx[0] < ry[0] || (rx[0] === ry[0] && rx[1] <= ry[1]) ? [x, y] : [y, x];
        const before = scoreAudit(catalogue, profile, { ...answers, [q.id]: worse } as Answers);
        const after = scoreAudit(catalogue, profile, { ...answers, [q.id]: better } as Answers);
        if (before.rating !== 'unrated' && after.rating !== 'unrated')
          expect(order[after.rating]).toBeGreaterThanOrEqual(order[before.rating]);
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic and every cap names its level and reason', () => {
    fc.assert(
      fc.property(profileArb, answersArb, (profile, answers) => {
        const a = scoreAudit(catalogue, profile, answers);
        expect(scoreAudit(catalogue, profile, answers)).toEqual(a);
        for (const cap of a.caps) {
          expect(['red', 'amber']).toContain(cap.level);
          expect(cap.reason).toContain(cap.controlId);
        }
      }),
      { numRuns: 100 },
    );
  });
});
