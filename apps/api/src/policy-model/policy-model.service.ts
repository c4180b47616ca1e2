import { HttpStatus, Injectable } from '@nestjs/common';
import type {
  ActionPlanView,
  AuditEventView,
  ClausesView,
  ClauseView,
  ObligationLineView,
  ObligationsView,
  DocumentFormat,
  Page,
  PlanStepView,
  PolicyDocumentName,
  PolicyDocumentView,
  SourceRef,
  SuggestionsView,
} from '@aup/contracts';
import {
  PolicyDocumentRepository,
  PolicyModelRepository,
  Transactions,
  type PolicyDocumentRecord,
  type StoredClause,
  type StoredPlan,
  type StoredRegisterEntry,
  type StoredStep,
  type Versioned,
  AuditRepository,
} from '@aup/db';
import {
  assignmentProblem,
  clauseChangeProblems,
  clauseCoverage,
  clausesFor,
  clauseWording,
  isHttpUrl,
  obligationsRegister,
  orderedSteps,
  planCompleteness,
  type ActionPlanStep,
  type ApplicableClause,
  type Catalogue,
  type ObligationsRegister,
  type PlanCompleteness,
  type Profile,
  actionPlanDocument,
  auditSuggestions,
  policyDocument,
  type PolicyDocumentModel,
} from '@aup/domain';
import { JobProducer } from '@aup/jobs';
import { PolicyModelRefresh, PolicyTemplates } from '@aup/policy-model';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { assignedSections, findAudit } from '../audits/audit-access';
import { CatalogueStore } from '../audits/catalogue-store.service';
import type { CurrentMembershipInfo } from '../common/principal';
import { assertContentFree } from '../common/content-screening';
import { ProblemException } from '../common/problem';
import type {
  HistoryQueryDto,
  PatchActionPlanDto,
  PutClauseDto,
  PutObligationDto,
  PutPlanStepDto,
} from './dto/policy-model.dto';

type Caller = CurrentMembershipInfo;

export const NOT_LEGAL_ADVICE =
  'Statements about law are sourced and dated and are not legal advice. Counsel confirms each obligation for the organisation before it is relied on.';

/** A telephone number as printed on a unit's public page: digits, spaces, brackets, dashes, an optional leading +. */
const PHONE = /^\+?[0-9][0-9 ()-]{4,24}$/;
/** A reporting route is a public https page or a switchboard number; e-mail addresses stay out of the trail. */
export const isReportingRoute = (route: string) =>
  (isHttpUrl(route) && route.startsWith('https://')) || PHONE.test(route.trim());

const today = () => new Date().toISOString().slice(0, 10);
const meta = (r: Versioned | null | undefined) => ({
  version: r?.version ?? 0,
  updatedBy: r?.updatedBy ?? null,
  updatedAt: r?.updatedAt ?? null,
});

const notFound = (what: string) =>
  new ProblemException(
    HttpStatus.NOT_FOUND,
    'RESOURCE.NOT_FOUND',
    'Not found',
    `${what} does not exist in the organisation's policy model.`,
  );

/** If-Match is required once a record exists and must name its current version. */
function checkVersion(
  existing: Versioned | null,
  expected: number | undefined,
  current: () => unknown,
): void {
  if (!existing) return;
  if (expected === undefined) {
    throw new ProblemException(
      HttpStatus.PRECONDITION_REQUIRED,
      'REQUEST.PRECONDITION_REQUIRED',
      'If-Match required',
      'Send If-Match with the version you edited (the ETag of your last read).',
    );
  }
  if (expected !== existing.version) {
    throw new ProblemException(
      HttpStatus.CONFLICT,
      'POLICY.VERSION_CONFLICT',
      'The record has changed',
      `You sent version ${expected}; the record is at version ${existing.version}. Reload it and try again.`,
      {
        current: current(),
      },
    );
  }
}

const unprocessable = (code: string, detail: string, extra: Record<string, unknown> = {}) =>
  new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, code, 'Not accepted', detail, extra);

