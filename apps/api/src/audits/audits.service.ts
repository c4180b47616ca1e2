import { createHash } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  AssignmentsView,
  AuditResultsView,
  AuditTransition,
  AuditVersionDiffView,
  AuditVersionView,
  AuditView,
  CompletenessView,
  Page,
  QuestionView,
  SectionView,
} from '@aup/contracts';
import {
  AuditEntity,
  AuditVersionsRepository,
  ResultSnapshotEntity,
  SectionAssignmentEntity,
  transaction,
  type Attestation,
  type AuditStatus,
} from '@aup/db';
import {
  canonicalJson,
  catalogueIndex,
  completeness,
  diffSnapshots,
  evaluateAudit,
  FORMULA_VERSION,
  submitRefusal,
  transitionRefusal,
  workflowTransition,
  type Completeness,
  type SubmitRefusal,
  questionsForSection,
  upgradeAuditResult,
  validateAnswer,
  YES_NO_PARTIAL_OPTIONS,
  type Answers,
  type AuditResult,
  type Catalogue,
  type Profile,
  type TrailAnchor,
} from '@aup/domain';
import { answersForScoring, loadAnswers } from './answer-views';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { assertSnapshotIntact } from '../audit-trail/snapshot-integrity';
import { assertContentFree } from '../common/content-screening';
import { prepared, runPrepared } from '../common/prepared-statement';
import { ProblemException } from '../common/problem';
import {
  assertAuditVersion,
  assertCanReadSection,
  assertUnlocked,
  assignedSections,
  auditNotFound,
  findAudit,
  isManager,
  toAuditView,
  type Caller,
} from './audit-access';
import { RemediationService } from '../remediation/remediation.service';
import { CatalogueStore } from './catalogue-store.service';
import type { ResultsDocument } from './results-encoding';
import type {
  AuditListQueryDto,
  CreateAuditDto,
  PutAssignmentsDto,
  SubmitAuditDto,
  UpdateAuditDto,
} from './dto/audit-request.dto';

/** The lifecycle's rules (from, to, who, what locks) are the domain's AUDIT_WORKFLOW table. */
const SUBMITTABLE = workflowTransition('submit').from;

const ifMatchRequired = (what: string) =>
  new ProblemException(
    HttpStatus.PRECONDITION_REQUIRED,
    'REQUEST.PRECONDITION_REQUIRED',
    'If-Match required',
    `Send If-Match with the version of the audit you ${what} (its ETag).`,
  );

const SUBMIT_REFUSALS: Record<SubmitRefusal['code'], (r: SubmitRefusal) => [string, string]> = {
  'AUDIT.ANSWERS_NEED_REVIEW': (r) => [
    'Answers need review',
    `${r.questionIds.length} answers copied from the previous audit have not been confirmed yet. Confirm or change them before submitting.`,
  ],
  'AUDIT.ANSWERS_NEED_CHANGES': (r) => [
    'Answers were sent back',
    `${r.questionIds.length} answers the reviewer sent back have not been changed yet.`,
  ],
  'AUDIT.INCOMPLETE': (r) => [
    'Questions are open',
    `${r.questionIds.length} questions are not answered. Answer them (N/A with a justification counts), or submit incomplete by sending acknowledgeOpenQuestions: ${r.questionIds.length}.`,
  ],
};

const submitRefused = (r: SubmitRefusal) => {
  const [title, detail] = SUBMIT_REFUSALS[r.code](r);
  return new ProblemException(HttpStatus.CONFLICT, r.code, title, detail, {
    questionIds: [...r.questionIds],
    ...(r.code === 'AUDIT.INCOMPLETE' ? { open: r.open, total: r.total } : {}),
  });
};

const invalidTransition = (audit: AuditEntity, what: string, from: readonly AuditStatus[]) =>
  new ProblemException(
    HttpStatus.CONFLICT,
    audit.status === 'submitted' || audit.status === 'closed' ? 'AUDIT.LOCKED' : 'AUDIT.INVALID_TRANSITION',
    'Not possible in this status',
    `The audit is ${audit.status}; ${what} is possible only from ${from.join(' or ')}.`,
    { auditStatus: audit.status },
  );

