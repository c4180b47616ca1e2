import type { ClauseView } from '@aup/contracts';
import { isCovered, type ClauseState } from '@aup/domain';
import { PutClauseDto, PutPlanStepDto } from '../../apps/api/src/policy-model/dto/policy-model.dto';
import { PolicyModelModule } from '../../apps/api/src/policy-model/policy-model.module';
import { PolicyModelService } from '../../apps/api/src/policy-model/policy-model.service';
import { MULTINATIONAL } from './support/audit-steps';
import {
  addMember,
  newOrganisation,
  newUser,
  refusal,
  startServices,
  type Caller,
  type ServiceHarness,
} from './support/service-harness';

describe('PolicyModelService on a real database', () => {
  let h: ServiceHarness;
  let service: PolicyModelService;
  let co: Caller;
  let respondent: Caller;
  /** Clauses that apply to the organisation, none recorded yet. */
  let clauses: ClauseView[];

  const putClause = (id: string, version: number | undefined, body: object) =>
    service.putClause(co, id, version, PutClauseDto.create(body));
  const putStep = (id: string, version: number | undefined, body: object) =>
    service.putStep(co, id, version, PutPlanStepDto.create(body));

  beforeAll(async () => {
    h = await startServices([PolicyModelModule]);
    service = h.get(PolicyModelService);
    const admin = await newOrganisation(h, MULTINATIONAL);
    co = await addMember(h, admin, 'compliance_officer');
    respondent = await addMember(h, admin, 'respondent');
    clauses = (await service.clauses(co)).items.filter((c) => c.applies && !c.variants.length && c.text);
  });
  afterAll(() => h.close());

  describe('clause states and the coverage they give', () => {
    /** What each state needs, and whether it counts towards coverage. */
    const cases: {
      state: ClauseState;
      needs: Record<string, string>;
      refusedWithout?: string;
      counted: boolean;
    }[] = [
      {
        state: 'not_applicable',
        needs: { reason: 'We run no guest network.' },
        refusedWithout: 'CLAUSE.REASON_REQUIRED',
        counted: false,
      },
      {
        state: 'adapted',
        needs: { wording: 'Our own wording of the rule.' },
        refusedWithout: 'CLAUSE.WORDING_REQUIRED',
        counted: true,
      },
      { state: 'adopted', needs: {}, counted: true },
      { state: 'missing', needs: {}, counted: true },
    ];
    it.each(cases.map((c, i) => ({ ...c, i })))(
      '$state (refused without what it needs: $refusedWithout)',
      async ({ state, needs, refusedWithout, counted, i }) => {
        const clause = clauses[i];
        const before = (await service.clauses(co)).coverage;
        if (refusedWithout) {
          const e = await refusal(putClause(clause.id, undefined, { state }), 422, refusedWithout);
          expect(e.extensions.pointer).toBe(`/${Object.keys(needs)[0]}`);
        }
        const saved = await putClause(clause.id, undefined, { state, ...needs });
        expect(saved).toMatchObject({ state, version: 1 });
        const after = (await service.clauses(co)).coverage;
        expect(after.counted).toBe(before.counted - (counted ? 0 : 1));
        expect(after.covered).toBe(before.covered + (isCovered(state) ? 1 : 0));
        expect(after.missing.some((m) => m.clauseId === clause.id)).toBe(counted && !isCovered(state));
        expect(after.coveragePct).toBe(Math.round((1000 * after.covered) / after.counted) / 10);
      },
    );

    it('needs the current version once a clause is recorded, a known clause and a known variant', async () => {
      const clause = clauses[0];
      await refusal(
        putClause(clause.id, undefined, { state: 'missing' }),
        428,
        'REQUEST.PRECONDITION_REQUIRED',
      );
      const e = await refusal(putClause(clause.id, 7, { state: 'missing' }), 409, 'POLICY.VERSION_CONFLICT');
      expect(e.extensions.current).toMatchObject({ id: clause.id, version: 1, state: 'not_applicable' });
      await refusal(putClause('NO-SUCH-CLAUSE', undefined, { state: 'adopted' }), 404, 'RESOURCE.NOT_FOUND');
      await refusal(
        putClause(clause.id, 1, { state: 'adopted', variantId: 'no-such-variant' }),
        422,
        'CLAUSE.UNKNOWN_VARIANT',
      );
    });
  });

  describe('action plan steps', () => {
    let stepId: string;
    beforeAll(async () => {
      stepId = (await service.actionPlan(co)).steps[0].id;
    });

    it('refuses an owner who is also the deputy, non-members and a route that is not a public page or number', async () => {
      const same = await refusal(
        putStep(stepId, undefined, { ownerUserId: co.userId, deputyUserId: co.userId }),
        422,
        'PLAN.OWNER_IS_DEPUTY',
      );
      expect(same.extensions.pointer).toBe('/deputyUserId');
      const outsider = await newUser(h, 'outsider');
      const notMember = await refusal(
        putStep(stepId, undefined, { ownerUserId: co.userId, deputyUserId: outsider }),
        422,
        'POLICY.NOT_MEMBER',
      );
      expect(notMember.extensions.pointer).toBe('/deputyUserId');
      const route = await refusal(
        putStep(stepId, undefined, {
          contacts: [{ kind: 'police', role: 'Cybercrime unit', route: 'http://example.com' }],
        }),
        422,
        'POLICY.ROUTE_NOT_ACCEPTED',
      );
      expect(route.extensions.pointer).toBe('/contacts/0/route');
      await refusal(putStep('no-such-step', undefined, {}), 404, 'RESOURCE.NOT_FOUND');
      expect((await service.actionPlan(co)).steps[0].version).toBe(0);
    });

    it('an owner and a different deputy meet the step’s completeness rules', async () => {
      const problems = async () =>
        (await service.actionPlan(co)).completeness.problems
          .filter((p) => p.stepId === stepId)
          .map((p) => p.code);
      const assignment = ['PLAN.OWNER_MISSING', 'PLAN.DEPUTY_MISSING'];
      expect(await problems()).toEqual(expect.arrayContaining(assignment));
      const saved = await putStep(stepId, undefined, {
        ownerUserId: co.userId,
        deputyUserId: respondent.userId,
      });
      expect(saved).toMatchObject({ ownerUserId: co.userId, deputyUserId: respondent.userId, version: 1 });
      expect((await problems()).filter((c) => assignment.includes(c))).toEqual([]);
      await refusal(putStep(stepId, 0, {}), 409, 'POLICY.VERSION_CONFLICT');
    });
  });
});
