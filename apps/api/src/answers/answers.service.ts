import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AnswerHistoryEntry, AnswerView, BatchItemError, CommentView } from '@aup/contracts';
import { AnswerCommentEntity, AnswerEntity, AnswerHistoryEntity, pgError, transaction, type AuditEntity, type EvidenceRefData } from '@aup/db';
import { catalogueIndex, isHttpUrl, screenFields, validateAnswer, type Catalogue, type FieldScreeningFinding, type Question } from '@aup/domain';
import { AuditTrailService, type AuditEventInput } from '../audit-trail/audit-trail.service';
import {
  assertCanReadSection,
  assertUnlocked,
  auditNotFound,
  findAudit,
  sectionNotAssigned,
  isManager,
  type Caller,
} from '../audits/audit-access';
import { CatalogueStore } from '../audits/catalogue-store.service';
import { contentNotAccepted } from '../common/content-screening';
import { prepared, runPrepared } from '../common/prepared-statement';
import { ProblemException } from '../common/problem';
import { loadAnswers, toAnswerView } from './answer-views';
import { SaveContextCache, type SaveContext } from './save-context';
import type { BatchAnswerItemDto, PutAnswerDto } from './dto/answer-request.dto';

/** What an answer is checked against before it is written: the questions shown, the sections the caller may answer. */
interface AnswerScope {
  visible: ReadonlySet<string>;
  writable: ReadonlySet<string> | 'all';
}

interface WriteContext extends AnswerScope {
  audit: Pick<AuditEntity, 'id' | 'status'>;
  catalogue: Catalogue;
  /** The write moved the audit from draft to in_progress. */
  started: boolean;
}

/** An answer row as locked for writing, with its evidence. */
type LockedAnswerRow = AnswerRow & { evidence: EvidenceRefData[] };

/** The same row as the jsonb `ANSWER_WITH_EVIDENCE` builds: timestamps as text. */
type LockedAnswerJson = Omit<LockedAnswerRow, 'answered_at' | 'created_at' | 'updated_at'> & { answered_at: string | null; created_at: string; updated_at: string };

interface OpenedRow {
  id: string;
  status: AuditEntity['status'];
  content_hash: string;
  started: boolean;
  profile: Record<string, never> | null;
  /** The caller's assigned sections; null for managers, who may answer any. */
  sections: string[] | null;
}

/**
 * An answer row (alias `a`) and its evidence as one jsonb value, so it can ride along in a bigger
 * statement; evidence in the shape of EvidenceRefData.
 */
const ANSWER_WITH_EVIDENCE = `to_jsonb(a) || jsonb_build_object('evidence', COALESCE((SELECT jsonb_agg(jsonb_build_object('title', e.title, 'kind', e.kind,
    'location', e.location, 'ownerUserId', e.owner_user_id, 'ownerRole', e.owner_role, 'date', e.evidence_date, 'expiresOn', e.expires_on) ORDER BY e.position)
  FROM evidence_ref e WHERE e.answer_id = a.id), '[]'::jsonb))`;

const lockedAnswer = (j: LockedAnswerJson): LockedAnswerRow => ({
  ...j,
  answered_at: j.answered_at === null ? null : new Date(j.answered_at),
  created_at: new Date(j.created_at),
  updated_at: new Date(j.updated_at),
});

/** Opens an audit for writing; see AnswersService.openForWrite. */
const OPEN_FOR_WRITE = prepared(
  'answers_open_for_write',
  `WITH started AS (
     UPDATE audit SET status = 'in_progress', version = version + 1, updated_at = now()
      WHERE id = $1 AND organisation_id = $2 AND status = 'draft'
     RETURNING id, status, content_hash
   ), shared AS (
     SELECT a.id, a.status, a.content_hash FROM audit a
      WHERE a.id = $1 AND a.organisation_id = $2 AND NOT EXISTS (SELECT 1 FROM started)
        FOR SHARE
   ), opened AS (
     SELECT id, status, content_hash, true AS started FROM started
     UNION ALL
     SELECT id, status, content_hash, false AS started FROM shared
   )
   SELECT opened.*, o.profile,
          CASE WHEN $3::boolean THEN ARRAY(SELECT s.section FROM section_assignment s WHERE s.audit_id = opened.id AND s.user_id = $4) END AS sections
     FROM opened JOIN organisation o ON o.id = $2`,
);

