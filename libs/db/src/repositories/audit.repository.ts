import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';
import type { Attestation, AuditStatus } from '../types';
import { prepared, runPrepared } from '../prepared-statement';
import { rowsOf } from '../rows';

/** One self-assessment of an organisation against a pinned framework version. */
export interface AuditRecord {
  id: string;
  organisationId: string;
  frameworkId: string;
  frameworkVersion: string;
  contentHash: string;
  title: string;
  status: AuditStatus;
  /** ISO date (YYYY-MM-DD). */
  dueDate: string | null;
  previousAuditId: string | null;
  createdBy: string | null;
  submittedBy: string | null;
  submittedAt: Date | null;
  attestation: Attestation | null;
  closedAt: Date | null;
  /** Optimistic concurrency for PATCH and transitions (If-Match); raised by the service. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** @deprecated the name of the TypeORM entity it replaced; use `AuditRecord`. */
export type AuditEntity = AuditRecord;

/** The fields a change to an audit writes (status, workflow and editable fields). */
export type AuditChanges = Pick<
  AuditRecord,
  'title' | 'status' | 'dueDate' | 'submittedBy' | 'submittedAt' | 'attestation' | 'closedAt' | 'version'
>;

export interface NewAudit {
  organisationId: string;
  frameworkId: string;
  frameworkVersion: string;
  contentHash: string;
  title: string;
  dueDate: string | null;
  previousAuditId: string | null;
  createdBy: string;
}

/** What results are computed from (see `resultsInputs`). */
export interface ResultsInputs {
  id: string;
  status: AuditStatus;
  contentHash: string;
  frameworkId: string;
  frameworkVersion: string;
  profileHash: string;
  respondentsSeeScores: boolean;
  /** Raised by every write of the audit's answers (a bigint, as text). */
  answersRevision: string;
  snapshotId: string | null;
  assigned: boolean;
}

export interface SectionAssignmentRecord {
  section: string;
  userId: string;
}

interface Row {
  id: string;
  organisation_id: string;
  framework_id: string;
  framework_version: string;
  content_hash: string;
  title: string;
  status: AuditStatus;
  due_date: string | null;
  previous_audit_id: string | null;
  created_by: string | null;
  submitted_by: string | null;
  submitted_at: Date | null;
  attestation: Attestation | null;
  closed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, organisation_id, framework_id, framework_version, content_hash, title, status, due_date::text AS due_date,
  previous_audit_id, created_by, submitted_by, submitted_at, attestation, closed_at, version, created_at, updated_at`;

const toRecord = (r: Row): AuditRecord => ({
  id: r.id,
  organisationId: r.organisation_id,
  frameworkId: r.framework_id,
  frameworkVersion: r.framework_version,
  contentHash: r.content_hash,
  title: r.title,
  status: r.status,
  dueDate: r.due_date,
  previousAuditId: r.previous_audit_id,
  createdBy: r.created_by,
  submittedBy: r.submitted_by,
  submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
  attestation: r.attestation,
  closedAt: r.closed_at ? new Date(r.closed_at) : null,
  version: r.version,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/**
 * What results are computed from, as a fingerprint: the audit's answers revision (raised by every write
 * of its answers), the profile's stored hash, the latest snapshot. A cache hit costs this one statement.
 */
const RESULTS_INPUTS = prepared(
  'audits_results_inputs',
  `SELECT a.id, a.status, a.content_hash, a.framework_id, a.framework_version,
          o.profile_hash,
          COALESCE(o.settings -> 'respondentsSeeScores' = 'true'::jsonb, false) AS respondents_see_scores,
          a.answers_revision::text AS answers_revision,
          (SELECT id FROM result_snapshot WHERE audit_id = a.id ORDER BY created_at DESC LIMIT 1) AS snapshot_id,
          EXISTS (SELECT 1 FROM section_assignment s WHERE s.audit_id = a.id AND s.user_id = $3) AS assigned
     FROM audit a JOIN organisation o ON o.id = a.organisation_id WHERE a.id = $1 AND a.organisation_id = $2`,
);

/** The only code that names `audit` and `section_assignment`. */
@Injectable()
export class AuditRepository extends TxRepository {
  /** The audit of the organisation, optionally row-locked (share or update); null for any other. */
  async find(
    organisationId: string,
    auditId: string,
    lock?: 'share' | 'update',
  ): Promise<AuditRecord | null> {
    const suffix = lock === 'share' ? ' FOR SHARE' : lock === 'update' ? ' FOR UPDATE' : '';
    const rows: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM audit WHERE id = $1 AND organisation_id = $2${suffix}`,
      [auditId, organisationId],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }

  /** Newest first; `assignedTo` keeps the audits in which that person has a section. */
  async list(
    organisationId: string,
    filter: { status?: string; assignedTo?: string },
    limit: number,
    offset: number,
  ): Promise<{ items: AuditRecord[]; total: number }> {
    const where = ['organisation_id = $1'];
    const params: unknown[] = [organisationId];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.assignedTo) {
      params.push(filter.assignedTo);
      where.push(
        `EXISTS (SELECT 1 FROM section_assignment s WHERE s.audit_id = audit.id AND s.user_id = $${params.length})`,
      );
    }
    const clause = where.join(' AND ');
    const [{ total }]: { total: number }[] = await this.db.query(
      `SELECT count(*)::int AS total FROM audit WHERE ${clause}`,
      params,
    );
    const rows: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM audit WHERE ${clause} ORDER BY created_at DESC, id ASC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toRecord), total };
  }

  /** A new audit in draft, at version 1. */
  async create(audit: NewAudit): Promise<AuditRecord> {
    const [row]: Row[] = await this.db.query(
      `INSERT INTO audit (organisation_id, framework_id, framework_version, content_hash, title, status, due_date, previous_audit_id, created_by, version)
       VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, $8, 1) RETURNING ${COLUMNS}`,
      [
        audit.organisationId,
        audit.frameworkId,
        audit.frameworkVersion,
        audit.contentHash,
        audit.title,
        audit.dueDate,
        audit.previousAuditId,
        audit.createdBy,
      ],
    );
    return toRecord(row);
  }

  /** Writes the changed fields and the time of the change; returns the audit as stored. */
  async update(id: string, c: AuditChanges): Promise<AuditRecord> {
    const rows = await rowsOf<Row>(
      this.db,
      `UPDATE audit SET title = $2, status = $3, due_date = $4, submitted_by = $5, submitted_at = $6, attestation = $7,
              closed_at = $8, version = $9, updated_at = now()
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        id,
        c.title,
        c.status,
        c.dueDate,
        c.submittedBy,
        c.submittedAt,
        c.attestation === null ? null : JSON.stringify(c.attestation),
        c.closedAt,
        c.version,
      ],
    );
    return toRecord(rows[0]);
  }

  /** One statement for the results route: the audit's status, the inputs' fingerprint, the caller's assignment. */
  async resultsInputs(
    auditId: string,
    organisationId: string,
    userId: string,
  ): Promise<ResultsInputs | null> {
    const [r] = await runPrepared<{
      id: string;
      status: AuditStatus;
      content_hash: string;
      framework_id: string;
      framework_version: string;
      profile_hash: string;
      respondents_see_scores: boolean;
      answers_revision: string;
      snapshot_id: string | null;
      assigned: boolean;
    }>(this.db, RESULTS_INPUTS, [auditId, organisationId, userId]);
    if (!r) return null;
    return {
      id: r.id,
      status: r.status,
      contentHash: r.content_hash,
      frameworkId: r.framework_id,
      frameworkVersion: r.framework_version,
      profileHash: r.profile_hash,
      respondentsSeeScores: r.respondents_see_scores,
      answersRevision: r.answers_revision,
      snapshotId: r.snapshot_id,
      assigned: r.assigned,
    };
  }

  /** Sections of the audit assigned to the person. */
  async assignedSections(auditId: string, userId: string): Promise<Set<string>> {
    const rows: { section: string }[] = await this.db.query(
      `SELECT section FROM section_assignment WHERE audit_id = $1 AND user_id = $2`,
      [auditId, userId],
    );
    return new Set(rows.map((r) => r.section));
  }

  /** Every assignment of the audit, in the order they were made. */
  async assignments(auditId: string): Promise<SectionAssignmentRecord[]> {
    const rows: { section: string; user_id: string }[] = await this.db.query(
      `SELECT section, user_id FROM section_assignment WHERE audit_id = $1 ORDER BY assigned_at ASC, user_id ASC`,
      [auditId],
    );
    return rows.map((r) => ({ section: r.section, userId: r.user_id }));
  }

  /** Replaces who is assigned to one section of the audit. */
  async replaceSectionAssignment(a: {
    auditId: string;
    organisationId: string;
    section: string;
    userIds: readonly string[];
    assignedBy: string;
  }): Promise<void> {
    await this.db.query(`DELETE FROM section_assignment WHERE audit_id = $1 AND section = $2`, [
      a.auditId,
      a.section,
    ]);
    if (!a.userIds.length) return;
    await this.db.query(
      `INSERT INTO section_assignment (audit_id, section, user_id, organisation_id, assigned_by)
       SELECT $1, $2, u, $3, $4 FROM unnest($5::uuid[]) AS u`,
      [a.auditId, a.section, a.organisationId, a.assignedBy, a.userIds],
    );
  }
}
