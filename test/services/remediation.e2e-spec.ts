import { RemediationRepository } from '@aup/db';
import {
  addDays,
  availableMoves,
  REMEDIATION_STATUSES,
  REMEDIATION_TRANSITIONS,
  utcDay,
  type RemediationActor,
  type RemediationMove,
  type RemediationStatus,
} from '@aup/domain';
import { AnswersModule } from '../../apps/api/src/answers/answers.module';
import { RemediationModule } from '../../apps/api/src/remediation/remediation.module';
import { RemediationService } from '../../apps/api/src/remediation/remediation.service';
import {
  RemediationListQueryDto,
  RemediationTransitionDto,
  UpdateRemediationItemDto,
} from '../../apps/api/src/remediation/dto/remediation.dto';
import { MULTINATIONAL, submittedAudit } from './support/audit-steps';
import {
  addMember,
  newOrganisation,
  refusal,
  startServices,
  type Caller,
  type ServiceHarness,
} from './support/service-harness';

const today = () => utcDay(new Date());

type TransitionRequest = { move: RemediationMove } & Record<string, unknown>;

/** A valid request for each move (what the move needs, so only the lifecycle can refuse it). */
function request(move: RemediationMove, approverUserId: string): TransitionRequest {
  switch (move) {
    case 'block':
      return { move, reason: 'Waiting for the vendor’s contract.' };
    case 'complete':
      return { move, note: 'Rolled out to every site.' };
    case 'accept_risk':
      return {
        move,
        justification: 'Covered by the group policy until the merger closes.',
        approverUserId,
        expiresOn: addDays(today(), 30),
      };
    default:
      return { move };
  }
}

