import type { ActionPlanStep, Catalogue, Clause } from '../catalogue';
import { clauseChangeProblems, clauseCoverage, clausesFor, clauseWording } from './clauses';
import { assignmentProblem, monthsBefore, orderedSteps, planCompleteness } from './action-plan';
import { countriesNotCovered } from './obligations-register';
import { auditSuggestions } from './suggestions';
import { trendDirection } from './portfolio';
import { policyModelGaps, reconcilePolicyGaps } from './gap-items';

const clause = (id: string, extra: Partial<Clause> = {}): Clause => ({
  id,
  title: `Title ${id}`,
  text: '{{organisation}} forbids it.',
  controls: [],
  sources: ['S1'],
  ...extra,
});
const step = (id: string): ActionPlanStep => ({
  id,
  title: `Step ${id}`,
  purpose: 'p',
  actions: [],
  never: [],
  ownerRole: 'security',
  controls: [],
  sources: ['S1'],
});

describe('policy model: clauses', () => {
  const catalogue = {
    clauses: [
      clause('a'),
      clause('b', { appliesIf: { var: 'works_council' } }),
      clause('c', {
        variants: [
          { id: 'eu', title: 'EU', text: 'EU wording', appliesIf: { var: 'eu_presence' } },
          { id: 'us', title: 'US', text: 'US wording', appliesIf: { in: ['US', { var: 'countries' }] } },
        ],
      }),
    ],
  };

  it('treats a missing appliesIf as always applying and narrows variants by the profile', () => {
    const list = clausesFor(catalogue, { countries: ['SE'], works_council: false });
    expect(list.map((c) => [c.clause.id, c.number, c.applies])).toEqual([
      ['a', 1, true],
      ['b', 2, false],
      ['c', 3, true],
    ]);
    expect(list[2].variants.map((v) => v.id)).toEqual(['eu']);
  });

  it('counts adopted and adapted clauses among those that apply and are not marked not applicable', () => {
    const list = clausesFor(catalogue, { countries: ['SE'] });
    const coverage = clauseCoverage(
      list,
      new Map([
        ['a', { state: 'adopted' as const }],
        ['c', { state: 'not_applicable' as const }],
      ]),
    );
    expect(coverage).toMatchObject({ coveragePct: 100, counted: 1, covered: 1, missing: [] });
    const none = clauseCoverage(list, new Map([['a', { state: 'missing' as const }]]));
    expect(none.coveragePct).toBe(0);
    expect(none.missing[0].message).toMatch(/recorded as missing/);
    expect(none.missing[1].message).toMatch(/has not been adopted/);
  });

  it('needs a reason for not applicable, wording for adapted, and a variant that applies', () => {
    const [a, , c] = clausesFor(catalogue, { countries: ['SE'] });
    expect(clauseChangeProblems(a, { state: 'not_applicable', reason: ' ' }).map((p) => p.code)).toEqual([
      'CLAUSE.REASON_REQUIRED',
    ]);
    expect(clauseChangeProblems(a, { state: 'adapted' }).map((p) => p.code)).toEqual([
      'CLAUSE.WORDING_REQUIRED',
    ]);
    expect(clauseChangeProblems(c, { state: 'adopted', variantId: 'us' }).map((p) => p.code)).toEqual([
      'CLAUSE.UNKNOWN_VARIANT',
    ]);
    expect(clauseChangeProblems(c, { state: 'adopted', variantId: 'eu' })).toEqual([]);
    expect(clauseWording(c, { wording: null, variantId: 'eu' }, 'Acme')).toBe('EU wording');
    expect(clauseWording(a, undefined, 'Acme')).toBe('Acme forbids it.');
  });
});