/** After the row itself: its evidence and its history entry. */
const AFTER_SAVE = `
   ev AS (
     INSERT INTO evidence_ref (answer_id, organisation_id, position, title, kind, location, owner_user_id, owner_role, evidence_date, expires_on)
     SELECT saved.id, $2, e.position, e.title, e.kind, e.location, e.owner_user_id, e.owner_role, e.evidence_date, e.expires_on
     FROM saved, jsonb_to_recordset($9::jsonb) AS e(position int, title text, kind text, location text, owner_user_id uuid, owner_role text, evidence_date date, expires_on date)
   ), hist AS (
     INSERT INTO answer_history (answer_id, audit_id, question_id, version, value, status, justification, note, evidence, changed_by, changed_at)
     SELECT id, audit_id, question_id, version, value, status, justification, note, $10::jsonb, answered_by, answered_at FROM saved
   )
   SELECT saved.* FROM saved`;

/**
 * One answer saved in one round trip that commits on its own (`aup_save_answer`, see the migration
 * that defines it): the audit opened, the profile and catalogue the answer was checked against
 * confirmed, the section assignment checked, the row locked and version-checked, written with its
 * evidence and history, and its trail events chained. Refusals come back as SQLSTATEs `UA4xx`.
 */
const SAVE_ANSWER = prepared('answers_save', `SELECT aup_save_answer($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14::jsonb) AS r`);

/** How many times a save is tried again when the profile it was checked against changed meanwhile. */
const SAVE_ATTEMPTS = 3;

const WRITE_UPDATE = prepared(
  'answers_write_update',
  `WITH saved AS (
     UPDATE answer SET value = $4::jsonb, status = $5, justification = $6, note = $7, answered_by = $8, answered_at = now(),
       version = version + 1, updated_at = now()
     WHERE audit_id = $1 AND question_id = $3 AND organisation_id = $2 RETURNING *
   ),${AFTER_SAVE}`,
);

const WRITE_INSERT = prepared(
  'answers_write_insert',
  `WITH saved AS (
     INSERT INTO answer (audit_id, organisation_id, question_id, value, status, justification, note, answered_by, answered_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, now())
     ON CONFLICT (audit_id, question_id) DO NOTHING RETURNING *
   ),${AFTER_SAVE}`,
);

interface PreparedAnswer {
  question: Question;
  value: unknown;
  justification: string | null;
  note: string | null;
  evidence: EvidenceRefData[];
}

interface Written {
  view: AnswerView;
  answerId: string;
  before: Record<string, unknown> | null;
}