/** The organisation's policy model: clause states, action plan and obligations register, kept against the latest templates. */
@Injectable()
export class PolicyModelService {
  constructor(
    private readonly audits: AuditRepository,
    private readonly transactions: Transactions,
    private readonly repo: PolicyModelRepository,
    private readonly templates: PolicyTemplates,
    private readonly trail: AuditTrailService,
    private readonly catalogues: CatalogueStore,
    private readonly refresher: PolicyModelRefresh,
    private readonly documents: PolicyDocumentRepository,
    private readonly jobs: JobProducer,
  ) {}

  private catalogue(): Catalogue {
    return this.templates.latest();
  }

  private sources(ids: Iterable<string>): Record<string, SourceRef> {
    const byId = new Map(this.catalogue().sources.map((s) => [s.id, s]));
    const out: Record<string, SourceRef> = {};
    for (const id of ids) {
      const s = byId.get(id);
      if (s)
        out[id] = {
          id,
          title: s.title,
          publisher: s.publisher ?? null,
          year: s.year ?? null,
          url: s.url ?? null,
        };
    }
    return out;
  }

  private framework() {
    const c = this.catalogue();
    return { id: c.framework.id, version: c.framework.version };
  }

  // ---- clauses

  async clauses(caller: Caller): Promise<ClausesView> {
    const org = await this.repo.organisation(caller.organisationId);
    const records = await this.repo.clauses(caller.organisationId);
    const view = this.clausesView(org, records);
    await this.refresher.refresh(caller.organisationId);
    return view;
  }

  private clausesView(
    org: { name: string; profile: Profile },
    records: Map<string, StoredClause>,
  ): ClausesView {
    const clauses = clausesFor(this.catalogue(), org.profile);
    return {
      framework: this.framework(),
      coverage: clauseCoverage(clauses, records) as ClausesView['coverage'],
      items: clauses.map((c) => this.clauseView(c, records.get(c.clause.id), org.name)),
      sources: this.sources(clauses.flatMap((c) => c.clause.sources)),
    };
  }

  private clauseView(c: ApplicableClause, r: StoredClause | undefined, orgName: string): ClauseView {
    return {
      id: c.clause.id,
      number: c.number,
      title: c.clause.title,
      text: clauseWording(c, undefined, orgName),
      applies: c.applies,
      variants: c.variants.map((v) => ({
        id: v.id,
        title: v.title,
        text: v.text.replaceAll('{{organisation}}', orgName).trim(),
      })),
      controls: [...c.clause.controls],
      sourceIds: [...c.clause.sources],
      state: r?.state ?? null,
      variantId: r?.variantId ?? null,
      wording: r?.wording ?? null,
      documentRef: r?.documentRef ?? null,
      reason: r?.reason ?? null,
      ownerUserId: r?.ownerUserId ?? null,
      lastReviewedOn: r?.lastReviewedOn ?? null,
      adoptedOn: r?.adoptedOn ?? null,
      ...meta(r),
    };
  }

  async putClause(
    caller: Caller,
    clauseId: string,
    ifMatch: number | undefined,
    dto: PutClauseDto,
  ): Promise<ClauseView> {
    assertContentFree([
      { pointer: '/wording', value: dto.wording },
      { pointer: '/documentRef', value: dto.documentRef },
      { pointer: '/reason', value: dto.reason },
    ]);
    return this.transactions.run(async () => {
      const org = await this.repo.organisation(caller.organisationId);
      const clause = clausesFor(this.catalogue(), org.profile).find((c) => c.clause.id === clauseId);
      if (!clause) throw notFound(`Clause ${clauseId.slice(0, 80)}`);
      const existing = await this.repo.clause(caller.organisationId, clauseId, true);
      checkVersion(existing, ifMatch, () => this.clauseView(clause, existing ?? undefined, org.name));
      const problems = clauseChangeProblems(clause, dto);
      if (problems.length)
        throw unprocessable(problems[0].code, problems[0].message, {
          pointer: problems[0].pointer,
          errors: problems,
        });
      await this.assertMembers(caller, { '/ownerUserId': dto.ownerUserId });
      const saved = await this.repo.saveClause(
        caller.organisationId,
        {
          clauseId,
          state: dto.state,
          variantId: dto.variantId ?? null,
          wording: dto.wording ?? null,
          documentRef: dto.documentRef ?? null,
          reason: dto.state === 'not_applicable' ? (dto.reason ?? null) : null,
          ownerUserId: dto.ownerUserId ?? null,
          lastReviewedOn: dto.lastReviewedOn ?? null,
        },
        caller.userId,
      );
      await this.recordChange(caller, 'policy_clause', clauseId, existing, saved);
      return this.clauseView(clause, saved, org.name);
    });
  }

