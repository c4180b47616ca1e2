import { createHash } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
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
  AnswerRepository,
  AuditRepository,
  AuditVersionsRepository,
  MembersRepository,
  OrganisationRepository,
  Transactions,
  type AuditRecord,
  type ResultSnapshotRecord,
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

const invalidTransition = (audit: AuditRecord, what: string, from: readonly AuditStatus[]) =>
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

/** Results documents kept per process (each a few hundred KB at most). */
const RESULTS_CACHE_SIZE = 200;

@Injectable()
export class AuditsService {
  private readonly resultsCache = new Map<string, ResultsDocument>();

  constructor(
    private readonly snapshots: AuditVersionsRepository,
    private readonly transactions: Transactions,
    private readonly audits: AuditRepository,
    private readonly answers: AnswerRepository,
    private readonly members: MembersRepository,
    private readonly organisations: OrganisationRepository,
    private readonly catalogues: CatalogueStore,
    private readonly trail: AuditTrailService,
    private readonly remediation: RemediationService,
  ) {}

  async list(caller: Caller, query: AuditListQueryDto): Promise<Page<AuditView>> {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const { items, total } = await this.audits.list(
      caller.organisationId,
      // Respondents see the audits they have work in.
      { status: query.status, assignedTo: caller.role === 'respondent' ? caller.userId : undefined },
      limit,
      offset,
    );
    return { items: items.map(toAuditView), total, limit, offset };
  }

  async create(caller: Caller, dto: CreateAuditDto): Promise<AuditView> {
    assertContentFree([{ pointer: '/title', value: dto.title }]);
    return this.transactions.run(async () => {
      const catalogue = await this.catalogues.pin(dto.framework);
      const previous = dto.fromAuditId ? await findAudit(this.audits, caller, dto.fromAuditId) : undefined;
      const audit = await this.audits.create({
        organisationId: caller.organisationId,
        frameworkId: catalogue.framework.id,
        frameworkVersion: catalogue.framework.version,
        contentHash: catalogue.contentHash,
        title: dto.title,
        dueDate: dto.dueDate ?? null,
        previousAuditId: previous?.id ?? null,
        createdBy: caller.userId,
      });
      const copied = previous ? await this.copyAnswers(caller, previous, audit, catalogue) : 0;
      await this.remediation.onAuditCreated(caller, audit.id);
      await this.trail.append({
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
      return toAuditView(audit);
    });
  }

  /**
   * Copies the previous audit's answers that are still valid under the new catalogue, marked
   * needs_review, with their evidence; each copy starts its own history at version 1.
   */
  private async copyAnswers(
    caller: Caller,
    previous: AuditRecord,
    audit: AuditRecord,
    catalogue: Catalogue,
  ): Promise<number> {
    const { questions } = catalogueIndex(catalogue);
    const old = await loadAnswers(this.answers, previous.id);
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
    await this.answers.copyInto(
      audit.id,
      caller.organisationId,
      keep.map((a) => ({
        questionId: a.questionId,
        value: a.value,
        justification: a.justification,
        note: a.note,
        answeredBy: a.answeredBy,
        answeredAt: a.answeredAt,
        evidence: a.evidence,
      })),
      caller.userId,
    );
    return keep.length;
  }

  async get(caller: Caller, auditId: string): Promise<AuditView> {
    const audit = await findAudit(this.audits, caller, auditId);
    await this.assertCanSeeAudit(caller, audit);
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
    return this.transactions.run(async () => {
      const audit = await findAudit(this.audits, caller, auditId, 'update');
      assertAuditVersion(audit, expected);
      assertUnlocked(audit);
      const before = { title: audit.title, dueDate: audit.dueDate };
      if (dto.title !== undefined) audit.title = dto.title;
      if (dto.dueDate !== undefined) audit.dueDate = dto.dueDate;
      const after = { title: audit.title, dueDate: audit.dueDate };
      if (canonicalJson(before) === canonicalJson(after)) return toAuditView(audit);
      audit.version += 1;
      const saved = await this.audits.update(audit.id, audit);
      await this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'audit',
        entityId: audit.id,
        action: 'updated',
        before,
        after,
      });
      return toAuditView(saved);
    });
  }