/** The stored snapshot document: inputs and outputs, so anyone can re-run the engine and compare. */
interface SnapshotDocument {
  auditId: string;
  organisationId: string;
  framework: { id: string; version: string; contentHash: string };
  formulaVersion: string;
  profile: Profile;
  answers: unknown;
  attestation: Attestation;
  /** In the results format current when it was stored; read through upgradeAuditResult. */
  result: AuditResult;
  /** Where the organisation's trail stood when the result was sealed (absent in snapshots sealed before anchoring). */
  trailAnchor?: TrailAnchor;
}

interface ResultsInputRow {
  id: string;
  status: AuditStatus;
  content_hash: string;
  framework_id: string;
  framework_version: string;
  /** sha256 of the profile's jsonb text (jsonb orders keys, so equal profiles hash equal); the profile is read only on a miss. */
  profile_hash: string;
  respondents_see_scores: boolean;
  answers_state: string;
  snapshot_id: string | null;
  assigned: boolean;
}

/**
 * What results are computed from, as a fingerprint: the answers' count and version sum (every save
 * raises a version), the profile's hash, the latest snapshot. A cache hit costs this one statement.
 */
const RESULTS_INPUTS = prepared(
  'audits_results_inputs',
  `SELECT a.id, a.status, a.content_hash, a.framework_id, a.framework_version,
          aup_profile_hash(o.profile) AS profile_hash,
          COALESCE(o.settings -> 'respondentsSeeScores' = 'true'::jsonb, false) AS respondents_see_scores,
          (SELECT count(*) || ':' || COALESCE(sum(version), 0) FROM answer WHERE audit_id = a.id) AS answers_state,
          (SELECT id FROM result_snapshot WHERE audit_id = a.id ORDER BY created_at DESC LIMIT 1) AS snapshot_id,
          EXISTS (SELECT 1 FROM section_assignment s WHERE s.audit_id = a.id AND s.user_id = $3) AS assigned
     FROM audit a JOIN organisation o ON o.id = a.organisation_id WHERE a.id = $1 AND a.organisation_id = $2`,
);

/** Results documents kept per process (each a few hundred KB at most). */
const RESULTS_CACHE_SIZE = 200;