  // ---- action plan

  async actionPlan(caller: Caller): Promise<ActionPlanView> {
    const view = await this.actionPlanView(caller.organisationId);
    await this.refresher.refresh(caller.organisationId);
    return view;
  }

  private async actionPlanView(orgId: string): Promise<ActionPlanView> {
    const [plan, steps, register] = [
      await this.repo.plan(orgId),
      await this.repo.steps(orgId),
      await this.registerOf(orgId),
    ];
    const completeness = this.completeness(plan, steps, register);
    const ordered = orderedSteps(this.catalogue().actionPlan, steps);
    return {
      framework: this.framework(),
      reviewedOn: plan?.reviewedOn ?? null,
      ...meta(plan),
      completeness: completeness as ActionPlanView['completeness'],
      steps: ordered.map((s) => this.stepView(s, steps.get(s.id))),
      sources: this.sources(ordered.flatMap((s) => s.sources)),
    };
  }

  private completeness(
    plan: StoredPlan | null,
    steps: Map<string, StoredStep>,
    register: ObligationsRegister,
  ): PlanCompleteness {
    return planCompleteness({
      steps: this.catalogue().actionPlan,
      records: steps,
      reviewedOn: plan?.reviewedOn ?? null,
      reportsWithoutRoute: register.reportsWithoutRoute,
      today: today(),
    });
  }

  private stepView(s: ActionPlanStep, r: StoredStep | undefined): PlanStepView {
    const index = this.catalogue().actionPlan.findIndex((x) => x.id === s.id);
    return {
      id: s.id,
      title: s.title,
      purpose: s.purpose,
      actions: [...s.actions],
      never: [...s.never],
      ownerRole: s.ownerRole,
      sourceIds: [...s.sources],
      position: r?.position ?? index + 1,
      ownerUserId: r?.ownerUserId ?? null,
      deputyUserId: r?.deputyUserId ?? null,
      contacts: r ? r.contacts.map((c) => ({ ...c })) : [],
      lastExercisedOn: r?.lastExercisedOn ?? null,
      notes: r?.notes ?? null,
      ...meta(r),
    };
  }

