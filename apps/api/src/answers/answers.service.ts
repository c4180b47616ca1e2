import { HttpStatus, Injectable } from '@nestjs/common';
import type { AnswerHistoryEntry, AnswerView, BatchItemError, CommentView } from '@aup/contracts';
import {
  AnswerRepository,
  MembersRepository,
  pgError,
  type AnswerCommentRecord,
  Transactions,
  type EvidenceRefData,
  AuditRepository,
} from '@aup/db';
import {
  canSendBack,
  catalogueIndex,
  isHttpUrl,
  screenFields,
  STATUS_LOCKS,
  validateAnswer,
  type FieldScreeningFinding,
  type Question,
} from '@aup/domain';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import {
  assertCanReadSection,
  assertUnlocked,
  assignedSections,
  auditNotFound,
  findAudit,
  isManager,
  lockedAudit,
  sectionNotAssigned,
  type Caller,
} from '../audits/audit-access';
import { CatalogueStore } from '../audits/catalogue-store.service';
import { contentNotAccepted } from '../common/content-screening';
import { ProblemException } from '../common/problem';
import { loadAnswers, toAnswerView } from '../audits/answer-views';
import { SaveContextCache, type SaveContext } from './save-context';
import type { BatchAnswerItemDto, PutAnswerDto } from './dto/answer-request.dto';

/** What an answer is checked against before it is written: the questions shown, the sections the caller may answer. */
interface AnswerScope {
  visible: ReadonlySet<string>;
  writable: ReadonlySet<string> | 'all';
}

/** How many times a save is tried again when the profile it was checked against changed meanwhile. */
const SAVE_ATTEMPTS = 3;

interface PreparedAnswer {
  question: Question;
  value: unknown;
  justification: string | null;
  note: string | null;
  evidence: EvidenceRefData[];
}

/** One answer to save: the question, the version it was based on (none: create), the body and where its errors point. */
interface SaveItem {
  questionId: string;
  expected: number | undefined;
  dto: PutAnswerDto;
  pointer: string;
}

const questionNotFound = (questionId: string) =>
  new ProblemException(
    HttpStatus.NOT_FOUND,
    'QUESTION.NOT_FOUND',
    'No such question',
    `The audit's framework has no question '${questionId}'.`,
    { questionId },
  );

const contextChanged = () =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'ANSWER.CONTEXT_CHANGED',
    'The organisation profile is changing',
    "The organisation's profile changed while the answers were being saved; nothing was saved. Try again.",
  );

/** Saving answers (one or a batch, all or nothing), their history and reviewer comments. */
@Injectable()
export class AnswersService {
  constructor(
    private readonly audits: AuditRepository,
    private readonly transactions: Transactions,
    private readonly answers: AnswerRepository,
    private readonly members: MembersRepository,
    private readonly catalogues: CatalogueStore,
    private readonly trail: AuditTrailService,
    private readonly saveContexts: SaveContextCache,
  ) {}

  /** One answer; a refusal is the item's own problem (404, 403, 422, 409 with `current`). */
  async put(
    caller: Caller,
    auditId: string,
    questionId: string,
    expectedVersion: number | undefined,
    dto: PutAnswerDto,
  ): Promise<AnswerView> {
    const [view] = await this.save(
      caller,
      auditId,
      [{ questionId, expected: expectedVersion, dto, pointer: '' }],
      false,
    );
    return view;
  }

  /** Several answers, all or nothing; refusals are reported per item (`errors`) in one problem. */
  async batch(caller: Caller, auditId: string, items: readonly BatchAnswerItemDto[]): Promise<AnswerView[]> {
    return this.save(
      caller,
      auditId,
      items.map((item, i) => ({
        questionId: item.questionId,
        expected: item.version,
        dto: item,
        pointer: `/answers/${i}`,
      })),
      true,
    );
  }