describe('policy model: action plan completeness', () => {
  const steps = [step('contain'), step('report')];
  const full = new Map([
    ['contain', { ownerUserId: 'u1', deputyUserId: 'u2' }],
    ['report', { ownerUserId: 'u2', deputyUserId: 'u1' }],
  ]);

  it('is complete with owners and deputies, a review in the last 12 months and every route', () => {
    expect(
      planCompleteness({
        steps,
        records: full,
        reviewedOn: '2026-01-10',
        reportsWithoutRoute: [],
        today: '2026-12-04',
      }),
    ).toEqual({ complete: true, completenessPct: 100, problems: [] });
  });

  it('names each missing owner or deputy, the same person twice, an old review and a missing route', () => {
    const records = new Map([['contain', { ownerUserId: 'u1', deputyUserId: 'u1' }]]);
    const result = planCompleteness({
      steps,
      records,
      reviewedOn: '2025-12-03',
      reportsWithoutRoute: [{ obligationId: 'GB-X', jurisdictionName: 'UK' }],
      today: '2026-12-04',
    });
    expect(result.problems.map((p) => [p.code, p.stepId ?? p.obligationId ?? null])).toEqual([
      ['PLAN.OWNER_IS_DEPUTY', 'contain'],
      ['PLAN.OWNER_MISSING', 'report'],
      ['PLAN.DEPUTY_MISSING', 'report'],
      ['PLAN.REVIEW_OVERDUE', null],
      ['PLAN.ROUTE_MISSING', 'GB-X'],
    ]);
    expect(result.complete).toBe(false);
    expect(result.completenessPct).toBeCloseTo((100 * 1) / 6, 0);
  });

  it('says the plan was never reviewed, and refuses one person as owner and deputy', () => {
    expect(
      planCompleteness({
        steps: [],
        records: new Map(),
        reviewedOn: null,
        reportsWithoutRoute: [],
        today: '2026-12-04',
      }).problems[0].code,
    ).toBe('PLAN.NOT_REVIEWED');
    expect(assignmentProblem('u1', 'u1')?.code).toBe('PLAN.OWNER_IS_DEPUTY');
    expect(assignmentProblem('u1', 'u2')).toBeNull();
    expect(assignmentProblem('u1', null)).toBeNull();
  });

  it('counts 12 months back by calendar, clamping to the end of a short month', () => {
    expect(monthsBefore('2026-12-04', 12)).toBe('2025-12-04');
    expect(monthsBefore('2024-02-29', 12)).toBe('2023-02-28');
  });

  it('orders steps by recorded position, then the template order', () => {
    expect(orderedSteps(steps, new Map([['report', { position: 1 }]])).map((s) => s.id)).toEqual([
      'report',
      'contain',
    ]);
  });
});

describe('policy model: obligations, suggestions, trend', () => {
  it('lists the countries of operation the content does not fully cover, as the results do', () => {
    const j = (id: string, country: string, scope: 'national' | 'supranational' | 'regional') => ({
      id,
      name: id,
      appliesIf: { in: [country, { var: 'countries' }] },
      lastReviewed: '2026-12-01',
      covers: [country],
      scope,
      obligations: [],
    });
    const catalogue = {
      profile: [],
      jurisdictions: [
        j('GB', 'GB', 'national'),
        j('US-STATES', 'US', 'regional'),
        j('EU', 'FR', 'supranational'),
      ],
    } as unknown as Pick<Catalogue, 'jurisdictions' | 'profile'>;
    expect(
      countriesNotCovered(catalogue, { countries: ['GB', 'US', 'NO', 'FR'] }).map((c) => [
        c.country,
        c.status,
      ]),
    ).toEqual([
      ['US', 'partly_covered'],
      ['NO', 'not_covered'],
      ['FR', 'partly_covered'],
    ]);
  });

  it('suggests answers from adopted and missing clauses with their basis, never for not applicable', () => {
    const catalogue = {
      clauses: [
        clause('a', { controls: ['C1'] }),
        clause('b', { controls: ['C2'] }),
        clause('c', { controls: ['C3'] }),
      ],
      actionPlan: [],
      domains: [
        {
          controls: ['C1', 'C2', 'C3'].map((id) => ({
            id,
            questions: [
              {
                id: `${id}-Q1`,
                controlId: id,
                section: 'hr',
                type: 'yes_no_partial' as const,
                weight: 1,
                helpSources: [],
                text: 'q',
              },
            ],
          })),
        },
      ],
    } as unknown as Catalogue;
    const records = new Map([
      ['a', { state: 'adopted' as const, adoptedOn: '2026-10-01', lastReviewedOn: null }],
      ['b', { state: 'missing' as const, adoptedOn: null, lastReviewedOn: null }],
      ['c', { state: 'not_applicable' as const, adoptedOn: null, lastReviewedOn: null }],
    ]);
    expect(auditSuggestions(catalogue, records, new Map())).toEqual([
      {
        questionId: 'C1-Q1',
        controlId: 'C1',
        section: 'hr',
        value: 'yes',
        basis: 'clause 1 "Title a" adopted on 2026-10-01',
        from: { kind: 'clause', id: 'a' },
      },
      {
        questionId: 'C2-Q1',
        controlId: 'C2',
        section: 'hr',
        value: 'no',
        basis: 'clause 2 "Title b" recorded as missing',
        from: { kind: 'clause', id: 'b' },
      },
    ]);
  });

  it('reads the trend from the last two scored audits', () => {
    expect(trendDirection([{ overall: 40 }])).toBeNull();
    expect(trendDirection([{ overall: 40 }, { overall: null }, { overall: 55 }])).toBe('up');
    expect(trendDirection([{ overall: 55 }, { overall: 54.5 }])).toBe('flat');
    expect(trendDirection([{ overall: 55 }, { overall: 30 }])).toBe('down');
  });
});