@Injectable()
export class AuditsService {
  private readonly resultsCache = new Map<string, ResultsDocument>();

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly catalogues: CatalogueStore,
    private readonly trail: AuditTrailService,
    private readonly remediation: RemediationService,
  ) {}

  async list(caller: Caller, query: AuditListQueryDto): Promise<Page<AuditView>> {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const qb = this.ds
      .getRepository(AuditEntity)
      .createQueryBuilder('a')
      .where('a.organisation_id = :orgId', { orgId: caller.organisationId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    // Respondents see the audits they have work in.
    if (caller.role === 'respondent') {
      qb.andWhere(
        'EXISTS (SELECT 1 FROM section_assignment s WHERE s.audit_id = a.id AND s.user_id = :userId)',
        { userId: caller.userId },
      );
    }
    const [rows, total] = await qb
      .orderBy('a.created_at', 'DESC')
      .addOrderBy('a.id', 'ASC')
      .take(limit)
      .skip(offset)
      .getManyAndCount();
    return { items: rows.map(toAuditView), total, limit, offset };
  }

  async create(caller: Caller, dto: CreateAuditDto): Promise<AuditView> {
    assertContentFree([{ pointer: '/title', value: dto.title }]);
    return transaction(this.ds, async (m) => {
      const catalogue = await this.catalogues.pin(m, dto.framework);
      const previous = dto.fromAuditId ? await findAudit(m, caller, dto.fromAuditId) : undefined;
      const audit = await m.save(
        AuditEntity,
        m.create(AuditEntity, {
          organisationId: caller.organisationId,
          frameworkId: catalogue.framework.id,
          frameworkVersion: catalogue.framework.version,
          contentHash: catalogue.contentHash,
          title: dto.title,
          status: 'draft',
          dueDate: dto.dueDate ?? null,
          previousAuditId: previous?.id ?? null,
          createdBy: caller.userId,
          version: 1,
        }),
      );
      const copied = previous ? await this.copyAnswers(m, caller, previous, audit, catalogue) : 0;
      await this.remediation.onAuditCreated(m, caller, audit.id);
      await this.trail.append(m, {
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'audit',
        entityId: audit.id,
        action: 'created',
        after: {
          title: audit.title,
          dueDate: audit.dueDate,
          framework: `${audit.frameworkId}@${audit.frameworkVersion}`,
          contentHash: audit.contentHash,
          ...(previous ? { fromAuditId: previous.id, copiedAnswers: copied } : {}),
        },
      });
      return toAuditView(await m.findOneByOrFail(AuditEntity, { id: audit.id }));
    });
  }

  /**
   * Copies the previous audit's answers that are still valid under the new catalogue, marked
   * needs_review, with their evidence; each copy starts its own history at version 1.
   */
  private async copyAnswers(
    m: EntityManager,
    caller: Caller,
    previous: AuditEntity,
    audit: AuditEntity,
    catalogue: Catalogue,
  ): Promise<number> {
    const { questions } = catalogueIndex(catalogue);
    const old = await loadAnswers(m, previous.id);
    const keep = [...old.values()].filter((a) => {
      const q = questions.get(a.questionId);
      return (
        q &&
        a.value !== null &&
        validateAnswer(q, { value: a.value, ...(a.justification ? { justification: a.justification } : {}) })
          .length === 0
      );
    });
    if (!keep.length) return 0;
    const rows = keep.map((a) => ({
      question_id: a.questionId,
      value: a.value,
      justification: a.justification,
      note: a.note,
      answered_by: a.answeredBy,
      answered_at: a.answeredAt,
      evidence: a.evidence,
    }));
    await m.query(
      `WITH src AS (
         SELECT * FROM jsonb_to_recordset($3::jsonb) AS r(question_id text, value jsonb, justification text, note text, answered_by uuid, answered_at timestamptz, evidence jsonb)
       ), ins AS (
         INSERT INTO answer (audit_id, organisation_id, question_id, value, status, justification, note, answered_by, answered_at)
         SELECT $1, $2, question_id, value, 'needs_review', justification, note, answered_by, answered_at FROM src
         RETURNING id, question_id, value, justification, note
       ), ev AS (
         INSERT INTO evidence_ref (answer_id, organisation_id, position, title, kind, location, owner_user_id, owner_role, evidence_date, expires_on)
         SELECT ins.id, $2, e.ord - 1, e.item->>'title', e.item->>'kind', e.item->>'location', (e.item->>'ownerUserId')::uuid, e.item->>'ownerRole',
                (e.item->>'date')::date, (e.item->>'expiresOn')::date
         FROM ins JOIN src USING (question_id), jsonb_array_elements(src.evidence) WITH ORDINALITY AS e(item, ord)
       )
       INSERT INTO answer_history (answer_id, audit_id, question_id, version, value, status, justification, note, evidence, changed_by)
       SELECT ins.id, $1, ins.question_id, 1, ins.value, 'needs_review', ins.justification, ins.note, src.evidence, $4
       FROM ins JOIN src USING (question_id)`,
      [audit.id, caller.organisationId, JSON.stringify(rows), caller.userId],
    );
    return keep.length;
  }

  async get(caller: Caller, auditId: string): Promise<AuditView> {
    const audit = await findAudit(this.ds.manager, caller, auditId);
    await this.assertCanSeeAudit(this.ds.manager, caller, audit);
    return toAuditView(audit);
  }

  async update(
    caller: Caller,
    auditId: string,
    expected: number | undefined,
    dto: UpdateAuditDto,
  ): Promise<AuditView> {
    assertContentFree([{ pointer: '/title', value: dto.title }]);
    if (expected === undefined) throw ifMatchRequired('edit');
    return transaction(this.ds, async (m) => {
      const audit = await findAudit(m, caller, auditId, 'update');
      assertAuditVersion(audit, expected);
      assertUnlocked(audit);
      const before = { title: audit.title, dueDate: audit.dueDate };
      if (dto.title !== undefined) audit.title = dto.title;
      if (dto.dueDate !== undefined) audit.dueDate = dto.dueDate;
      const after = { title: audit.title, dueDate: audit.dueDate };
      if (canonicalJson(before) === canonicalJson(after)) return toAuditView(audit);
      audit.version += 1;
      await m.save(AuditEntity, audit);
      await this.trail.append(m, {
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'audit',
        entityId: audit.id,
        action: 'updated',
        before,
        after,
      });
      return toAuditView(await m.findOneByOrFail(AuditEntity, { id: audit.id }));
    });
  }

  async assignments(caller: Caller, auditId: string): Promise<AssignmentsView> {
    const m = this.ds.manager;
    const audit = await findAudit(m, caller, auditId);
    await this.assertCanSeeAudit(m, caller, audit);
    const catalogue = await this.catalogues.get(audit.contentHash);
    const rows = await m.find(SectionAssignmentEntity, {
      where: { auditId },
      order: { assignedAt: 'ASC', userId: 'ASC' },
    });
    const mine = caller.role === 'respondent';
    return {
      auditId,
      sections: catalogue.sections
        .map((s) => ({
          section: s.id,
          title: s.title,
          userIds: rows
            .filter((r) => r.section === s.id && (!mine || r.userId === caller.userId))
            .map((r) => r.userId),
        }))
        .filter((s) => !mine || s.userIds.length > 0),
    };
  }

  async putAssignments(caller: Caller, auditId: string, dto: PutAssignmentsDto): Promise<AssignmentsView> {
    await transaction(this.ds, async (m) => {
      const audit = await findAudit(m, caller, auditId, 'update');
      assertUnlocked(audit);
      const catalogue = await this.catalogues.get(audit.contentHash, m);
      const known = new Set(catalogue.sections.map((s) => s.id));
      const seen = new Set<string>();
      for (const [i, s] of dto.sections.entries()) {
        if (!known.has(s.section)) {
          throw new ProblemException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'SECTION.NOT_FOUND',
            'No such section',
            `The framework has no section '${s.section}' (sections: ${[...known].join(', ')}).`,
            { pointer: `/sections/${i}/section` },
          );
        }
        if (seen.has(s.section))
          throw new ProblemException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'SECTION.DUPLICATE',
            'Section named twice',
            `'${s.section}' appears more than once.`,
            { pointer: `/sections/${i}` },
          );
        seen.add(s.section);
      }
      const userIds = [...new Set(dto.sections.flatMap((s) => s.userIds.map((u) => u.toLowerCase())))];
      if (userIds.length) {
        const members: { user_id: string }[] = await m.query(
          `SELECT user_id FROM membership WHERE organisation_id = $1 AND user_id = ANY($2::uuid[])`,
          [caller.organisationId, userIds],
        );
        const missing = userIds.filter((u) => !members.some((r) => r.user_id === u));
        if (missing.length) {
          throw new ProblemException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'ASSIGNMENT.NOT_MEMBER',
            'Not a member',
            'Sections can only be assigned to members of the organisation.',
            { userIds: missing },
          );
        }
      }
      const before = await m.find(SectionAssignmentEntity, { where: { auditId } });
      for (const s of dto.sections) {
        await m.delete(SectionAssignmentEntity, { auditId, section: s.section });
        const ids = [...new Set(s.userIds.map((u) => u.toLowerCase()))];
        if (ids.length) {
          await m.insert(
            SectionAssignmentEntity,
            ids.map((userId) => ({
              auditId,
              section: s.section,
              userId,
              organisationId: caller.organisationId,
              assignedBy: caller.userId,
            })),
          );
        }
      }
      const group = (rows: { section: string; userId: string }[]) =>
        Object.fromEntries(
          dto.sections.map((s) => [
            s.section,
            rows
              .filter((r) => r.section === s.section)
              .map((r) => r.userId)
              .sort(),
          ]),
        );
      await this.trail.append(m, {
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'audit',
        entityId: auditId,
        action: 'assignments_changed',
        before: group(before),
        after: Object.fromEntries(
          dto.sections.map((s) => [s.section, [...new Set(s.userIds.map((u) => u.toLowerCase()))].sort()]),
        ),
      });
    });
    return this.assignments(caller, auditId);
  }

  async transition(
    caller: Caller,
    auditId: string,
    expected: number | undefined,
    action: AuditTransition,
  ): Promise<AuditView> {
    const rule = workflowTransition(action);
    return transaction(this.ds, async (m) => {
      const audit = await findAudit(m, caller, auditId, 'update');
      assertAuditVersion(audit, expected);
      if (transitionRefusal(action, audit.status, caller.role))
        throw invalidTransition(audit, `'${action}'`, rule.from);
      return this.moveTo(m, caller, audit, rule.to, rule.trailAction);
    });
  }

  /** What submitting needs, for the submit page: open, unconfirmed and sent-back questions among those shown. */
  async completeness(caller: Caller, auditId: string): Promise<CompletenessView> {
    const m = this.ds.manager;
    const audit = await findAudit(m, caller, auditId);
    await this.assertCanSeeAudit(m, caller, audit);
    const catalogue = await this.catalogues.get(audit.contentHash, m);
    const c = await this.completenessOf(m, catalogue, await this.profile(m, caller.organisationId), audit.id);
    return {
      auditId,
      total: c.total,
      answered: c.answered,
      open: [...c.open],
      needsReview: [...c.needsReview],
      needsChanges: [...c.needsChanges],
      complete: submitRefusal(c, undefined) === null,
    };
  }

  private async completenessOf(
    m: EntityManager,
    catalogue: Catalogue,
    profile: Profile,
    auditId: string,
  ): Promise<Completeness> {
    // In catalogue order, so open questions are listed as the questionnaire asks them.
    const visible = catalogueIndex(catalogue).applicability(profile).questions;
    return completeness(visible, await AuditVersionsRepository.answerStates(m, auditId));
  }

  /**
   * Submits with the attestation and stores the immutable result snapshot. The audit row is locked
   * first, so answers being saved finish before the snapshot reads them and later saves see it locked.
   */
  async submit(
    caller: Caller,
    auditId: string,
    expected: number | undefined,
    dto: SubmitAuditDto,
  ): Promise<AuditView> {
    assertContentFree([
      { pointer: '/statement', value: dto.statement },
      { pointer: '/role', value: dto.role },
    ]);
    if (expected === undefined) throw ifMatchRequired('submit');
    return transaction(this.ds, async (m) => {
      const audit = await findAudit(m, caller, auditId, 'update');
      assertAuditVersion(audit, expected);
      if (!SUBMITTABLE.includes(audit.status)) throw invalidTransition(audit, 'submitting', SUBMITTABLE);
      const catalogue = await this.catalogues.get(audit.contentHash, m);
      const profile = await this.profile(m, caller.organisationId);
      const open = await this.completenessOf(m, catalogue, profile, auditId);
      const refusal = submitRefusal(open, dto.acknowledgeOpenQuestions);
      if (refusal) throw submitRefused(refusal);
      const now = new Date();
      const attestation: Attestation = {
        statement: dto.statement,
        role: dto.role,
        userId: caller.userId,
        at: now.toISOString(),
        ...(open.open.length ? { incomplete: { open: open.open.length, total: open.total } } : {}),
      };
      const answers = await answersForScoring(m, auditId);
      const doc: SnapshotDocument = {
        auditId,
        organisationId: caller.organisationId,
        framework: { id: audit.frameworkId, version: audit.frameworkVersion, contentHash: audit.contentHash },
        formulaVersion: FORMULA_VERSION,
        profile,
        answers,
        attestation,
        result: evaluateAudit(catalogue, profile, answers),
        trailAnchor: await this.trail.anchorOf(m, caller.organisationId),
      };
      // Stored exactly as it will be read back, so the hash verifies against the stored document.
      const stored = JSON.parse(JSON.stringify(doc)) as SnapshotDocument;
      const snapshotHash = createHash('sha256').update(canonicalJson(stored)).digest('hex');
      const snapshot = await m.save(
        ResultSnapshotEntity,
        m.create(ResultSnapshotEntity, {
          auditId,
          organisationId: caller.organisationId,
          contentHash: audit.contentHash,
          formulaVersion: FORMULA_VERSION,
          result: stored,
          snapshotHash,
          createdBy: caller.userId,
        }),
      );
      await this.remediation.onAuditSubmitted(m, caller, auditId, stored.result, catalogue, now);
      audit.submittedBy = caller.userId;
      audit.submittedAt = now;
      audit.attestation = attestation;
      return this.moveTo(m, caller, audit, 'submitted', 'submitted', {
        attestation,
        snapshotId: snapshot.id,
        snapshotHash,
        overall: stored.result.overall ?? null,
        rating: stored.result.rating ?? null,
      });
    });
  }

  async reopen(
    caller: Caller,
    auditId: string,
    expected: number | undefined,
    reason: string,
  ): Promise<AuditView> {
    assertContentFree([{ pointer: '/reason', value: reason }]);
    if (expected === undefined) throw ifMatchRequired('reopen');
    return transaction(this.ds, async (m) => {
      const audit = await findAudit(m, caller, auditId, 'update');
      assertAuditVersion(audit, expected);
      if (audit.status !== 'submitted') {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'AUDIT.INVALID_TRANSITION',
          'Not possible in this status',
          `Only a submitted audit can be reopened; this one is ${audit.status}.`,
          { auditStatus: audit.status },
        );
      }
      // The snapshot and the attestation stay in result_snapshot and in the trail; the audit itself is open again.
      audit.submittedBy = null;
      audit.submittedAt = null;
      audit.attestation = null;
      return this.moveTo(m, caller, audit, 'in_review', 'reopened', { reason });
    });
  }

  private async moveTo(
    m: EntityManager,
    caller: Caller,
    audit: AuditEntity,
    to: AuditStatus,
    action: string,
    extra: Record<string, unknown> = {},
  ): Promise<AuditView> {
    const from = audit.status;
    audit.status = to;
    audit.version += 1;
    if (to === 'closed') audit.closedAt = new Date();
    await m.save(AuditEntity, audit);
    await this.trail.append(m, {
      organisationId: caller.organisationId,
      actorUserId: caller.userId,
      entity: 'audit',
      entityId: audit.id,
      action,
      before: { status: from },
      after: { status: to, ...extra },
    });
    return toAuditView(await m.findOneByOrFail(AuditEntity, { id: audit.id }));
  }

  /**
   * Results as JSON text with an ETag. Draft results are computed from the pinned catalogue and the
   * current answers, never stored; submitted results are the stored snapshot. Both are cached per process
   * by what they are computed from (answers' count and versions, the profile, the catalogue hash), so a
   * dashboard polling an unchanged audit costs one small query, and any saved answer changes the key.
   */
  async results(caller: Caller, auditId: string): Promise<ResultsDocument> {
    const [row] = await runPrepared<ResultsInputRow>(this.ds, RESULTS_INPUTS, [
      auditId,
      caller.organisationId,
      caller.userId,
    ]);
    if (!row) throw auditNotFound();
    if (caller.role === 'respondent') {
      if (!row.assigned)
        throw new ProblemException(
          HttpStatus.FORBIDDEN,
          'AUDIT.NOT_ASSIGNED',
          'Not assigned',
          'No section of this audit is assigned to you.',
        );
      if (!row.respondents_see_scores) {
        throw new ProblemException(
          HttpStatus.FORBIDDEN,
          'RESULTS.HIDDEN',
          'Scores are not shown to respondents',
          'Your organisation shows scores to compliance officers, admins and auditors only.',
        );
      }
    }
    const submitted = row.status === 'submitted' || row.status === 'closed';
    const draftKey = (profileHash: string) =>
      `draft:${auditId}:${row.content_hash}:${row.answers_state}:${profileHash}`;
    let key = submitted ? `snapshot:${row.snapshot_id}` : draftKey(row.profile_hash);
    const cached = this.resultsCache.get(key);
    if (cached) {
      // Re-inserted so the map's order is least-recently used first.
      this.resultsCache.delete(key);
      this.resultsCache.set(key, cached);
      return cached;
    }
    const framework = { id: row.framework_id, version: row.framework_version, contentHash: row.content_hash };
    let view: AuditResultsView;
    if (submitted) {
      const snapshot = row.snapshot_id
        ? await this.ds.manager.findOneBy(ResultSnapshotEntity, { id: row.snapshot_id })
        : null;
      if (!snapshot) throw auditNotFound();
      const doc = snapshot.result as SnapshotDocument;
      assertSnapshotIntact(snapshot.id, doc, snapshot.snapshotHash);
      // A snapshot stored in an older results format is upgraded as it is read; the stored row never changes.
      const result = upgradeAuditResult(doc.result, (await this.catalogues.get(row.content_hash)).sources);
      view = {
        auditId,
        kind: 'submitted',
        framework,
        formulaVersion: snapshot.formulaVersion,
        computedAt: snapshot.createdAt.toISOString(),
        snapshotHash: snapshot.snapshotHash,
        attestation: doc.attestation,
        result,
      };
    } else {
      const catalogue = await this.catalogues.get(row.content_hash);
      // The profile and the hash it is cached under come from one statement, so they cannot disagree.
      const [{ profile, profile_hash }]: { profile: Profile | null; profile_hash: string }[] =
        await this.ds.query(
          `SELECT profile, aup_profile_hash(profile) AS profile_hash FROM organisation WHERE id = $1`,
          [caller.organisationId],
        );
      key = draftKey(profile_hash);
      view = {
        auditId,
        kind: 'draft',
        framework,
        formulaVersion: FORMULA_VERSION,
        computedAt: new Date().toISOString(),
        snapshotHash: null,
        attestation: null,
        result: evaluateAudit(catalogue, profile ?? {}, await answersForScoring(this.ds.manager, auditId)),
      };
    }
    const entry: ResultsDocument = {
      etag: `"${createHash('sha256').update(key).digest('hex').slice(0, 32)}"`,
      json: JSON.stringify(view),
      reads: 0,
    };
    this.resultsCache.set(key, entry);
    if (this.resultsCache.size > RESULTS_CACHE_SIZE)
      this.resultsCache.delete(this.resultsCache.keys().next().value!);
    return entry;
  }

  /** Every submission of the audit, oldest first: each keeps its snapshot, attestation and hash after a reopen. */
  async versions(caller: Caller, auditId: string): Promise<AuditVersionView[]> {
    await findAudit(this.ds.manager, caller, auditId);
    const rows = await AuditVersionsRepository.list(this.ds.manager, auditId);
    return rows.map((r) => ({
      version: r.version,
      snapshotId: r.id,
      submittedAt: new Date(r.created_at).toISOString(),
      submittedBy: r.created_by,
      snapshotHash: r.snapshot_hash,
      attestation: r.attestation,
      overall: r.overall,
      rating: r.rating,
    }));
  }

  /** One submission's results, as GET .../results gave them while it was the current one. */
  async version(caller: Caller, auditId: string, version: number): Promise<AuditResultsView> {
    const audit = await findAudit(this.ds.manager, caller, auditId);
    const snapshot = await this.snapshotVersion(auditId, version);
    const doc = snapshot.result as SnapshotDocument;
    return {
      auditId,
      kind: 'submitted',
      framework: doc.framework,
      formulaVersion: snapshot.formulaVersion,
      computedAt: snapshot.createdAt.toISOString(),
      snapshotHash: snapshot.snapshotHash,
      attestation: doc.attestation,
      result: upgradeAuditResult(doc.result, (await this.catalogues.get(audit.contentHash)).sources),
    };
  }

  /** Scores and answers that changed between two submissions. */
  async diff(caller: Caller, auditId: string, from: number, to: number): Promise<AuditVersionDiffView> {
    await findAudit(this.ds.manager, caller, auditId);
    const [a, b] = [await this.snapshotVersion(auditId, from), await this.snapshotVersion(auditId, to)];
    const doc = (s: ResultSnapshotEntity) => s.result as SnapshotDocument & { answers: Answers };
    return {
      auditId,
      from,
      to,
      ...(diffSnapshots(doc(a), doc(b)) as Omit<AuditVersionDiffView, 'auditId' | 'from' | 'to'>),
    };
  }

  private async snapshotVersion(auditId: string, version: number): Promise<ResultSnapshotEntity> {
    const snapshot = await AuditVersionsRepository.find(this.ds.manager, auditId, version);
    if (!snapshot)
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'AUDIT.VERSION_NOT_FOUND',
        'No such version',
        `The audit has no submission number ${version}.`,
        { version },
      );
    return snapshot;
  }

  /** The questions of one section that show for the organisation's profile, with answers, help and sources. */
  async section(caller: Caller, auditId: string, sectionId: string): Promise<SectionView> {
    const m = this.ds.manager;
    const audit = await findAudit(m, caller, auditId);
    const catalogue = await this.catalogues.get(audit.contentHash);
    const section = catalogue.sections.find((s) => s.id === sectionId);
    if (!section) {
      throw new ProblemException(
        HttpStatus.NOT_FOUND,
        'SECTION.NOT_FOUND',
        'No such section',
        `The framework has no section '${sectionId}' (sections: ${catalogue.sections.map((s) => s.id).join(', ')}).`,
      );
    }
    await assertCanReadSection(m, caller, auditId, section.id);
    const index = catalogueIndex(catalogue);
    const questions = questionsForSection(
      catalogue,
      await this.profile(m, caller.organisationId),
      section.id,
    );
    const ids = questions.map((q) => q.id);
    const answers = await loadAnswers(m, auditId, ids);
    const counts: { question_id: string; n: number }[] = ids.length
      ? await m.query(
          `SELECT question_id, count(*)::int AS n FROM answer_comment WHERE audit_id = $1 AND question_id = ANY($2) GROUP BY question_id`,
          [auditId, ids],
        )
      : [];
    const views: QuestionView[] = questions.map((q) => {
      const control = index.controls.get(q.controlId);
      const options = q.options ?? (q.type === 'yes_no_partial' ? YES_NO_PARTIAL_OPTIONS : []);
      return {
        id: q.id,
        controlId: q.controlId,
        controlTitle: control?.title ?? q.controlId,
        text: q.text,
        type: q.type,
        help: q.help ?? null,
        helpSources: q.helpSources.flatMap((id) => {
          const s = index.sources.get(id);
          return s
            ? [
                {
                  id: s.id,
                  title: s.title,
                  ...(s.publisher ? { publisher: s.publisher } : {}),
                  ...(s.year ? { year: s.year } : {}),
                  ...(s.url ? { url: s.url } : {}),
                },
              ]
            : [];
        }),
        options: options.map((o) => ({
          value: o.value,
          label: o.label,
          ...(o.help ? { help: o.help } : {}),
          ...(o.alternative ? { alternative: true } : {}),
          ...(o.unknown ? { unknown: true } : {}),
          ...(o.na ? { na: true } : {}),
        })),
        ...(q.min !== undefined ? { min: q.min } : {}),
        ...(q.max !== undefined ? { max: q.max } : {}),
        ...(q.unit ? { unit: q.unit } : {}),
        ...(q.maxLength ? { maxLength: q.maxLength } : {}),
        answer: answers.get(q.id) ?? null,
        comments: counts.find((c) => c.question_id === q.id)?.n ?? 0,
      };
    });
    return {
      auditId,
      auditStatus: audit.status,
      section: {
        id: section.id,
        title: section.title,
        ...(section.description ? { description: section.description } : {}),
      },
      questions: views,
    };
  }

  private async profile(m: EntityManager, organisationId: string): Promise<Profile> {
    const [{ profile }]: { profile: Profile }[] = await m.query(
      `SELECT profile FROM organisation WHERE id = $1`,
      [organisationId],
    );
    return profile ?? {};
  }

  /** Respondents see only audits they have a section in. */
  private async assertCanSeeAudit(m: EntityManager, caller: Caller, audit: AuditEntity): Promise<void> {
    if (caller.role !== 'respondent' || isManager(caller)) return;
    if (!(await assignedSections(m, audit.id, caller.userId)).size) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'AUDIT.NOT_ASSIGNED',
        'Not assigned',
        'No section of this audit is assigned to you.',
      );
    }
  }
}