  async assignments(caller: Caller, auditId: string): Promise<AssignmentsView> {
    const audit = await findAudit(this.audits, caller, auditId);
    await this.assertCanSeeAudit(caller, audit);
    const catalogue = await this.catalogues.get(audit.contentHash);
    const rows = await this.audits.assignments(auditId);
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
    await this.transactions.run(async () => {
      const audit = await findAudit(this.audits, caller, auditId, 'update');
      assertUnlocked(audit);
      const catalogue = await this.catalogues.get(audit.contentHash);
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
        const members = await this.members.membersAmong(caller.organisationId, userIds);
        const missing = userIds.filter((u) => !members.has(u));
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
      const before = await this.audits.assignments(auditId);
      for (const s of dto.sections) {
        await this.audits.replaceSectionAssignment({
          auditId,
          organisationId: caller.organisationId,
          section: s.section,
          userIds: [...new Set(s.userIds.map((u) => u.toLowerCase()))],
          assignedBy: caller.userId,
        });
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
      await this.trail.append({
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
    return this.transactions.run(async () => {
      const audit = await findAudit(this.audits, caller, auditId, 'update');
      assertAuditVersion(audit, expected);
      if (transitionRefusal(action, audit.status, caller.role))
        throw invalidTransition(audit, `'${action}'`, rule.from);
      return this.moveTo(caller, audit, rule.to, rule.trailAction);
    });
  }

  /** What submitting needs, for the submit page: open, unconfirmed and sent-back questions among those shown. */
  async completeness(caller: Caller, auditId: string): Promise<CompletenessView> {
    const audit = await findAudit(this.audits, caller, auditId);
    await this.assertCanSeeAudit(caller, audit);
    const catalogue = await this.catalogues.get(audit.contentHash);
    const c = await this.completenessOf(catalogue, await this.profile(caller.organisationId), audit.id);
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
    catalogue: Catalogue,
    profile: Profile,
    auditId: string,
  ): Promise<Completeness> {
    // In catalogue order, so open questions are listed as the questionnaire asks them.
    const visible = catalogueIndex(catalogue).applicability(profile).questions;
    return completeness(visible, await this.snapshots.answerStates(auditId));
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
    return this.transactions.run(async () => {
      const audit = await findAudit(this.audits, caller, auditId, 'update');
      assertAuditVersion(audit, expected);
      if (!SUBMITTABLE.includes(audit.status)) throw invalidTransition(audit, 'submitting', SUBMITTABLE);
      const catalogue = await this.catalogues.get(audit.contentHash);
      const profile = await this.profile(caller.organisationId);
      const open = await this.completenessOf(catalogue, profile, auditId);
      const refusal = submitRefusal(open, dto.acknowledgeOpenQuestions);
      if (refusal) throw submitRefused(refusal);
      // The organisation's remediation lock before the snapshot: the snapshot's trigger locks the portfolio
      // row, and every change to the policy model (and a profile change) takes the two in this order.
      await this.remediation.lockOrganisation(caller.organisationId);
      const now = new Date();
      const attestation: Attestation = {
        statement: dto.statement,
        role: dto.role,
        userId: caller.userId,
        at: now.toISOString(),
        ...(open.open.length ? { incomplete: { open: open.open.length, total: open.total } } : {}),
      };
      const answers = await answersForScoring(this.answers, auditId);
      const doc: SnapshotDocument = {
        auditId,
        organisationId: caller.organisationId,
        framework: { id: audit.frameworkId, version: audit.frameworkVersion, contentHash: audit.contentHash },
        formulaVersion: FORMULA_VERSION,
        profile,
        answers,
        attestation,
        result: evaluateAudit(catalogue, profile, answers),
        trailAnchor: await this.trail.anchorOf(caller.organisationId),
      };
      // Stored exactly as it will be read back, so the hash verifies against the stored document.
      const stored = JSON.parse(JSON.stringify(doc)) as SnapshotDocument;
      const snapshotHash = createHash('sha256').update(canonicalJson(stored)).digest('hex');
      const snapshot = await this.snapshots.create({
        auditId,
        organisationId: caller.organisationId,
        contentHash: audit.contentHash,
        formulaVersion: FORMULA_VERSION,
        result: stored,
        snapshotHash,
        createdBy: caller.userId,
      });
      await this.remediation.onAuditSubmitted(caller, auditId, stored.result, catalogue, now);
      audit.submittedBy = caller.userId;
      audit.submittedAt = now;
      audit.attestation = attestation;
      return this.moveTo(caller, audit, 'submitted', 'submitted', {
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
    return this.transactions.run(async () => {
      const audit = await findAudit(this.audits, caller, auditId, 'update');
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
      return this.moveTo(caller, audit, 'in_review', 'reopened', { reason });
    });
  }

  private async moveTo(
    caller: Caller,
    audit: AuditRecord,
    to: AuditStatus,
    action: string,
    extra: Record<string, unknown> = {},
  ): Promise<AuditView> {
    const from = audit.status;
    audit.status = to;
    audit.version += 1;
    if (to === 'closed') audit.closedAt = new Date();
    const saved = await this.audits.update(audit.id, audit);
    await this.trail.append({
      organisationId: caller.organisationId,
      actorUserId: caller.userId,
      entity: 'audit',
      entityId: audit.id,
      action,
      before: { status: from },
      after: { status: to, ...extra },
    });
    return toAuditView(saved);
  }

  /**
   * Results as JSON text with an ETag. Draft results are computed from the pinned catalogue and the
   * current answers, never stored; submitted results are the stored snapshot. Both are cached per process
   * by what they are computed from (the answers' revision, the profile's hash, the catalogue hash), so a
   * dashboard polling an unchanged audit costs one small query, and any saved answer changes the key.
   */
  async results(caller: Caller, auditId: string): Promise<ResultsDocument> {
    const row = await this.audits.resultsInputs(auditId, caller.organisationId, caller.userId);
    if (!row) throw auditNotFound();
    if (caller.role === 'respondent') {
      if (!row.assigned)
        throw new ProblemException(
          HttpStatus.FORBIDDEN,
          'AUDIT.NOT_ASSIGNED',
          'Not assigned',
          'No section of this audit is assigned to you.',
        );
      if (!row.respondentsSeeScores) {
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
      `draft:${auditId}:${row.contentHash}:${row.answersRevision}:${profileHash}`;
    let key = submitted ? `snapshot:${row.snapshotId}` : draftKey(row.profileHash);
    const cached = this.resultsCache.get(key);
    if (cached) {
      // Re-inserted so the map's order is least-recently used first.
      this.resultsCache.delete(key);
      this.resultsCache.set(key, cached);
      return cached;
    }
    const framework = { id: row.frameworkId, version: row.frameworkVersion, contentHash: row.contentHash };
    let view: AuditResultsView;
    if (submitted) {
      const snapshot = row.snapshotId ? await this.snapshots.findById(row.snapshotId) : null;
      if (!snapshot) throw auditNotFound();
      const doc = snapshot.result as SnapshotDocument;
      assertSnapshotIntact(snapshot.id, doc, snapshot.snapshotHash);
      // A snapshot stored in an older results format is upgraded as it is read; the stored row never changes.
      const result = upgradeAuditResult(doc.result, (await this.catalogues.get(row.contentHash)).sources);
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
      const catalogue = await this.catalogues.get(row.contentHash);
      // The profile and the hash it is cached under come from one statement, so they cannot disagree.
      const { profile, profileHash } = await this.organisations.profileWithHash<Profile>(
        caller.organisationId,
      );
      key = draftKey(profileHash);
      view = {
        auditId,
        kind: 'draft',
        framework,
        formulaVersion: FORMULA_VERSION,
        computedAt: new Date().toISOString(),
        snapshotHash: null,
        attestation: null,
        result: evaluateAudit(catalogue, profile ?? {}, await answersForScoring(this.answers, auditId)),
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
    await findAudit(this.audits, caller, auditId);
    const rows = await this.snapshots.list(auditId);
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
    const audit = await findAudit(this.audits, caller, auditId);
    const snapshot = await this.snapshotVersion(auditId, version);
    const doc = snapshot.result as SnapshotDocument;
    assertSnapshotIntact(snapshot.id, doc, snapshot.snapshotHash);
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
    await findAudit(this.audits, caller, auditId);
    const [a, b] = [await this.snapshotVersion(auditId, from), await this.snapshotVersion(auditId, to)];
    for (const s of [a, b]) assertSnapshotIntact(s.id, s.result, s.snapshotHash);
    const doc = (s: ResultSnapshotRecord) => s.result as SnapshotDocument & { answers: Answers };
    return {
      auditId,
      from,
      to,
      ...(diffSnapshots(doc(a), doc(b)) as Omit<AuditVersionDiffView, 'auditId' | 'from' | 'to'>),
    };
  }

  private async snapshotVersion(auditId: string, version: number): Promise<ResultSnapshotRecord> {
    const snapshot = await this.snapshots.find(auditId, version);
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
    const audit = await findAudit(this.audits, caller, auditId);
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
    await assertCanReadSection(this.audits, caller, auditId, section.id);
    const index = catalogueIndex(catalogue);
    const questions = questionsForSection(catalogue, await this.profile(caller.organisationId), section.id);
    const ids = questions.map((q) => q.id);
    const answers = await loadAnswers(this.answers, auditId, ids);
    const counts = await this.answers.commentCounts(auditId, ids);
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
        comments: counts.get(q.id) ?? 0,
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

  private async profile(organisationId: string): Promise<Profile> {
    return (await this.organisations.profile<Profile | null>(organisationId)) ?? {};
  }

  /** Respondents see only audits they have a section in. */
  private async assertCanSeeAudit(caller: Caller, audit: AuditRecord): Promise<void> {
    if (caller.role !== 'respondent' || isManager(caller)) return;
    if (!(await assignedSections(this.audits, audit.id, caller.userId)).size) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'AUDIT.NOT_ASSIGNED',
        'Not assigned',
        'No section of this audit is assigned to you.',
      );
    }
  }
}