describe('RemediationService on a real database', () => {
  let h: ServiceHarness;
  let service: RemediationService;
  let repo: RemediationRepository;
  let co: Caller;
  let owner: Caller;
  let otherRespondent: Caller;
  let auditor: Caller;
  /** Items of the first audit: none of `plain`'s controls is critical and grounded in law, one of `legal`'s is. */
  let itemIds: string[];
  let plain: string;
  let legal: string | undefined;
  let actors: Record<RemediationActor, Caller>;

  /** Requests go through the routes' own schemas, as the validation pipe hands them to the service. */
  const move = (caller: Caller, itemId: string, version: number | undefined, body: TransitionRequest) =>
    service.transition(caller, itemId, version, RemediationTransitionDto.create(body));
  const update = (caller: Caller, itemId: string, version: number | undefined, body: object) =>
    service.update(caller, itemId, version, UpdateRemediationItemDto.create(body));
  const allItems = () => service.list(co, RemediationListQueryDto.create({ limit: 200 }));

  /** Puts the item in `status` (as earlier moves would have) and returns its version. */
  async function setStatus(itemId: string, status: RemediationStatus): Promise<number> {
    await repo.update(itemId, { status });
    return (await repo.find(co.organisationId, itemId))!.version;
  }

  beforeAll(async () => {
    h = await startServices([RemediationModule, AnswersModule]);
    service = h.get(RemediationService);
    repo = h.get(RemediationRepository);
    const admin = await newOrganisation(h, MULTINATIONAL);
    co = await addMember(h, admin, 'compliance_officer');
    owner = await addMember(h, admin, 'respondent');
    otherRespondent = await addMember(h, admin, 'respondent');
    auditor = await addMember(h, admin, 'auditor');
    actors = { manager: co, assignee: owner, other: auditor };
    await submittedAudit(h, co, () => false);
    itemIds = (await allItems()).items.map((i) => i.id);
    const controls = await Promise.all(itemIds.map((id) => repo.controls(id)));
    plain = itemIds[controls.findIndex((cs) => cs.every((c) => !c.criticalLegal))];
    legal = itemIds[controls.findIndex((cs) => cs.some((c) => c.criticalLegal))];
    const item = await service.get(co, plain);
    await update(co, plain, item.version, { ownerUserId: owner.userId });
    for (const s of item.steps) await repo.updateStep(plain, s.position, { done: true }, co.userId);
  });
  afterAll(() => h.close());

  it('made items of every gap of the submitted audit, open and linked to it', async () => {
    expect(itemIds.length).toBeGreaterThan(5);
    expect(plain).toBeDefined();
    expect((await service.get(co, plain)).status).toBe('open');
  });

  describe('every move of the lifecycle table, from every status, by every kind of actor', () => {
    const cases = REMEDIATION_TRANSITIONS.flatMap((rule) =>
      REMEDIATION_STATUSES.flatMap((from) =>
        (['manager', 'assignee', 'other'] as const).map((actor) => ({ rule, from, actor })),
      ),
    );
    it.each(cases)('$rule.move from $from by $actor', async ({ rule, from, actor }) => {
      const caller = actors[actor];
      const version = await setStatus(plain, from);
      const call = move(caller, plain, version, request(rule.move, co.userId));
      if (actor === 'other' || (actor === 'assignee' && !rule.assignee)) {
        const e = await refusal(call, 403, 'REMEDIATION.NOT_ALLOWED');
        expect(e.extensions.itemStatus).toBe(from);
      } else if (!rule.from.includes(from)) {
        const e = await refusal(call, 409, 'REMEDIATION.INVALID_TRANSITION');
        expect(e.extensions.itemStatus).toBe(from);
      } else {
        const view = await call;
        expect(view).toMatchObject({ status: rule.to, version: version + 1 });
        expect(view.moves).toEqual(availableMoves(rule.to, actor));
        expect((await repo.find(co.organisationId, plain))!.status).toBe(rule.to);
        return;
      }
      // A refused move changes nothing.
      expect((await repo.find(co.organisationId, plain))!).toMatchObject({ status: from, version });
    });
  });

  it('refuses a stale or missing version, and a respondent who neither owns nor deputises the item', async () => {
    const version = await setStatus(plain, 'open');
    const stale = await refusal(
      move(co, plain, version - 1, { move: 'start' }),
      409,
      'REMEDIATION.VERSION_CONFLICT',
    );
    expect(stale.extensions.current).toMatchObject({ id: plain, version, status: 'open' });
    await refusal(move(co, plain, undefined, { move: 'start' }), 428, 'REQUEST.PRECONDITION_REQUIRED');
    await refusal(move(otherRespondent, plain, version, { move: 'start' }), 403, 'REMEDIATION.NOT_YOURS');
    await refusal(service.get(otherRespondent, plain), 403, 'REMEDIATION.NOT_YOURS');
    await refusal(
      move(co, '00000000-0000-4000-8000-000000000000', 1, { move: 'start' }),
      404,
      'RESOURCE.NOT_FOUND',
    );
  });

  it('blocks only with a reason, and unblocking clears it', async () => {
    let version = await setStatus(plain, 'in_progress');
    const e = await refusal(
      move(owner, plain, version, { move: 'block', reason: '  ' }),
      422,
      'REMEDIATION.REASON_REQUIRED',
    );
    expect(e.extensions.pointer).toBe('/reason');
    const blocked = await move(owner, plain, version, request('block', co.userId));
    expect(blocked).toMatchObject({ status: 'blocked', blockedReason: 'Waiting for the vendor’s contract.' });
    version = blocked.version;
    expect(await move(owner, plain, version, { move: 'unblock' })).toMatchObject({
      status: 'in_progress',
      blockedReason: null,
    });
  });

  it('completes only when every step is ticked or explained', async () => {
    // The last item: the carry-over test below takes the first ones.
    const item = await service.get(co, itemIds.filter((id) => id !== plain && id !== legal).at(-1)!);
    expect(item.steps.length).toBeGreaterThan(0);
    const e = await refusal(
      move(co, item.id, item.version, { move: 'complete' }),
      422,
      'REMEDIATION.STEPS_INCOMPLETE',
    );
    expect(e.extensions.positions).toEqual(item.steps.map((_, i) => i));
    const explained = await update(co, item.id, item.version, {
      steps: item.steps.map((s) => ({ position: s.position, note: 'Not needed: no such site.' })),
    });
    const done = await move(co, item.id, explained.version, request('complete', co.userId));
    expect(done).toMatchObject({ status: 'done', closureNote: 'Rolled out to every site.', progress: 100 });
  });

  describe('risk acceptance', () => {
    const cases: { name: string; change: Record<string, unknown>; pointer: string }[] = [
      { name: 'no justification', change: { justification: ' ' }, pointer: '/justification' },
      { name: 'no approver', change: { approverUserId: undefined }, pointer: '/approverUserId' },
      { name: 'no expiry', change: { expiresOn: undefined }, pointer: '/expiresOn' },
      { name: 'an expiry today', change: { expiresOn: today() }, pointer: '/expiresOn' },
      {
        name: 'an expiry past 12 months',
        change: { expiresOn: addDays(today(), 370) },
        pointer: '/expiresOn',
      },
    ];
    it.each(cases)('refuses $name', async ({ change, pointer }) => {
      const version = await setStatus(plain, 'open');
      const e = await refusal(
        move(co, plain, version, { ...request('accept_risk', co.userId), ...change }),
        422,
        'REMEDIATION.ACCEPTANCE_INVALID',
      );
      expect(e.extensions.pointer).toBe(pointer);
    });

    it('refuses an approver who is not a compliance officer or an admin', async () => {
      const version = await setStatus(plain, 'open');
      const e = await refusal(
        move(co, plain, version, request('accept_risk', owner.userId)),
        422,
        'REMEDIATION.ACCEPTANCE_INVALID',
      );
      expect(e.extensions.pointer).toBe('/approverUserId');
    });

    it('never accepts a critical control required by law', async () => {
      expect(legal).toBeDefined();
      const version = (await repo.find(co.organisationId, legal!))!.version;
      await refusal(
        move(co, legal!, version, request('accept_risk', co.userId)),
        422,
        'REMEDIATION.CRITICAL_LEGAL_CONTROL',
      );
    });

    it('records the acceptance and clears its expiry when withdrawn', async () => {
      const version = await setStatus(plain, 'open');
      const accepted = await move(co, plain, version, request('accept_risk', co.userId));
      expect(accepted.acceptance).toMatchObject({ approverUserId: co.userId, acceptedBy: co.userId });
      const withdrawn = await move(co, plain, accepted.version, {
        move: 'withdraw_acceptance',
      });
      expect(withdrawn.status).toBe('open');
      expect((await repo.find(co.organisationId, plain))!.acceptanceExpiresOn).toBeNull();
    });
  });

  describe('update', () => {
    it('lets only managers assign, only members be assigned, and only existing steps be ticked', async () => {
      const item = await service.get(co, plain);
      await refusal(
        update(owner, plain, item.version, { dueDate: addDays(today(), 3) }),
        403,
        'REMEDIATION.NOT_ALLOWED',
      );
      const outsider = await refusal(
        update(co, plain, item.version, { deputyUserId: '00000000-0000-4000-8000-000000000000' }),
        422,
        'REMEDIATION.NOT_MEMBER',
      );
      expect(outsider.extensions.userId).toBe('00000000-0000-4000-8000-000000000000');
      await refusal(
        update(owner, plain, item.version, { steps: [{ position: 150, done: true }] }),
        422,
        'REMEDIATION.NO_SUCH_STEP',
      );
      await refusal(update(co, plain, undefined, {}), 428, 'REQUEST.PRECONDITION_REQUIRED');
      // Nothing changed: the version stays.
      expect((await update(co, plain, item.version, { ownerUserId: owner.userId })).version).toBe(
        item.version,
      );
    });
  });

  it('takes comments from managers and assignees only, and keeps every change in the item’s history', async () => {
    await refusal(service.addComment(auditor, plain, 'Looks fine to me.'), 403, 'REMEDIATION.NOT_ALLOWED');
    await refusal(service.comments(otherRespondent, plain), 403, 'REMEDIATION.NOT_YOURS');
    const comment = await service.addComment(owner, plain, 'The vendor replied today.');
    expect(await service.comments(co, plain)).toEqual([
      expect.objectContaining({ id: comment.id, authorUserId: owner.userId }),
    ]);
    const actions = (await service.history(owner, plain)).map((e) => e.action);
    expect(actions[0]).toBe('created');
    expect(actions).toEqual(expect.arrayContaining(['updated', 'block', 'unblock', 'accept_risk']));
    expect(actions.at(-1)).toBe('commented');
  });

  it('lists a person’s own items across organisations: those they own or deputise', async () => {
    const mine = await service.mine(owner.userId, RemediationListQueryDto.create({}));
    expect(mine.items.map((i) => i.id)).toEqual([plain]);
    expect((await service.mine(auditor.userId, RemediationListQueryDto.create({}))).items).toEqual([]);
  });

  it('a second submit verifies items whose controls pass and reopens done items whose controls still fail', async () => {
    const [fixed, notFixed, untouched] = itemIds.filter((id) => id !== plain && id !== legal);
    const controlsOf = async (id: string) => (await repo.controls(id)).map((c) => c.controlId);
    const fixedControls = new Set(await controlsOf(fixed));
    await setStatus(notFixed, 'done');
    await submittedAudit(h, co, (c) => fixedControls.has(c));

    expect(await service.get(co, fixed)).toMatchObject({
      status: 'verified',
      verifiedAt: expect.any(String),
    });
    const reopened = await service.get(co, notFixed);
    expect(reopened.status).toBe('open');
    expect([...(reopened.notEffective?.controlIds ?? [])].sort()).toEqual(
      (await controlsOf(notFixed)).sort(),
    );
    expect((await service.get(co, untouched)).status).toBe('open');
    // No duplicate items for gaps that already have one.
    expect((await allItems()).total).toBe(itemIds.length);

    // A verified item is closed to every change.
    const verified = await service.get(co, fixed);
    expect(verified.moves).toEqual([]);
    await refusal(
      update(co, fixed, verified.version, { dueDate: addDays(today(), 9) }),
      409,
      'REMEDIATION.INVALID_TRANSITION',
    );
  });
});