  async patchActionPlan(
    caller: Caller,
    ifMatch: number | undefined,
    dto: PatchActionPlanDto,
  ): Promise<ActionPlanView> {
    return this.transactions.run(async () => {
      const existing = await this.repo.plan(caller.organisationId, true);
      checkVersion(existing, ifMatch, () => existing);
      const saved = await this.repo.savePlan(caller.organisationId, dto.reviewedOn ?? null, caller.userId);
      await this.refresher.refresh(caller.organisationId, { itemsBy: caller.userId });
      await this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'action_plan',
        entityId: caller.organisationId,
        action: existing ? 'updated' : 'created',
        before: existing ? { reviewedOn: existing.reviewedOn } : null,
        after: { reviewedOn: saved.reviewedOn },
      });
      return this.actionPlanView(caller.organisationId);
    });
  }

  async putStep(
    caller: Caller,
    stepId: string,
    ifMatch: number | undefined,
    dto: PutPlanStepDto,
  ): Promise<PlanStepView> {
    assertContentFree([
      { pointer: '/notes', value: dto.notes },
      ...(dto.contacts ?? []).map((c, i) => ({ pointer: `/contacts/${i}/role`, value: c.role })),
    ]);
    const badRoute = (dto.contacts ?? []).findIndex((c) => !isReportingRoute(c.route));
    if (badRoute >= 0) throw routeNotAccepted(`/contacts/${badRoute}/route`);
    const same = assignmentProblem(dto.ownerUserId, dto.deputyUserId);
    if (same) throw unprocessable(same.code, same.message, { pointer: '/deputyUserId' });
    const template = this.catalogue().actionPlan.find((s) => s.id === stepId);
    if (!template) throw notFound(`Step ${stepId.slice(0, 80)}`);
    return this.transactions.run(async () => {
      const existing = await this.repo.step(caller.organisationId, stepId, true);
      checkVersion(existing, ifMatch, () => this.stepView(template, existing ?? undefined));
      await this.assertMembers(caller, {
        '/ownerUserId': dto.ownerUserId,
        '/deputyUserId': dto.deputyUserId,
      });
      const position =
        dto.position ?? existing?.position ?? this.catalogue().actionPlan.indexOf(template) + 1;
      const saved = await this.repo.saveStep(
        caller.organisationId,
        {
          stepId,
          position,
          ownerUserId: dto.ownerUserId ?? null,
          deputyUserId: dto.deputyUserId ?? null,
          contacts: (dto.contacts ?? []).map((c) => ({
            kind: c.kind,
            role: c.role.trim(),
            route: c.route.trim(),
          })),
          lastExercisedOn: dto.lastExercisedOn ?? null,
          notes: dto.notes ?? null,
        },
        caller.userId,
      );
      await this.recordChange(caller, 'action_plan_step', stepId, existing, saved);
      return this.stepView(template, saved);
    });
  }

  // ---- obligations register

  private async registerOf(
    orgId: string,
  ): Promise<ObligationsRegister & { records: Map<string, StoredRegisterEntry> }> {
    const org = await this.repo.organisation(orgId);
    const records = await this.repo.register(orgId);
    return { ...obligationsRegister(this.catalogue(), org.profile, records), records };
  }

  async obligations(caller: Caller): Promise<ObligationsView> {
    const register = await this.registerOf(caller.organisationId);
    await this.refresher.refresh(caller.organisationId);
    return this.obligationsView(register);
  }

  private obligationsView(
    register: ObligationsRegister & { records: Map<string, StoredRegisterEntry> },
  ): ObligationsView {
    return {
      framework: this.framework(),
      items: register.lines.map((l) =>
        this.obligationView(l.obligation, l.mandatoryReport, register.records.get(l.obligation.id)),
      ),
      notCovered: register.notCovered.map((c) => ({ country: c.country, message: c.text })),
      reportsWithoutRoute: [...register.reportsWithoutRoute],
      sources: this.sources(register.lines.flatMap((l) => l.obligation.sourceIds)),
      notLegalAdvice: NOT_LEGAL_ADVICE,
    };
  }

  private obligationView(
    o: ObligationsRegister['lines'][number]['obligation'],
    mandatoryReport: boolean,
    r: StoredRegisterEntry | undefined,
  ): ObligationLineView {
    return {
      id: o.id,
      title: o.title,
      jurisdictionId: o.jurisdictionId,
      jurisdictionName: o.jurisdictionName,
      binds: o.binds,
      bindsBecause: o.bindsBecause,
      trigger: o.trigger,
      action: o.action,
      recipient: o.recipient ?? null,
      deadline: o.deadline ?? null,
      preservation: o.preservation ?? null,
      prohibited: [...o.prohibited],
      citation: o.citation,
      lawStatus: o.status,
      counselMustConfirm: o.counselMustConfirm,
      contentReviewedOn: o.lastReviewed,
      mandatoryReport,
      sourceIds: [...o.sourceIds],
      reporterRole: r?.reporterRole ?? null,
      reporterUserId: r?.reporterUserId ?? null,
      route: r?.route ?? null,
      lastLegalReviewOn: r?.lastLegalReviewOn ?? null,
      notes: r?.notes ?? null,
      ...meta(r),
    };
  }

  async putObligation(
    caller: Caller,
    obligationId: string,
    ifMatch: number | undefined,
    dto: PutObligationDto,
  ): Promise<ObligationLineView> {
    assertContentFree([
      { pointer: '/reporterRole', value: dto.reporterRole },
      { pointer: '/notes', value: dto.notes },
    ]);
    if (dto.route && !isReportingRoute(dto.route)) throw routeNotAccepted('/route');
    return this.transactions.run(async () => {
      const register = await this.registerOf(caller.organisationId);
      const line = register.lines.find((l) => l.obligation.id === obligationId);
      if (!line) throw notFound(`Obligation ${obligationId.slice(0, 80)}`);
      const existing = await this.repo.registerEntry(caller.organisationId, obligationId, true);
      checkVersion(existing, ifMatch, () =>
        this.obligationView(line.obligation, line.mandatoryReport, existing ?? undefined),
      );
      await this.assertMembers(caller, { '/reporterUserId': dto.reporterUserId });
      const saved = await this.repo.saveRegisterEntry(
        caller.organisationId,
        {
          obligationId,
          reporterRole: dto.reporterRole?.trim() || null,
          reporterUserId: dto.reporterUserId ?? null,
          route: dto.route?.trim() || null,
          lastLegalReviewOn: dto.lastLegalReviewOn ?? null,
          notes: dto.notes ?? null,
        },
        caller.userId,
      );
      await this.recordChange(caller, 'obligation_entry', obligationId, existing, saved);
      return this.obligationView(line.obligation, line.mandatoryReport, saved);
    });
  }

  // ---- suggestions for an audit

  /**
   * Answers the model already gives, for the questions of an audit (its pinned catalogue), each with its
   * basis. Respondents get those of their sections. Nothing is saved: a person confirms by answering.
   */
  async suggestions(caller: Caller, auditId: string): Promise<SuggestionsView> {
    const audit = await findAudit(this.audits, caller, auditId);
    const catalogue = await this.catalogues.get(audit.contentHash);
    const [clauses, steps] = [
      await this.repo.clauses(caller.organisationId),
      await this.repo.steps(caller.organisationId),
    ];
    let items = auditSuggestions(catalogue, clauses, steps);
    if (caller.role === 'respondent') {
      const mine = await assignedSections(this.audits, auditId, caller.userId);
      items = items.filter((s) => mine.has(s.section));
    }
    return {
      auditId,
      items: items.map((s) => ({ ...s, from: { ...s.from } })),
      note: 'Suggestions from the policy model. They are not saved: confirm or change each answer yourself.',
    };
  }

  // ---- documents

  /**
   * Requests the adopted policy section or the action plan as DOCX or PDF: the document's content is taken
   * now (so the file shows the model as it is at the request) and the worker renders it through the report
   * queue. The request and each download are in the audit trail.
   */
  async requestDocument(
    caller: Caller,
    name: PolicyDocumentName,
    format: DocumentFormat,
  ): Promise<PolicyDocumentView> {
    const model = await this.documentModel(caller.organisationId, name);
    return this.transactions.run(async () => {
      const record = await this.documents.create({
        organisationId: caller.organisationId,
        document: name,
        format,
        model,
        fileName: `${name}-v${model.version}-${model.date}.${format}`,
        contentType:
          format === 'docx'
            ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
            : 'application/pdf',
        requestedBy: caller.userId,
      });
      await this.jobs.enqueue('policy_document.render', { documentId: record.id });
      await this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'policy_document',
        entityId: record.id,
        action: 'requested',
        after: { document: name, format, version: model.version },
      });
      return documentView(record);
    });
  }

  async documentStatus(caller: Caller, documentId: string): Promise<PolicyDocumentView> {
    const record = await this.documents.find(caller.organisationId, documentId);
    if (!record) throw notFound('The document');
    return documentView(record);
  }

  /** The file of a rendered document; the download is recorded in the audit trail. */
  async downloadDocument(
    caller: Caller,
    documentId: string,
    notModified: (sha256: string) => boolean,
  ): Promise<{ record: PolicyDocumentRecord; bytes?: Buffer }> {
    const record = await this.documents.find(caller.organisationId, documentId);
    if (!record) throw notFound('The document');
    if (record.status !== 'done' || !record.sha256)
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'REPORT.NOT_READY',
        'The document is not ready',
        `The document is ${record.status}${record.status === 'failed' ? `: ${record.error ?? 'unknown error'}` : ''}.`,
        { documentStatus: record.status },
      );
    if (notModified(record.sha256)) return { record };
    const bytes = await this.documents.download(caller.organisationId, documentId);
    if (!bytes) throw notFound('The document');
    await this.transactions.run(() =>
      this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'policy_document',
        entityId: documentId,
        action: 'downloaded',
        after: { document: record.document, format: record.format, sha256: record.sha256 },
      }),
    );
    return { record, bytes };
  }

  private async documentModel(orgId: string, name: PolicyDocumentName): Promise<PolicyDocumentModel> {
    const c = this.catalogue();
    const org = await this.repo.organisation(orgId);
    const common = {
      organisation: org.name,
      framework: `${c.framework.title} ${c.framework.version}`,
      date: today(),
      sources: c.sources,
    };
    let model: PolicyDocumentModel;
    if (name === 'policy') {
      model = policyDocument({
        ...common,
        clauses: clausesFor(c, org.profile),
        records: await this.repo.clauses(orgId),
      });
    } else {
      const [plan, steps] = [await this.repo.plan(orgId), await this.repo.steps(orgId)];
      const names = await this.repo.memberNames(
        orgId,
        [...steps.values()].flatMap((s) => [s.ownerUserId, s.deputyUserId]).filter((x): x is string => !!x),
      );
      model = actionPlanDocument({
        ...common,
        steps: c.actionPlan,
        records: steps,
        reviewedOn: plan?.reviewedOn ?? null,
        planVersion: plan?.version ?? 0,
        memberName: (id) =>
          id === null ? 'not named yet' : (names.get(id) ?? 'a member without a display name'),
      });
    }
    return model;
  }

  // ---- history

  async history(caller: Caller, query: HistoryQueryDto): Promise<Page<AuditEventView>> {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const entityId = query.entity === 'action_plan' ? caller.organisationId : query.entityId;
    const { items, total } = await this.trail.list(
      caller.organisationId,
      { entity: query.entity, ...(entityId ? { entityId } : {}) },
      limit,
      offset,
    );
    return { items: items.map(({ organisationId: _o, ...e }) => e), total, limit, offset };
  }

  /** After a write: the portfolio summary and the gap items, then the trail event (last, so the chain head is locked briefly). */
  private async recordChange<T extends Versioned>(
    caller: Caller,
    entity: string,
    entityId: string,
    existing: T | null,
    saved: T,
  ): Promise<void> {
    await this.refresher.refresh(caller.organisationId, { itemsBy: caller.userId });
    await this.trail.append({
      organisationId: caller.organisationId,
      actorUserId: caller.userId,
      entity,
      entityId,
      action: existing ? 'updated' : 'created',
      before: existing ? recordFields(existing) : null,
      after: recordFields(saved),
    });
  }

  /** Owners, deputies and reporters must be members of the organisation. */
  private async assertMembers(
    caller: Caller,
    fields: Record<string, string | null | undefined>,
  ): Promise<void> {
    const ids = [...new Set(Object.values(fields).filter((v): v is string => !!v))];
    const members = await this.repo.members(caller.organisationId, ids);
    const pointer = Object.entries(fields).find(([, v]) => v && !members.has(v))?.[0];
    if (pointer)
      throw unprocessable(
        'POLICY.NOT_MEMBER',
        'Owners, deputies and reporters must be members of the organisation.',
        { pointer },
      );
  }
}

function documentView(r: PolicyDocumentRecord): PolicyDocumentView {
  return {
    id: r.id,
    document: r.document,
    format: r.format,
    status: r.status,
    attempts: r.attempts,
    error: r.error,
    fileName: r.fileName,
    contentType: r.contentType,
    size: r.size,
    sha256: r.sha256,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    downloadPath:
      r.status === 'done'
        ? `/organisations/${r.organisationId}/policy-model/documents/${r.id}/download`
        : null,
  };
}

const routeNotAccepted = (pointer: string) =>
  unprocessable(
    'POLICY.ROUTE_NOT_ACCEPTED',
    'A route is the https address of a public reporting page or a switchboard telephone number, never a person or anything about a case.',
    { pointer },
  );

/** The stored fields of a record without its bookkeeping, for the audit trail. */
function recordFields<T extends Versioned>(r: T): Omit<T, 'updatedAt' | 'updatedBy'> {
  const { updatedAt: _a, updatedBy: _b, ...rest } = r;
  return rest;
}