/** An answer row as PostgreSQL returns it. */
interface AnswerRow {
  id: string;
  audit_id: string;
  organisation_id: string;
  question_id: string;
  value: unknown;
  status: AnswerEntity['status'];
  justification: string | null;
  note: string | null;
  answered_by: string | null;
  answered_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toAnswerEntity = (r: AnswerRow): AnswerEntity =>
  Object.assign(new AnswerEntity(), {
    id: r.id,
    auditId: r.audit_id,
    organisationId: r.organisation_id,
    questionId: r.question_id,
    value: r.value,
    status: r.status,
    justification: r.justification,
    note: r.note,
    answeredBy: r.answered_by,
    answeredAt: r.answered_at,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  });

const questionNotFound = (questionId: string) =>
  new ProblemException(HttpStatus.NOT_FOUND, 'QUESTION.NOT_FOUND', 'No such question', `The audit's framework has no question '${questionId}'.`, { questionId });

const answerState = (v: Pick<AnswerView, 'value' | 'status' | 'justification' | 'note' | 'evidence' | 'version'>) => ({
  version: v.version,
  value: v.value,
  status: v.status,
  justification: v.justification,
  note: v.note,
  evidence: v.evidence,
});

/** Saving answers (one or a batch, all or nothing), their history and reviewer comments. */
@Injectable()
export class AnswersService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly catalogues: CatalogueStore,
    private readonly trail: AuditTrailService,
    private readonly saveContexts: SaveContextCache,
  ) {}

  /**
   * One statement, in autocommit: everything that needs no database (the question, its visibility for
   * the organisation's profile, the engine's answer rules, screening, evidence) is checked first against
   * a per-process cache of the audit's pinned catalogue and the profile; the database function then
   * confirms that the profile is still the one checked against and makes the write (see SAVE_ANSWER).
   * When the profile changed meanwhile the cache is refreshed and the save tried again.
   */
  async put(caller: Caller, auditId: string, questionId: string, expectedVersion: number | undefined, dto: PutAnswerDto): Promise<AnswerView> {
    for (let attempt = 1; ; attempt++) {
      const fresh = attempt > 1;
      const ctx = await this.saveContexts.get(caller.organisationId, auditId, fresh);
      if (!ctx) throw auditNotFound();
      const question = catalogueIndex(ctx.catalogue).questions.get(questionId);
      if (!question) {
        // A cached audit may have been deleted since: a 404 for the audit comes before one for the question.
        if (!fresh && !(await this.saveContexts.get(caller.organisationId, auditId, true))) throw auditNotFound();
        throw questionNotFound(questionId);
      }
      let p: PreparedAnswer;
      try {
        p = await this.prepare(this.ds.manager, caller, { visible: ctx.visible, writable: 'all' }, question, dto, '');
      } catch (err) {
        // Visibility is the one check that depends on the profile: confirm a refusal against the current one.
        if (!fresh && err instanceof ProblemException && err.code === 'QUESTION.NOT_APPLICABLE') continue;
        throw err;
      }
      try {
        return await this.save(caller, ctx, p, expectedVersion);
      } catch (err) {
        const code = pgError(err)?.code;
        if (code === 'UA412' && attempt < SAVE_ATTEMPTS) continue;
        throw await this.saveRefusal(err, caller, ctx, p, expectedVersion);
      }
    }
  }

  private async save(caller: Caller, ctx: SaveContext, p: PreparedAnswer, expected: number | undefined): Promise<AnswerView> {
    const [{ r }] = await runPrepared<{ r: { started: boolean; answer: LockedAnswerJson } }>(this.ds, SAVE_ANSWER, [
      ctx.auditId,
      caller.organisationId,
      caller.userId,
      isManager(caller),
      ctx.contentHash,
      ctx.profileHash,
      p.question.id,
      p.question.section,
      expected ?? null,
      JSON.stringify(p.value),
      p.value === null ? 'unanswered' : 'answered',
      p.justification,
      p.note,
      JSON.stringify(p.evidence),
    ]);
    return toAnswerView(toAnswerEntity(lockedAnswer({ ...r.answer, evidence: [] })), p.evidence);
  }

  /** The problem for a save the database function refused (SQLSTATE UA4xx); other errors pass through. */
  private async saveRefusal(err: unknown, caller: Caller, ctx: SaveContext, p: PreparedAnswer, expected: number | undefined): Promise<unknown> {
    const info = pgError(err);
    const detail = (err as { detail?: string }).detail ?? '';
    switch (info?.code) {
      case 'UA404':
        this.saveContexts.forget(caller.organisationId, ctx.auditId);
        return auditNotFound();
      case 'UA423':
        return lockedProblem(detail);
      case 'UA403':
        return sectionNotAssigned(p.question.section);
      case 'UA409':
        return versionConflict((await loadAnswers(this.ds.manager, ctx.auditId, [p.question.id])).get(p.question.id) ?? null, expected);
      case 'UA412':
        return new ProblemException(
          HttpStatus.CONFLICT,
          'ANSWER.CONTEXT_CHANGED',
          'The organisation profile is changing',
          "The organisation's profile changed while the answer was being saved; nothing was saved. Try again.",
        );
      default:
        return err;
    }
  }

  async batch(caller: Caller, auditId: string, items: readonly BatchAnswerItemDto[]): Promise<AnswerView[]> {
    return transaction(this.ds, async (m) => {
      const ctx = await this.openForWrite(m, caller, auditId);
      const errors: BatchItemError[] = [];
      const prepared: (PreparedAnswer | undefined)[] = [];
      const seen = new Set<string>();
      for (const [index, item] of items.entries()) {
        try {
          if (seen.has(item.questionId)) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'ANSWER.DUPLICATE', 'Question answered twice', `'${item.questionId}' appears more than once in the batch.`);
          }
          seen.add(item.questionId);
          prepared.push(await this.prepare(m, caller, ctx, this.question(ctx, item.questionId), item, `/answers/${index}`));
        } catch (err) {
          if (!(err instanceof ProblemException)) throw err;
          prepared.push(undefined);
          errors.push({ index, questionId: item.questionId, code: err.code, message: err.detail ?? err.title, ...(typeof err.extensions.pointer === 'string' ? { pointer: err.extensions.pointer } : {}) });
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
      const written: Written[] = [];
      const conflicts: BatchItemError[] = [];
      // Rows are locked in question order, so two batches touching the same answers cannot deadlock.
      const order = [...items.keys()].sort((a, b) => (items[a].questionId < items[b].questionId ? -1 : 1));
      for (const index of order) {
        const item = items[index];
        const result = await this.write(m, caller, ctx, prepared[index]!, item.version);
        if (result.ok) written[index] = result.value;
        else conflicts.push({ index, questionId: item.questionId, code: 'ANSWER.VERSION_CONFLICT', message: conflictMessage(result.current, item.version), current: result.current });
      }
      conflicts.sort((a, b) => a.index - b.index);
      if (conflicts.length) {
        throw new ProblemException(HttpStatus.CONFLICT, 'ANSWER.VERSION_CONFLICT', 'Answers have changed', `${conflicts.length} answers changed since you read them; nothing was saved. See errors for their current values.`, {
          errors: conflicts,
        });
      }
      await this.recordTrail(m, caller, ctx, written);
      return written.map((w) => w.view);
    });
  }

  async history(caller: Caller, auditId: string, questionId: string): Promise<AnswerHistoryEntry[]> {
    const m = this.ds.manager;
    const audit = await findAudit(m, caller, auditId);
    const question = catalogueIndex(await this.catalogues.get(audit.contentHash)).questions.get(questionId);
    if (!question) throw questionNotFound(questionId);
    await assertCanReadSection(m, caller, auditId, question.section);
    const rows = await m.find(AnswerHistoryEntity, { where: { auditId, questionId }, order: { version: 'ASC' } });
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
    const m = this.ds.manager;
    const audit = await findAudit(m, caller, auditId);
    const question = catalogueIndex(await this.catalogues.get(audit.contentHash)).questions.get(questionId);
    if (!question) throw questionNotFound(questionId);
    await assertCanReadSection(m, caller, auditId, question.section);
    const rows = await m.find(AnswerCommentEntity, { where: { auditId, questionId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(toCommentView);
  }

  async addComment(caller: Caller, auditId: string, questionId: string, body: string): Promise<CommentView> {
    const finding = screenFields([{ pointer: '/body', value: body }]);
    if (finding.length) throw contentNotAccepted(finding);
    return transaction(this.ds, async (m) => {
      const audit = await findAudit(m, caller, auditId, 'share');
      assertUnlocked(audit);
      const question = catalogueIndex(await this.catalogues.get(audit.contentHash, m)).questions.get(questionId);
      if (!question) throw questionNotFound(questionId);
      await assertCanReadSection(m, caller, auditId, question.section);
      const comment = await m.save(AnswerCommentEntity, m.create(AnswerCommentEntity, { auditId, organisationId: caller.organisationId, questionId, authorUserId: caller.userId, body }));
      await this.trail.append(m, {
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
   * Opens the audit for writing in one statement. A first answer moves a draft to in_progress: that
   * UPDATE runs first (the shared lock below waits for its result) and locks nothing unless the audit is
   * still a draft, so concurrent first answers queue instead of deadlocking. Otherwise a shared row lock
   * keeps a concurrent submit from slipping between the status check and the write. The profile, the
   * caller's assigned sections come back in the same round trip.
   */
  private async openForWrite(m: EntityManager, caller: Caller, auditId: string): Promise<WriteContext> {
    const [row] = await runPrepared<OpenedRow>(m, OPEN_FOR_WRITE, [auditId, caller.organisationId, !isManager(caller), caller.userId]);
    if (!row) throw auditNotFound();
    assertUnlocked(row);
    const catalogue = await this.catalogues.get(row.content_hash, m);
    return {
      audit: { id: row.id, status: row.status },
      catalogue,
      visible: catalogueIndex(catalogue).applicability(row.profile ?? {}).questions,
      writable: row.sections ? new Set(row.sections) : 'all',
      started: row.started,
    };
  }

  private question(ctx: WriteContext, questionId: string): Question {
    const question = catalogueIndex(ctx.catalogue).questions.get(questionId);
    if (!question) throw questionNotFound(questionId);
    return question;
  }

  /** Every check that needs no write: section, visibility, the engine's answer rules, screening, evidence. */
  private async prepare(m: EntityManager, caller: Caller, ctx: AnswerScope, question: Question, dto: PutAnswerDto, prefix: string): Promise<PreparedAnswer> {
    if (ctx.writable !== 'all' && !ctx.writable.has(question.section)) throw sectionNotAssigned(question.section);
    if (!ctx.visible.has(question.id)) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'QUESTION.NOT_APPLICABLE', 'Question not shown for this organisation', `'${question.id}' does not apply to the organisation's profile.`, { questionId: question.id });
    }
    const justification = dto.justification ?? null;
    if (dto.value !== null) {
      const [problem] = validateAnswer(question, { value: dto.value, ...(justification ? { justification } : {}) });
      if (problem) {
        const required = problem.code === 'ANSWER.JUSTIFICATION_REQUIRED';
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, required ? 'ANSWER.JUSTIFICATION_REQUIRED' : 'ANSWER.INVALID', required ? 'Justification required' : 'Invalid answer', problem.message, {
          questionId: question.id,
          reason: problem.code,
          pointer: `${prefix}/${required ? 'justification' : 'value'}`,
        });
      }
    }
    const evidence = dto.evidence ?? [];
    const findings: FieldScreeningFinding[] = screenFields([
      { pointer: `${prefix}/justification`, value: justification },
      { pointer: `${prefix}/note`, value: dto.note },
      { pointer: `${prefix}/value`, value: question.type === 'text' && typeof dto.value === 'string' ? dto.value : undefined },
      ...evidence.flatMap((e, i) => [
        { pointer: `${prefix}/evidence/${i}/title`, value: e.title },
        { pointer: `${prefix}/evidence/${i}/location`, value: e.kind === 'link' ? undefined : e.location },
      ]),
    ]);
    if (findings.length) throw contentNotAccepted(findings);
    const evidenceProblem = (i: number, code: string, detail: string) =>
      new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, code, 'Invalid evidence reference', detail, { pointer: `${prefix}/evidence/${i}` });
    for (const [i, e] of evidence.entries()) {
      if (e.kind === 'link' && !(typeof e.location === 'string' && isHttpUrl(e.location))) {
        throw evidenceProblem(i, 'EVIDENCE.INVALID_LOCATION', 'A link needs its location as an absolute http(s) URL.');
      }
      if (e.ownerUserId && e.ownerRole) throw evidenceProblem(i, 'EVIDENCE.INVALID_OWNER', 'Name the owner as a member or as a role, not both.');
      if (e.date && e.expiresOn && e.expiresOn < e.date) throw evidenceProblem(i, 'EVIDENCE.INVALID_DATES', 'The expiry is before the evidence date.');
    }
    const owners = [...new Set(evidence.map((e) => e.ownerUserId).filter((id): id is string => !!id))];
    if (owners.length) {
      const members: { user_id: string }[] = await m.query(`SELECT user_id FROM membership WHERE organisation_id = $1 AND user_id = ANY($2::uuid[])`, [caller.organisationId, owners]);
      const known = new Set(members.map((r) => r.user_id));
      const i = evidence.findIndex((e) => e.ownerUserId && !known.has(e.ownerUserId.toLowerCase()));
      if (i >= 0) throw evidenceProblem(i, 'EVIDENCE.OWNER_NOT_MEMBER', 'The evidence owner must be a member of the organisation (or name a role instead).');
    }
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

  /**
   * The optimistic write (of a batch item). The answer row is locked first, so concurrent writers
   * of one answer queue and each compares the version it read with the committed one: exactly one of
   * them wins per version. The row, its evidence and its history entry are written in one statement;
   * with `reserveEvents` that statement also locks the organisation's chain head (after the row) and
   * reserves the sequence numbers of the trail events.
   */
  private async write(
    m: EntityManager,
    caller: Caller,
    ctx: WriteContext,
    p: PreparedAnswer,
    expected: number | undefined,
  ): Promise<{ ok: true; value: Written } | { ok: false; current: AnswerView | null }> {
    const auditId = ctx.audit.id;
    const questionId = p.question.id;
    const status = p.value === null ? 'unanswered' : 'answered';
    const row = await m
      .query(`SELECT ${ANSWER_WITH_EVIDENCE} AS row FROM answer a WHERE a.audit_id = $1 AND a.question_id = $2 FOR UPDATE OF a`, [auditId, questionId])
      .then(([r]: { row: LockedAnswerJson }[]) => (r ? lockedAnswer(r.row) : null));
    const conflict = async () => ({ ok: false as const, current: (await loadAnswers(m, auditId, [questionId])).get(questionId) ?? null });
    if (row ? expected !== row.version : expected !== undefined) return conflict();
    const evidence = JSON.stringify(
      p.evidence.map((e, position) => ({
        position,
        title: e.title,
        kind: e.kind,
        location: e.location,
        owner_user_id: e.ownerUserId,
        owner_role: e.ownerRole,
        evidence_date: e.date,
        expires_on: e.expiresOn,
      })),
    );
    // Old evidence goes in its own statement: a sibling CTE could not free its positions for the new rows.
    if (row?.evidence.length) await m.query(`DELETE FROM evidence_ref WHERE answer_id = $1`, [row.id]);
    const params = [auditId, caller.organisationId, questionId, JSON.stringify(p.value), status, p.justification, p.note, caller.userId, evidence, JSON.stringify(p.evidence)];
    const written = await runPrepared<AnswerRow>(m, row ? WRITE_UPDATE : WRITE_INSERT, params);
    // A concurrent first write won the insert.
    if (!written.length) return conflict();
    const [w] = written;
    const view = toAnswerView(toAnswerEntity(w), p.evidence);
    return {
      ok: true,
      value: { view, answerId: w.id, before: row ? answerState(toAnswerView(toAnswerEntity(row), row.evidence)) : null },
    };
  }

  /** Trail entries go last: the chain head stays locked until commit. */
  private async recordTrail(m: EntityManager, caller: Caller, ctx: WriteContext, written: readonly Written[]): Promise<void> {
    const events: AuditEventInput[] = [];
    if (ctx.started) {
      events.push({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'audit',
        entityId: ctx.audit.id,
        action: 'started',
        before: { status: 'draft' },
        after: { status: 'in_progress', trigger: 'first_answer' },
      });
    }
    for (const w of written) {
      events.push({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'answer',
        entityId: w.answerId,
        action: w.before ? 'updated' : 'created',
        before: w.before,
        after: { auditId: ctx.audit.id, questionId: w.view.questionId, ...answerState(w.view) },
      });
    }
    await this.trail.appendAll(m, events);
  }
}

const toCommentView = (c: AnswerCommentEntity): CommentView => ({
  id: c.id,
  questionId: c.questionId,
  authorUserId: c.authorUserId,
  body: c.body,
  createdAt: c.createdAt.toISOString(),
});

function conflictMessage(current: AnswerView | null, expected: number | undefined): string {
  if (!current) return `There is no answer to version ${expected}; send the write without a version to create it.`;
  if (expected === undefined) return `The question already has an answer (version ${current.version}); send that version in If-Match to replace it.`;
  return `You sent version ${expected}; the answer is at version ${current.version}. Review the current answer and try again.`;
}

function lockedProblem(status: string): ProblemException {
  try {
    assertUnlocked({ status: status as AuditEntity['status'] });
  } catch (problem) {
    if (problem instanceof ProblemException) return problem;
  }
  throw new Error(`the database refused a save for a locked audit with status '${status}', which is not locked`);
}

function versionConflict(current: AnswerView | null, expected: number | undefined): ProblemException {
  return new ProblemException(HttpStatus.CONFLICT, 'ANSWER.VERSION_CONFLICT', 'The answer has changed', conflictMessage(current, expected), { current });
}