  /**
   * One statement in autocommit, for one answer or a batch. Everything that needs no database (the
   * question, its visibility for the organisation's profile, the engine's answer rules, screening,
   * evidence) is checked first against a per-process cache of the audit's pinned catalogue and the
   * profile; the database function then confirms that the profile is still the one checked against and
   * makes the writes. When the profile changed meanwhile the cache is refreshed and the save tried again;
   * so is a "not applicable" refusal, the one check that depends on the profile.
   */
  private async save(
    caller: Caller,
    auditId: string,
    items: readonly SaveItem[],
    batch: boolean,
  ): Promise<AnswerView[]> {
    for (let attempt = 1; ; attempt++) {
      const fresh = attempt > 1;
      const ctx = await this.saveContexts.get(caller.organisationId, auditId, fresh);
      if (!ctx) throw auditNotFound();
      let answers: PreparedAnswer[];
      try {
        answers = await this.prepareAll(caller, ctx, items, batch, fresh);
      } catch (err) {
        if (!fresh && err instanceof ProblemException && err.code === 'QUESTION.NOT_APPLICABLE') continue;
        if (!fresh && err instanceof ProblemException && err.code === 'QUESTION.NOT_FOUND') {
          // A cached audit may have been deleted since: a 404 for the audit comes before one for the question.
          if (!(await this.saveContexts.get(caller.organisationId, auditId, true))) throw auditNotFound();
        }
        throw err;
      }
      try {
        // Sent in question order (code-unit order, as the function compares with the C collation): the lock order of every writer.
        const order = [...answers.keys()].sort((a, b) =>
          answers[a].question.id < answers[b].question.id ? -1 : 1,
        );
        const saved = await this.answers.save({
          auditId,
          organisationId: caller.organisationId,
          userId: caller.userId,
          manager: isManager(caller),
          contentHash: ctx.contentHash,
          profileHash: ctx.profileHash,
          items: order.map((i) => {
            const p = answers[i];
            return {
              questionId: p.question.id,
              section: p.question.section,
              expected: items[i].expected ?? null,
              value: p.value,
              status: p.value === null ? 'unanswered' : 'answered',
              justification: p.justification,
              note: p.note,
              evidence: p.evidence,
            };
          }),
        });
        const views: AnswerView[] = [];
        saved.forEach((row, k) => (views[order[k]] = toAnswerView(row, answers[order[k]].evidence)));
        return views;
      } catch (err) {
        if (pgError(err)?.code === 'UA412' && attempt < SAVE_ATTEMPTS) continue;
        throw await this.saveRefusal(err, caller, ctx, items, batch);
      }
    }
  }

