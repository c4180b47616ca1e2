import { createHash } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { Page, ReportView } from '@aup/contracts';
import {
  isUniqueViolation,
  ReportRepository,
  ReportTrackingRepository,
  Transactions,
  type AuditEntity,
  type ReportRecord,
  AuditRepository,
  AnswerRepository,
} from '@aup/db';
import {
  canMoveReport,
  canonicalJson,
  evaluateAudit,
  FORMULA_VERSION,
  mayUseReports,
  type Profile,
  type Rating,
  type ReportContext,
  type ReportFormat,
  type ReportSnapshot,
  type ReportStatus,
  type RemediationStatus,
  type Priority,
} from '@aup/domain';
import { JobProducer } from '@aup/jobs';
import { assertSnapshotIntact } from '../audit-trail/snapshot-integrity';
import { answersForScoring } from '../audits/answer-views';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { findAudit, type Caller } from '../audits/audit-access';
import { CatalogueStore } from '../audits/catalogue-store.service';
import { ProblemException } from '../common/problem';

const ROLE_LABEL: Record<string, string> = {
  admin: 'Administrator',
  compliance_officer: 'Compliance officer',
  respondent: 'Respondent',
  auditor: 'Auditor',
};
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export const reportNotFound = () =>
  new ProblemException(
    HttpStatus.NOT_FOUND,
    'RESOURCE.NOT_FOUND',
    'Not found',
    'The report does not exist or you have no access to it.',
  );

export interface ReportDownload {
  report: ReportRecord;
  bytes: Buffer;
}

