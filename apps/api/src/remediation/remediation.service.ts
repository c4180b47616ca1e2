import { HttpStatus, Injectable } from '@nestjs/common';
import type {
  CursorPage,
  RemediationCommentView,
  RemediationHistoryEntry,
  RemediationItemSummary,
  RemediationItemView,
  RemediationSort,
  RemediationSummaryView,
} from '@aup/contracts';
import {
  RemediationRepository,
  Transactions,
  type ItemChanges,
  type RemediationItemRecord,
  type RemediationListFilter,
  type RemediationSortSpec,
} from '@aup/db';
import {
  addDays,
  availableMoves,
  carryOverOutcome,
  checkAcceptance,
  checkTransition,
  itemsFromPlan,
  progressPercent,
  transitionRule,
  unexplainedSteps,
  utcDay,
  type AuditResult,
  type Catalogue,
  type RemediationActor,
} from '@aup/domain';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import type { CurrentMembershipInfo } from '../common/principal';
import { assertContentFree } from '../common/content-screening';
import { ProblemException } from '../common/problem';
import type {
  RemediationListQueryDto,
  RemediationTransitionDto,
  UpdateRemediationItemDto,
} from './dto/remediation.dto';

type Caller = CurrentMembershipInfo;

const SORTS: Record<string, Omit<RemediationSortSpec, 'desc'>> = {
  dueDate: { column: 'due_date', type: 'date' },
  priority: { column: 'priority', type: 'text' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
};
const sortSpec = (sort: RemediationSort = 'dueDate'): RemediationSortSpec => ({
  ...SORTS[sort.replace('-', '')],
  desc: sort.startsWith('-'),
});

const encodeCursor = (key: string, id: string) =>
  Buffer.from(JSON.stringify([key, id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      v.every((x) => typeof x === 'string') &&
      /^[0-9a-f-]{36}$/i.test(v[1] as string)
    )
      return v as [string, string];
  } catch {
    // fall through
  }
  throw new ProblemException(
    HttpStatus.BAD_REQUEST,
    'REQUEST.INVALID_CURSOR',
    'Invalid cursor',
    'Pass back the nextCursor of the previous page unchanged.',
  );
}

const isManager = (c: Caller) => c.role === 'admin' || c.role === 'compliance_officer';

export const itemNotFound = () =>
  new ProblemException(
    HttpStatus.NOT_FOUND,
    'RESOURCE.NOT_FOUND',
    'Not found',
    'The remediation item does not exist or you have no access to it.',
  );

const ifMatchRequired = () =>
  new ProblemException(
    HttpStatus.PRECONDITION_REQUIRED,
    'REQUEST.PRECONDITION_REQUIRED',
    'If-Match required',
    'Send If-Match with the version of the item you edited (its ETag).',
  );

/** Remediation items: made from a submitted audit's plan, worked through their lifecycle, judged by the next audit. */
@Injectable()
export class RemediationService {
  constructor(
    private readonly transactions: Transactions,
    readonly repo: RemediationRepository,
    private readonly trail: AuditTrailService,
  ) {}

  /**
   * Serialises item creation per organisation until the transaction ends. Taken before anything that locks
   * the organisation's portfolio row (a result snapshot, the organisation row), as the policy model does.
   */
  lockOrganisation(organisationId: string): Promise<void> {
    return this.repo.lockOrganisation(organisationId);
  }

  /**
   * Runs inside the submit transaction (which holds the organisation's lock already): judges the organisation's items against the new result (all
   * controls passing: verified; a `done` item still failing: reopened as not effective), then makes
   * items of the gaps no item covers yet.
   */
  async onAuditSubmitted(
    caller: Caller,
    auditId: string,
    result: AuditResult,
    catalogue: Catalogue,
    now: Date,
  ): Promise<void> {
    const org = caller.organisationId;
    await this.lockOrganisation(org);
    const failing = new Set(result.gaps.map((g) => g.controlId));
    const events = [];
    for (const item of await this.repo.itemsToJudge(org)) {
      const { outcome, failing: stillFailing } = carryOverOutcome(item.status, item.controlIds, failing);
      await this.repo.recordAuditOutcome(item.id, org, auditId, outcome, stillFailing);
      if (outcome === 'verified') {
        await this.repo.update(item.id, {
          status: 'verified',
          verifiedByAuditId: auditId,
          verifiedAt: now,
        });
        events.push({
          entityId: item.id,
          action: 'verified',
          before: { status: item.status },
          after: { status: 'verified', auditId },
        });
      } else if (outcome === 'not_effective') {
        await this.repo.update(item.id, {
          status: 'open',
          notEffective: { auditId, controlIds: stillFailing },
          doneAt: null,
        });
        events.push({
          entityId: item.id,
          action: 'not_effective',
          before: { status: item.status },
          after: { status: 'open', auditId, failingControls: stillFailing },
        });
      }
    }
    const today = utcDay(now);
    const drafts = itemsFromPlan(result, catalogue, await this.repo.coveredControls(org)).map((d) => ({
      ...d,
      dueDate: addDays(today, d.targetDays),
    }));
    const ids = await this.repo.insertItems(org, auditId, drafts);
    ids.forEach((id, i) =>
      events.push({
        entityId: id,
        action: 'created',
        before: null,
        after: {
          auditId,
          title: drafts[i].title,
          priority: drafts[i].priority,
          dueDate: drafts[i].dueDate,
          controlIds: drafts[i].controls.map((c) => c.controlId),
        },
      }),
    );
    if (events.length) {
      await this.trail.appendAll(
        events.map((e) => ({
          organisationId: org,
          actorUserId: caller.userId,
          entity: 'remediation_item',
          ...e,
        })),
      );
    }
  }

  /** Runs inside the create transaction of a new audit: links every item not yet verified to it. */
  async onAuditCreated(caller: Caller, auditId: string): Promise<void> {
    const linked = await this.repo.linkOpenItems(caller.organisationId, auditId);
    if (linked.length) {
      await this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'audit',
        entityId: auditId,
        action: 'remediation_carried_over',
        after: { itemIds: linked },
      });
    }
  }

  async list(caller: Caller, q: RemediationListQueryDto): Promise<CursorPage<RemediationItemSummary>> {
    return this.page(
      [caller.organisationId],
      caller.role === 'respondent' ? caller.userId : undefined,
      caller.userId,
      q,
    );
  }

  /** Items the user owns or deputises, across all their organisations. */
  async mine(userId: string, q: RemediationListQueryDto): Promise<CursorPage<RemediationItemSummary>> {
    const orgs = await this.repo.memberOrganisationIds(userId);
    return this.page(orgs, userId, userId, q);
  }

  private async page(
    organisationIds: string[],
    visibleTo: string | undefined,
    me: string,
    q: RemediationListQueryDto,
  ): Promise<CursorPage<RemediationItemSummary>> {
    const limit = q.limit ?? 50;
    const { items, total } = await this.repo.list(
      this.filter(organisationIds, visibleTo, me, q),
      sortSpec(q.sort),
      limit + 1,
      q.cursor ? decodeCursor(q.cursor) : undefined,
      { prepared: true },
    );
    const more = items.length > limit;
    const pageItems = items.slice(0, limit);
    const last = pageItems[pageItems.length - 1];
    const today = utcDay(new Date());
    return {
      items: pageItems.map((i) => this.summaryView(i, today)),
      total,
      limit,
      nextCursor: more && last ? encodeCursor(last.sortKey, last.id) : null,
    };
  }

  private filter(
    organisationIds: string[],
    visibleTo: string | undefined,
    me: string,
    q: RemediationListQueryDto,
  ): RemediationListFilter {
    return {
      organisationIds,
      visibleTo,
      statuses: q.status?.split(','),
      priorities: q.priority?.split(','),
      assignee: q.owner === 'me' ? me : q.owner,
      controlId: q.controlId,
      overdueOn: q.overdue ? utcDay(new Date()) : undefined,
      auditId: q.auditId,
    };
  }

  /** The filtered list as CSV (at most 10,000 rows), in the list's order. */
  async exportCsv(caller: Caller, q: RemediationListQueryDto): Promise<string> {
    const filter = this.filter(
      [caller.organisationId],
      caller.role === 'respondent' ? caller.userId : undefined,
      caller.userId,
      q,
    );
    const { items } = await this.repo.list(filter, sortSpec(q.sort), 10_000);
    const today = utcDay(new Date());
    const cell = (v: unknown) => {
      const s = v === null || v === undefined ? '' : String(v);
      // A leading =, +, - or @ would be a formula in a spreadsheet.
      const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
      return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    };
    const header = [
      'id',
      'title',
      'status',
      'priority',
      'effort',
      'owner_user_id',
      'deputy_user_id',
      'due_date',
      'overdue',
      'progress',
      'controls',
      'origin_audit_id',
    ];
    const lines = items.map((i) => {
      const v = this.summaryView(i, today);
      return [
        v.id,
        v.title,
        v.status,
        v.priority,
        v.effort,
        v.ownerUserId,
        v.deputyUserId,
        v.dueDate,
        v.overdue,
        v.progress,
        v.controlIds.join(' '),
        v.originAuditId,
      ]
        .map(cell)
        .join(',');
    });
    return [header.join(','), ...lines].join('\r\n') + '\r\n';
  }

  async get(caller: Caller, itemId: string): Promise<RemediationItemView> {
    return this.view(caller, await this.readable(caller, itemId));
  }

  async update(
    caller: Caller,
    itemId: string,
    expected: number | undefined,
    dto: UpdateRemediationItemDto,
  ): Promise<RemediationItemView> {
    if (expected === undefined) throw ifMatchRequired();
    assertContentFree((dto.steps ?? []).map((s, i) => ({ pointer: `/steps/${i}/note`, value: s.note })));
    return this.transactions.run(async () => {
      const item = await this.writable(caller, itemId, expected);
      const assigning =
        dto.ownerUserId !== undefined || dto.deputyUserId !== undefined || dto.dueDate !== undefined;
      if (assigning && !isManager(caller)) {
        throw new ProblemException(
          HttpStatus.FORBIDDEN,
          'REMEDIATION.NOT_ALLOWED',
          'Not allowed',
          'Only a compliance officer or an admin changes the owner, deputy or due date.',
        );
      }
      if (item.status === 'verified') throw this.locked(item);
      const people = [dto.ownerUserId, dto.deputyUserId].filter((u): u is string => !!u);
      const members = await this.repo.members(caller.organisationId, people);
      const outsider = people.find((u) => !members.has(u));
      if (outsider)
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'REMEDIATION.NOT_MEMBER',
          'Not a member',
          'Owner and deputy must be members of the organisation.',
          { userId: outsider },
        );
      const changes: ItemChanges = {
        ownerUserId: dto.ownerUserId,
        deputyUserId: dto.deputyUserId,
        dueDate: dto.dueDate,
      };
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const key of ['ownerUserId', 'deputyUserId', 'dueDate'] as const) {
        if (changes[key] !== undefined && changes[key] !== item[key]) {
          before[key] = item[key];
          after[key] = changes[key];
        }
      }
      const steps = await this.repo.steps(itemId);
      for (const [i, s] of (dto.steps ?? []).entries()) {
        const current = steps.find((x) => x.position === s.position);
        if (!current)
          throw new ProblemException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'REMEDIATION.NO_SUCH_STEP',
            'No such step',
            `The item has no step ${s.position}.`,
            { pointer: `/steps/${i}/position` },
          );
        await this.repo.updateStep(itemId, s.position, { done: s.done, note: s.note }, caller.userId);
        before[`step${s.position}`] = { done: current.done, note: current.note };
        after[`step${s.position}`] = {
          done: s.done ?? current.done,
          note: s.note === undefined ? current.note : s.note,
        };
      }
      if (!Object.keys(after).length) return this.view(caller, item);
      await this.repo.update(itemId, Object.keys(before).some((k) => !k.startsWith('step')) ? changes : {});
      await this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'remediation_item',
        entityId: itemId,
        action: 'updated',
        before,
        after,
      });
      return this.view(caller, (await this.repo.find(caller.organisationId, itemId))!);
    });
  }

  async transition(
    caller: Caller,
    itemId: string,
    expected: number | undefined,
    dto: RemediationTransitionDto,
  ): Promise<RemediationItemView> {
    if (expected === undefined) throw ifMatchRequired();
    assertContentFree([
      { pointer: '/reason', value: dto.reason },
      { pointer: '/note', value: dto.note },
      { pointer: '/justification', value: dto.justification },
      ...(dto.evidence ?? []).map((e, i) => ({ pointer: `/evidence/${i}/title`, value: e.title })),
    ]);
    return this.transactions.run(async () => {
      const item = await this.writable(caller, itemId, expected);
      const refusal = checkTransition(dto.move, item.status, this.actorOf(caller, item));
      if (refusal) {
        throw new ProblemException(
          refusal.code === 'REMEDIATION.NOT_ALLOWED' ? HttpStatus.FORBIDDEN : HttpStatus.CONFLICT,
          refusal.code,
          'Move not possible',
          refusal.detail,
          { itemStatus: item.status },
        );
      }
      const rule = transitionRule(dto.move);
      const today = utcDay(new Date());
      const changes: ItemChanges = { status: rule.to };
      const extra: Record<string, unknown> = {};
      if (rule.needs === 'reason') {
        if (!dto.reason?.trim())
          throw this.invalid('REMEDIATION.REASON_REQUIRED', 'Blocking an item needs a reason.', '/reason');
        Object.assign(changes, { blockedReason: dto.reason, blockedOn: today });
        extra.reason = dto.reason;
      }
      if (item.status === 'blocked' && rule.to !== 'blocked')
        Object.assign(changes, { blockedReason: null, blockedOn: null });
      if (rule.needs === 'closure') {
        const missing = unexplainedSteps(await this.repo.steps(itemId));
        if (missing.length) {
          throw new ProblemException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'REMEDIATION.STEPS_INCOMPLETE',
            'Steps not done',
            'Tick every step or add a note to each unticked one saying why it is not needed.',
            {
              positions: missing,
            },
          );
        }
        Object.assign(changes, {
          closureNote: dto.note ?? null,
          closureEvidence: dto.evidence ?? [],
          doneAt: new Date(),
          notEffective: null,
        });
        extra.note = dto.note ?? null;
        extra.evidence = dto.evidence ?? [];
      }
      if (rule.needs === 'acceptance') {
        const controls = await this.repo.controls(itemId);
        const refused = checkAcceptance(
          dto,
          today,
          controls.filter((c) => c.criticalLegal).map((c) => c.controlId),
        );
        if (refused) throw this.invalid(refused.code, refused.detail, refused.pointer);
        const approvers = await this.repo.members(
          caller.organisationId,
          [dto.approverUserId!],
          ['admin', 'compliance_officer'],
        );
        if (!approvers.size)
          throw this.invalid(
            'REMEDIATION.ACCEPTANCE_INVALID',
            'The approver must be a compliance officer or an admin of the organisation.',
            '/approverUserId',
          );
        const acceptance = {
          justification: dto.justification!,
          approverUserId: dto.approverUserId!,
          expiresOn: dto.expiresOn!,
          acceptedBy: caller.userId,
          acceptedAt: new Date().toISOString(),
        };
        Object.assign(changes, { acceptance, acceptanceExpiresOn: dto.expiresOn });
        extra.acceptance = acceptance;
      }
      if (item.status === 'risk_accepted' && rule.to !== 'risk_accepted')
        Object.assign(changes, { acceptanceExpiresOn: null });
      if (item.status === 'done' && rule.to === 'open') changes.doneAt = null;
      await this.repo.update(itemId, changes);
      await this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'remediation_item',
        entityId: itemId,
        action: dto.move,
        before: { status: item.status },
        after: { status: rule.to, ...extra },
      });
      return this.view(caller, (await this.repo.find(caller.organisationId, itemId))!);
    });
  }

  async comments(caller: Caller, itemId: string): Promise<RemediationCommentView[]> {
    await this.readable(caller, itemId);
    return (await this.repo.comments(itemId)).map((c) => ({
      ...c,
      itemId,
      createdAt: c.createdAt.toISOString(),
    }));
  }

  async addComment(caller: Caller, itemId: string, body: string): Promise<RemediationCommentView> {
    assertContentFree([{ pointer: '/body', value: body }]);
    return this.transactions.run(async () => {
      const item = await this.readable(caller, itemId);
      if (this.actorOf(caller, item) === 'other')
        throw new ProblemException(
          HttpStatus.FORBIDDEN,
          'REMEDIATION.NOT_ALLOWED',
          'Not allowed',
          'Only managers and the item’s owner or deputy comment on it.',
        );
      const c = await this.repo.addComment(itemId, caller.organisationId, caller.userId, body);
      await this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'remediation_item',
        entityId: itemId,
        action: 'commented',
        after: { commentId: c.id },
      });
      return { id: c.id, itemId, authorUserId: caller.userId, body, createdAt: c.createdAt.toISOString() };
    });
  }

  /** The item's changes from the audit trail, oldest first: its whole history across audits. */
  async history(caller: Caller, itemId: string): Promise<RemediationHistoryEntry[]> {
    await this.readable(caller, itemId);
    const { items } = await this.trail.list(
      caller.organisationId,
      { entity: 'remediation_item', entityId: itemId },
      500,
      0,
    );
    return items
      .map((e) => ({
        action: e.action,
        actorUserId: e.actorUserId,
        at: e.at,
        before: e.before,
        after: e.after,
      }))
      .sort((a, b) => a.at.localeCompare(b.at));
  }

  async summary(caller: Caller): Promise<RemediationSummaryView> {
    const now = new Date();
    const quarterStart = new Date(Date.UTC(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) * 3, 1));
    return this.repo.summary(caller.organisationId, utcDay(now), utcDay(quarterStart));
  }

  private actorOf(caller: Caller, item: RemediationItemRecord): RemediationActor {
    if (isManager(caller)) return 'manager';
    if (
      caller.role === 'respondent' &&
      (item.ownerUserId === caller.userId || item.deputyUserId === caller.userId)
    )
      return 'assignee';
    return 'other';
  }

  /** The item of the caller's organisation; respondents see only items they own or deputise. */
  private async readable(caller: Caller, itemId: string, lock = false): Promise<RemediationItemRecord> {
    const item = await this.repo.find(caller.organisationId, itemId, lock);
    if (!item) throw itemNotFound();
    if (
      caller.role === 'respondent' &&
      item.ownerUserId !== caller.userId &&
      item.deputyUserId !== caller.userId
    ) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'REMEDIATION.NOT_YOURS',
        'Not your item',
        'Respondents see and work on the items they own or deputise.',
      );
    }
    return item;
  }

  private async writable(caller: Caller, itemId: string, expected: number): Promise<RemediationItemRecord> {
    const item = await this.readable(caller, itemId, true);
    if (item.version !== expected) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'REMEDIATION.VERSION_CONFLICT',
        'The item has changed',
        `You sent version ${expected}; the item is at version ${item.version}. Reload it and try again.`,
        {
          current: await this.view(caller, item),
        },
      );
    }
    return item;
  }

  private locked(item: RemediationItemRecord) {
    return new ProblemException(
      HttpStatus.CONFLICT,
      'REMEDIATION.INVALID_TRANSITION',
      'Item is verified',
      'A verified item is closed; a later audit that finds the gap again makes a new item.',
      { itemStatus: item.status },
    );
  }

  private invalid(code: string, detail: string, pointer?: string) {
    return new ProblemException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      code,
      'Not possible',
      detail,
      pointer ? { pointer } : {},
    );
  }

  private summaryView(i: RemediationItemRecord, today: string): RemediationItemSummary {
    return {
      id: i.id,
      organisationId: i.organisationId,
      originAuditId: i.originAuditId,
      source: i.source,
      sourceKey: i.sourceKey,
      title: i.title,
      priority: i.priority,
      effort: i.effort,
      ownerRole: i.ownerRole,
      ownerUserId: i.ownerUserId,
      deputyUserId: i.deputyUserId,
      dueDate: i.dueDate,
      status: i.status,
      controlIds: i.controlIds,
      progress: progressPercent(
        Array.from({ length: i.stepsTotal }, (_, k) => ({ done: k < i.stepsDone })),
        i.status,
      ),
      overdue: ['open', 'in_progress', 'blocked'].includes(i.status) && i.dueDate < today,
      version: i.version,
      createdAt: i.createdAt.toISOString(),
      updatedAt: i.updatedAt.toISOString(),
    };
  }

  private async view(caller: Caller, i: RemediationItemRecord): Promise<RemediationItemView> {
    const controls = await this.repo.controls(i.id);
    const steps = await this.repo.steps(i.id);
    const audits = await this.repo.audits(i.id);
    return {
      ...this.summaryView(i, utcDay(new Date())),
      statusChangedAt: i.statusChangedAt.toISOString(),
      blockedReason: i.blockedReason,
      closureNote: i.closureNote,
      closureEvidence: i.closureEvidence,
      acceptance: i.acceptance,
      verifiedByAuditId: i.verifiedByAuditId,
      verifiedAt: i.verifiedAt?.toISOString() ?? null,
      notEffective: i.notEffective,
      controls,
      steps: steps.map((s) => ({ ...s, doneAt: s.doneAt?.toISOString() ?? null })),
      audits: audits.map((a) => ({ ...a, linkedAt: a.linkedAt.toISOString() })),
      moves: availableMoves(i.status, this.actorOf(caller, i)),
    };
  }
}