describe('policy model: gaps as remediation items', () => {
  const catalogue = {
    clauses: [clause('a'), clause('b'), clause('c'), clause('d', { appliesIf: { var: 'works_council' } })],
  };
  const clauses = clausesFor(catalogue, {});
  const steps = [step('s1'), step('s2')];
  const plan = (
    records: Map<string, { ownerUserId: string | null; deputyUserId: string | null }>,
    reviewedOn: string | null,
  ) =>
    planCompleteness({
      steps,
      records,
      reviewedOn,
      reportsWithoutRoute: [{ obligationId: 'DE-1', jurisdictionName: 'Germany' }],
      today: '2026-12-01',
    });

  it('makes one gap per clause not covered, step without owner and deputy, stale review and missing route', () => {
    const gaps = policyModelGaps({
      clauses,
      clauseRecords: new Map([
        ['a', { state: 'adopted' as const }],
        ['b', { state: 'not_applicable' as const }],
        ['c', { state: 'missing' as const }],
      ]),
      plan: plan(new Map([['s1', { ownerUserId: 'u1', deputyUserId: 'u2' }]]), '2025-06-01'),
      steps,
      obligationSources: new Map([['DE-1', ['L1']]]),
    });
    expect(gaps.map((g) => [g.key, g.priority])).toEqual([
      ['clause:c', 'P2'],
      ['plan-step:s2', 'P2'],
      ['plan-review', 'P3'],
      ['route:DE-1', 'P1'],
    ]);
    expect(gaps[0].title).toBe('Adopt policy clause 3: Title c');
    expect(gaps[3].sourceIds).toEqual(['L1']);
    expect(gaps.every((g) => g.steps.length > 0 && g.targetDays > 0)).toBe(true);
  });

  it('makes no gap for a complete model', () => {
    const all = new Map(['a', 'b', 'c'].map((id) => [id, { state: 'adapted' as const }]));
    const owners = new Map(steps.map((s) => [s.id, { ownerUserId: 'u1', deputyUserId: 'u2' }]));
    const complete = planCompleteness({
      steps,
      records: owners,
      reviewedOn: '2026-11-01',
      reportsWithoutRoute: [],
      today: '2026-12-01',
    });
    expect(
      policyModelGaps({ clauses, clauseRecords: all, plan: complete, steps, obligationSources: new Map() }),
    ).toEqual([]);
  });

  it('creates items for new gaps, verifies items whose gap is gone and reopens done items whose gap remains', () => {
    const gaps = policyModelGaps({
      clauses,
      clauseRecords: new Map(),
      plan: plan(new Map(steps.map((s) => [s.id, { ownerUserId: 'u1', deputyUserId: 'u2' }])), '2026-11-01'),
      steps,
      obligationSources: new Map(),
    });
    const r = reconcilePolicyGaps(gaps, [
      { key: 'clause:a', status: 'open' },
      { key: 'clause:b', status: 'done' },
      { key: 'plan-review', status: 'in_progress' },
    ]);
    expect(r.create.map((g) => g.key)).toEqual(['clause:c', 'route:DE-1']);
    expect(r.verify.map((i) => i.key)).toEqual(['plan-review']);
    expect(r.reopen.map((i) => i.key)).toEqual(['clause:b']);
  });
});