  /**
   * Every item checked with `prepare`. A single answer's refusal is thrown as it is; a batch collects one
   * error per refused item and refuses the whole batch (403 when any item is in a section not assigned
   * to the caller, else 422), so nothing is saved.
   */
  private async prepareAll(
    caller: Caller,
    ctx: SaveContext,
    items: readonly SaveItem[],
    batch: boolean,
    fresh: boolean,
  ): Promise<PreparedAnswer[]> {
    const index = catalogueIndex(ctx.catalogue);
    // A single answer's section is checked by the save itself; a batch reports it per item, so it reads the assignments.
    const writable =
      batch && !isManager(caller) ? await assignedSections(this.audits, ctx.auditId, caller.userId) : 'all';
    const scope: AnswerScope = { visible: ctx.visible, writable };
    const members = await this.membersAmong(
      caller,
      items.flatMap((item) =>
        (item.dto.evidence ?? []).flatMap((e) => (e.ownerUserId ? [e.ownerUserId.toLowerCase()] : [])),
      ),
    );
    const errors: BatchItemError[] = [];
    const answers: PreparedAnswer[] = [];
    const seen = new Set<string>();
    for (const [i, item] of items.entries()) {
      try {
        if (seen.has(item.questionId)) {
          throw new ProblemException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'ANSWER.DUPLICATE',
            'Question answered twice',
            `'${item.questionId}' appears more than once in the batch.`,
          );
        }
        seen.add(item.questionId);
        const question = index.questions.get(item.questionId);
        if (!question) throw questionNotFound(item.questionId);
        answers.push(this.prepare(scope, members, question, item.dto, item.pointer));
      } catch (err) {
        if (!batch || !(err instanceof ProblemException)) throw err;
        // Confirmed against the current profile before it is reported (see save).
        if (!fresh && err.code === 'QUESTION.NOT_APPLICABLE') throw err;
        errors.push({
          index: i,
          questionId: item.questionId,
          code: err.code,
          message: err.detail ?? err.title,
          ...(typeof err.extensions.pointer === 'string' ? { pointer: err.extensions.pointer } : {}),
        });
      }
    }
    if (errors.length) {
      const forbidden = errors.some((e) => e.code === 'SECTION.NOT_ASSIGNED');
      throw new ProblemException(
        forbidden ? HttpStatus.FORBIDDEN : HttpStatus.UNPROCESSABLE_ENTITY,
        'ANSWER.BATCH_REJECTED',
        'The batch was refused',
        `${errors.length} of ${items.length} answers were refused; nothing was saved. See errors.`,
        { errors },
      );
    }
    return answers;
  }

  /** Which of these users are members of the caller's organisation (evidence owners must be): one query for the whole request. */
  private async membersAmong(caller: Caller, userIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (!userIds.length) return new Set();
    return this.members.membersAmong(caller.organisationId, [...new Set(userIds)]);
  }

  /** The problem for a save the database function refused (SQLSTATE UA4xx); other errors pass through. */
  private async saveRefusal(
    err: unknown,
    caller: Caller,
    ctx: SaveContext,
    items: readonly SaveItem[],
    batch: boolean,
  ): Promise<unknown> {
    const detail = (err as { detail?: string }).detail ?? '';
    switch (pgError(err)?.code) {
      case 'UA404':
        this.saveContexts.forget(caller.organisationId, ctx.auditId);
        return auditNotFound();
      case 'UA423':
        return lockedAudit(detail as Parameters<typeof lockedAudit>[0]);
      case 'UA403':
        return sectionNotAssigned(detail);
      case 'UA409': {
        const ids = JSON.parse(detail) as string[];
        const current = await loadAnswers(this.answers, ctx.auditId, ids);
        const conflicts = items.flatMap((item, index) => {
          if (!ids.includes(item.questionId)) return [];
          const now = current.get(item.questionId) ?? null;
          return [{ index, questionId: item.questionId, expected: item.expected, current: now }];
        });
        if (!batch) return versionConflict(conflicts[0].current, conflicts[0].expected);
        return new ProblemException(
          HttpStatus.CONFLICT,
          'ANSWER.VERSION_CONFLICT',
          'Answers have changed',
          `${conflicts.length} answers changed since you read them; nothing was saved. See errors for their current values.`,
          {
            errors: conflicts.map((c): BatchItemError => ({
              index: c.index,
              questionId: c.questionId,
              code: 'ANSWER.VERSION_CONFLICT',
              message: conflictMessage(c.current, c.expected),
              current: c.current,
            })),
          },
        );
      }
      case 'UA412':
        return contextChanged();
      default:
        return err;
    }
  }

  async history(caller: Caller, auditId: string, questionId: string): Promise<AnswerHistoryEntry[]> {
    const audit = await findAudit(this.audits, caller, auditId);
    const question = catalogueIndex(await this.catalogues.get(audit.contentHash)).questions.get(questionId);
    if (!question) throw questionNotFound(questionId);
    await assertCanReadSection(this.audits, caller, auditId, question.section);
    const rows = await this.answers.history(auditId, questionId);
    return rows.map((h) => ({
      version: h.version,
      value: (h.value ?? null) as AnswerHistoryEntry['value'],
      status: h.status,
      justification: h.justification,
      note: h.note,
      evidence: h.evidence as AnswerHistoryEntry['evidence'],
      changedBy: h.changedBy,
      changedAt: h.changedAt.toISOString(),
    }));
  }

  async comments(caller: Caller, auditId: string, questionId: string): Promise<CommentView[]> {
    const audit = await findAudit(this.audits, caller, auditId);
    const question = catalogueIndex(await this.catalogues.get(audit.contentHash)).questions.get(questionId);
    if (!question) throw questionNotFound(questionId);
    await assertCanReadSection(this.audits, caller, auditId, question.section);
    const rows = await this.answers.comments(auditId, questionId);
    return rows.map(toCommentView);
  }

  async addComment(caller: Caller, auditId: string, questionId: string, body: string): Promise<CommentView> {
    const finding = screenFields([{ pointer: '/body', value: body }]);
    if (finding.length) throw contentNotAccepted(finding);
    return this.transactions.run(async () => {
      const audit = await findAudit(this.audits, caller, auditId, 'share');
      assertUnlocked(audit);
      const question = catalogueIndex(await this.catalogues.get(audit.contentHash)).questions.get(questionId);
      if (!question) throw questionNotFound(questionId);
      await assertCanReadSection(this.audits, caller, auditId, question.section);
      const comment = await this.answers.addComment({
        auditId,
        organisationId: caller.organisationId,
        questionId,
        authorUserId: caller.userId,
        body,
      });
      await this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'answer_comment',
        entityId: comment.id,
        action: 'created',
        after: { auditId, questionId, body },
      });
      return toCommentView(comment);
    });
  }

  /**
   * Review: sends one answer back to its respondent ("needs changes") with the reviewer's comment. The
   * answer (created empty if the question had none) becomes the one the respondent may change while the
   * audit is in review; saving it makes it `answered`, and locked, again.
   */
  async sendBack(caller: Caller, auditId: string, questionId: string, comment: string): Promise<AnswerView> {
    const finding = screenFields([{ pointer: '/comment', value: comment }]);
    if (finding.length) throw contentNotAccepted(finding);
    return this.transactions.run(async () => {
      // Locked for update: sending back raises the audit's answers revision, as a save does.
      const audit = await findAudit(this.audits, caller, auditId, 'update');
      if (!canSendBack(audit.status, caller.role)) {
        if (STATUS_LOCKS[audit.status] === 'all') throw lockedAudit(audit.status);
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'AUDIT.INVALID_TRANSITION',
          'Not in review',
          `Answers are sent back during review; the audit is ${audit.status}.`,
          { auditStatus: audit.status },
        );
      }
      const question = catalogueIndex(await this.catalogues.get(audit.contentHash)).questions.get(questionId);
      if (!question) throw questionNotFound(questionId);
      const row = await this.answers.markNeedsChanges({
        auditId,
        organisationId: caller.organisationId,
        questionId,
        changedBy: caller.userId,
      });
      const note = await this.answers.addComment({
        auditId,
        organisationId: caller.organisationId,
        questionId,
        authorUserId: caller.userId,
        body: comment,
      });
      await this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'answer',
        entityId: row.id,
        action: 'sent_back',
        before: row.previousStatus ? { status: row.previousStatus } : null,
        after: { auditId, questionId, status: 'needs_changes', version: row.version, commentId: note.id },
      });
      return (await loadAnswers(this.answers, auditId, [questionId])).get(questionId)!;
    });
  }

  /**
   * Every check that needs no write: section, visibility, the engine's answer rules, screening, evidence.
   * `members`: those of the evidence owners named in the request who are members of the organisation.
   */
  private prepare(
    scope: AnswerScope,
    members: ReadonlySet<string>,
    question: Question,
    dto: PutAnswerDto,
    prefix: string,
  ): PreparedAnswer {
    if (scope.writable !== 'all' && !scope.writable.has(question.section))
      throw sectionNotAssigned(question.section);
    if (!scope.visible.has(question.id)) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'QUESTION.NOT_APPLICABLE',
        'Question not shown for this organisation',
        `'${question.id}' does not apply to the organisation's profile.`,
        { questionId: question.id },
      );
    }
    const justification = dto.justification ?? null;
    if (dto.value !== null) {
      const [problem] = validateAnswer(question, {
        value: dto.value,
        ...(justification ? { justification } : {}),
      });
      if (problem) {
        const required = problem.code === 'ANSWER.JUSTIFICATION_REQUIRED';
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          required ? 'ANSWER.JUSTIFICATION_REQUIRED' : 'ANSWER.INVALID',
          required ? 'Justification required' : 'Invalid answer',
          problem.message,
          {
            questionId: question.id,
            reason: problem.code,
            pointer: `${prefix}/${required ? 'justification' : 'value'}`,
          },
        );
      }
    }
    const evidence = dto.evidence ?? [];
    const findings: FieldScreeningFinding[] = screenFields([
      { pointer: `${prefix}/justification`, value: justification },
      { pointer: `${prefix}/note`, value: dto.note },
      {
        pointer: `${prefix}/value`,
        value: question.type === 'text' && typeof dto.value === 'string' ? dto.value : undefined,
      },
      ...evidence.flatMap((e, i) => [
        { pointer: `${prefix}/evidence/${i}/title`, value: e.title },
        { pointer: `${prefix}/evidence/${i}/location`, value: e.kind === 'link' ? undefined : e.location },
      ]),
    ]);
    if (findings.length) throw contentNotAccepted(findings);
    const evidenceProblem = (i: number, code: string, detail: string) =>
      new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, code, 'Invalid evidence reference', detail, {
        pointer: `${prefix}/evidence/${i}`,
      });
    for (const [i, e] of evidence.entries()) {
      if (e.kind === 'link' && !(typeof e.location === 'string' && isHttpUrl(e.location))) {
        throw evidenceProblem(
          i,
          'EVIDENCE.INVALID_LOCATION',
          'A link needs its location as an absolute http(s) URL.',
        );
      }
      if (e.ownerUserId && e.ownerRole)
        throw evidenceProblem(
          i,
          'EVIDENCE.INVALID_OWNER',
          'Name the owner as a member or as a role, not both.',
        );
      if (e.date && e.expiresOn && e.expiresOn < e.date)
        throw evidenceProblem(i, 'EVIDENCE.INVALID_DATES', 'The expiry is before the evidence date.');
    }
    const unknown = evidence.findIndex((e) => e.ownerUserId && !members.has(e.ownerUserId.toLowerCase()));
    if (unknown >= 0)
      throw evidenceProblem(
        unknown,
        'EVIDENCE.OWNER_NOT_MEMBER',
        'The evidence owner must be a member of the organisation (or name a role instead).',
      );
    return {
      question,
      value: dto.value,
      justification,
      note: dto.note ?? null,
      evidence: evidence.map((e) => ({
        title: e.title,
        kind: e.kind,
        location: e.location ?? null,
        ownerUserId: e.ownerUserId?.toLowerCase() ?? null,
        ownerRole: e.ownerRole ?? null,
        date: e.date ?? null,
        expiresOn: e.expiresOn ?? null,
      })),
    };
  }
}

const toCommentView = (c: AnswerCommentRecord): CommentView => ({
  id: c.id,
  questionId: c.questionId,
  authorUserId: c.authorUserId,
  body: c.body,
  createdAt: c.createdAt.toISOString(),
});

function conflictMessage(current: AnswerView | null, expected: number | undefined): string {
  if (!current)
    return `There is no answer to version ${expected}; send the write without a version to create it.`;
  if (expected === undefined)
    return `The question already has an answer (version ${current.version}); send that version in If-Match to replace it.`;
  return `You sent version ${expected}; the answer is at version ${current.version}. Review the current answer and try again.`;
}

function versionConflict(current: AnswerView | null, expected: number | undefined): ProblemException {
  return new ProblemException(
    HttpStatus.CONFLICT,
    'ANSWER.VERSION_CONFLICT',
    'The answer has changed',
    conflictMessage(current, expected),
    { current },
  );
}