/**
 * Reports: a request writes the report row and its render job in one transaction (the worker renders it
 * from an immutable snapshot); status, list, download and retry read and move that row. Every request,
 * retry and download is in the audit trail.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly answers: AnswerRepository,
    private readonly audits: AuditRepository,
    private readonly transactions: Transactions,
    private readonly reports: ReportRepository,
    private readonly tracking: ReportTrackingRepository,
    private readonly catalogues: CatalogueStore,
    private readonly trail: AuditTrailService,
    private readonly jobs: JobProducer,
  ) {}

  async request(
    caller: Caller,
    auditId: string,
    format: ReportFormat,
    idempotencyKey: string | undefined,
  ): Promise<{ report: ReportView; created: boolean }> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'REQUEST.INVALID_IDEMPOTENCY_KEY',
        'Invalid Idempotency-Key',
        'Send 1 to 200 visible ASCII characters, e.g. a UUID.',
      );
    }
    await this.assertMayUseReports(caller);
    const replay = async () => {
      const earlier = idempotencyKey
        ? await this.reports.findByIdempotencyKey(caller.organisationId, caller.userId, idempotencyKey)
        : undefined;
      if (!earlier) return undefined;
      if (earlier.auditId !== auditId || earlier.format !== format) {
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'REQUEST.IDEMPOTENCY_KEY_REUSED',
          'Idempotency-Key already used',
          'This key was used for a different report request; send a new key.',
          {
            reportId: earlier.id,
          },
        );
      }
      return { report: toReportView(earlier), created: false };
    };
    const earlier = await replay();
    if (earlier) return earlier;
    // The chain is verified before the request's transaction (it reads the whole chain in its own snapshot).
    const trail = await this.trail.verify(caller.organisationId);
    try {
      return await this.transactions.run(async () => {
        const audit = await findAudit(this.audits, caller, auditId, 'share');
        const source = await this.snapshotFor(caller, audit);
        const context = await this.context(caller, audit, source, {
          valid: trail.valid,
          checked: trail.checked,
          headHash: trail.headHash,
          firstBrokenSeq: trail.firstBroken?.seq ?? null,
          verifiedAt: new Date().toISOString(),
          checks: trail.checks,
          failure: trail.firstBroken?.message ?? null,
        });
        const report = await this.reports.create({
          organisationId: caller.organisationId,
          auditId,
          format,
          snapshotId: source.snapshotId,
          draftSnapshot: source.snapshotId ? null : source.document,
          snapshotHash: source.hash,
          draft: source.draft,
          context,
          idempotencyKey: idempotencyKey ?? null,
          requestedBy: caller.userId,
        });
        await this.jobs.enqueue('report.render', { reportId: report.id });
        await this.trail.append({
          organisationId: caller.organisationId,
          actorUserId: caller.userId,
          entity: 'report',
          entityId: report.id,
          action: 'requested',
          after: { auditId, format, draft: source.draft, snapshotHash: source.hash },
        });
        return { report: toReportView(report), created: true };
      });
    } catch (err) {
      // Two requests with one key at once: the second insert conflicts; answer with the first report.
      if (idempotencyKey && isUniqueViolation(err)) {
        const first = await replay();
        if (first) return first;
      }
      throw err;
    }
  }

  async list(caller: Caller, auditId: string, limit: number, offset: number): Promise<Page<ReportView>> {
    await this.assertMayUseReports(caller);
    await findAudit(this.audits, caller, auditId);
    const { items, total } = await this.reports.listForAudit(caller.organisationId, auditId, limit, offset);
    return { items: items.map(toReportView), total, limit, offset };
  }

  async get(caller: Caller, auditId: string, reportId: string): Promise<ReportView> {
    await this.assertMayUseReports(caller);
    const report = await this.reports.find(caller.organisationId, auditId, reportId);
    if (!report) throw reportNotFound();
    return toReportView(report);
  }

  /** The file of a finished report; the download is recorded in the audit trail. */
  async download(
    caller: Caller,
    auditId: string,
    reportId: string,
    notModified: (sha256: string) => boolean,
  ): Promise<ReportDownload | { report: ReportRecord; notModified: true }> {
    await this.assertMayUseReports(caller);
    const report = await this.reports.find(caller.organisationId, auditId, reportId);
    if (!report) throw reportNotFound();
    if (report.status !== 'done' || !report.sha256) {
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'REPORT.NOT_READY',
        'The report is not ready',
        `The report is ${report.status}${report.status === 'failed' ? `: ${report.error ?? 'unknown error'}` : ''}.`,
        {
          reportStatus: report.status,
          progress: report.progress,
        },
      );
    }
    if (notModified(report.sha256)) return { report, notModified: true };
    const file = await this.reports.download(caller.organisationId, auditId, reportId);
    if (!file) throw reportNotFound();
    await this.transactions.run(() =>
      this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'report',
        entityId: reportId,
        action: 'downloaded',
        after: { auditId, format: report.format, sha256: report.sha256, size: report.size },
      }),
    );
    return file;
  }

  /** A failed report is queued again (same row, same snapshot). */
  async retry(caller: Caller, auditId: string, reportId: string): Promise<ReportView> {
    await this.assertMayUseReports(caller);
    return this.transactions.run(async () => {
      const report = await this.reports.find(caller.organisationId, auditId, reportId, true);
      if (!report) throw reportNotFound();
      if (!canMoveReport(report.status as ReportStatus, 'queued', 'requester')) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'REPORT.NOT_FAILED',
          'Only a failed report can be retried',
          `The report is ${report.status}.`,
          { reportStatus: report.status },
        );
      }
      const queued = await this.reports.requeue(reportId);
      await this.jobs.enqueue('report.render', { reportId });
      await this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'report',
        entityId: reportId,
        action: 'retried',
        before: { status: report.status, error: report.error },
        after: { status: 'queued' },
      });
      return toReportView(queued);
    });
  }

  private async assertMayUseReports(caller: Caller): Promise<void> {
    if (caller.role !== 'respondent') return;
    const respondentsRequestReports = await this.tracking.respondentsRequestReports(caller.organisationId);
    if (!mayUseReports(caller.role, { respondentsRequestReports })) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'REPORTS.NOT_ALLOWED',
        'Reports are not open to respondents',
        'Your organisation lets compliance officers, admins and auditors request and download reports.',
      );
    }
  }

  /** The submitted snapshot, or for an open audit a snapshot taken now (a draft, never stored as the audit's snapshot). */
  private async snapshotFor(
    caller: Caller,
    audit: AuditEntity,
  ): Promise<{
    snapshotId: string | null;
    document: ReportSnapshot;
    hash: string;
    takenAt: string;
    draft: boolean;
  }> {
    if (audit.status === 'submitted' || audit.status === 'closed') {
      const row = await this.tracking.latestSnapshot<ReportSnapshot>(caller.organisationId, audit.id);
      if (row) {
        // A result edited after it was sealed is not reported under its original hash.
        assertSnapshotIntact(row.id, row.result, row.snapshotHash);
        return {
          snapshotId: row.id,
          document: row.result,
          hash: row.snapshotHash,
          takenAt: row.createdAt.toISOString(),
          draft: false,
        };
      }
    }
    const catalogue = await this.catalogues.get(audit.contentHash);
    const { profile } = await this.tracking.organisation<Profile>(caller.organisationId);
    const answers = await answersForScoring(this.answers, audit.id);
    const doc: ReportSnapshot = {
      auditId: audit.id,
      organisationId: caller.organisationId,
      framework: { id: audit.frameworkId, version: audit.frameworkVersion, contentHash: audit.contentHash },
      formulaVersion: FORMULA_VERSION,
      profile: profile ?? {},
      answers,
      attestation: null,
      result: evaluateAudit(catalogue, profile ?? {}, answers),
    };
    const stored = JSON.parse(JSON.stringify(doc)) as ReportSnapshot;
    return {
      snapshotId: null,
      document: stored,
      hash: createHash('sha256').update(canonicalJson(stored)).digest('hex'),
      takenAt: new Date().toISOString(),
      draft: true,
    };
  }

  /** What the report shows beside the snapshot, resolved now: names, who answered when, the previous audit, the trail check. */
  private async context(
    caller: Caller,
    audit: AuditEntity,
    source: { document: ReportSnapshot; hash: string; takenAt: string; draft: boolean },
    trail: ReportContext['trail'],
  ): Promise<ReportContext> {
    const org = await this.tracking.organisation(caller.organisationId);
    const answers = await this.tracking.answerMeta(audit.id);
    const people = new Set(
      [...answers.map((a) => a.answeredBy), source.document.attestation?.userId ?? null].filter(
        (u): u is string => Boolean(u),
      ),
    );
    const labels = new Map<string, string>();
    if (people.size) {
      // Names as people chose to show them, else their role in the organisation: never e-mail addresses.
      for (const r of await this.tracking.people(caller.organisationId, [...people]))
        labels.set(
          r.id,
          r.erased
            ? 'Erased user'
            : (r.displayName ?? `${ROLE_LABEL[r.role ?? ''] ?? 'Former member'} ${r.id.slice(0, 8)}`),
        );
    }
    const previous = await this.tracking.previousAudit<{
      result?: { overall?: number | null; rating?: Rating };
    }>(caller.organisationId, audit);
    return {
      organisation: { id: caller.organisationId, name: org.name },
      audit: {
        id: audit.id,
        title: audit.title,
        status: audit.status,
        dueDate: audit.dueDate,
        submittedAt: audit.submittedAt?.toISOString() ?? null,
      },
      draft: source.draft,
      snapshotHash: source.hash,
      snapshotTakenAt: source.takenAt,
      requestedAt: new Date().toISOString(),
      answerMeta: Object.fromEntries(
        answers.map((a) => [
          a.questionId,
          {
            by: a.answeredBy ? (labels.get(a.answeredBy) ?? null) : null,
            at: a.answeredAt ? new Date(a.answeredAt).toISOString() : null,
            note: a.note,
          },
        ]),
      ),
      attestedBy: source.document.attestation
        ? (labels.get(source.document.attestation.userId) ?? null)
        : null,
      previous: previous
        ? {
            auditId: previous.id,
            title: previous.title,
            overall: previous.result.result?.overall ?? null,
            rating: previous.result.result?.rating ?? 'unrated',
            submittedAt: previous.submittedAt ? new Date(previous.submittedAt).toISOString() : null,
          }
        : null,
      trail,
      tracking: { capturedAt: new Date().toISOString(), items: await this.trackedItems(caller, audit.id) },
    };
  }

  /** The remediation items linked to the audit as they stand now: status, owner (a name or a role), due date, verifying audit. */
  private async trackedItems(
    caller: Caller,
    auditId: string,
  ): Promise<NonNullable<ReportContext['tracking']>['items']> {
    const rows = await this.tracking.itemsForAudit(caller.organisationId, auditId);
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status as RemediationStatus,
      priority: r.priority as Priority,
      ownerRole: r.ownerRole,
      ownerName: !r.ownerUserId
        ? null
        : r.ownerErased
          ? 'Erased user'
          : (r.ownerDisplayName ??
            `${ROLE_LABEL[r.ownerMemberRole ?? ''] ?? 'Former member'} ${r.ownerUserId.slice(0, 8)}`),
      dueDate: r.dueDate,
      controlIds: r.controlIds,
      verifiedBy: r.verifiedByAuditId
        ? {
            auditId: r.verifiedByAuditId,
            title: r.verifiedByTitle ?? 'a later audit',
            at: r.verifiedAt ? new Date(r.verifiedAt).toISOString() : null,
          }
        : null,
      outcome: r.outcome,
    }));
  }
}

export function toReportView(r: ReportRecord): ReportView {
  return {
    id: r.id,
    auditId: r.auditId,
    format: r.format as ReportFormat,
    status: r.status,
    progress: r.progress,
    draft: r.draft,
    snapshotHash: r.snapshotHash,
    fileName: r.fileName,
    contentType: r.contentType,
    size: r.size,
    sha256: r.sha256,
    error: r.error,
    attempts: r.attempts,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
    downloadPath:
      r.status === 'done'
        ? `/organisations/${r.organisationId}/audits/${r.auditId}/reports/${r.id}/download`
        : null,
  };
}
