import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';

/** A remediation item linked to an audit, as a report shows it (read only). */
export interface ReportTrackingRow {
  id: string;
  title: string;
  status: string;
  priority: string;
  ownerRole: string;
  ownerUserId: string | null;
  /** The owner's display name; null when unset, erased or no owner. */
  ownerDisplayName: string | null;
  ownerErased: boolean;
  /** The owner's role in the organisation, when they are (still) a member. */
  ownerMemberRole: string | null;
  dueDate: string;
  controlIds: string[];
  verifiedByAuditId: string | null;
  verifiedByTitle: string | null;
  verifiedAt: Date | null;
  /** What the given audit's submit found for the item, if it judged it. */
  outcome: string | null;
}

/**
 * What a report reads from other features' tables, read only: the remediation items linked to an audit
 * (made from its plan, or carried over to it) with owner, linked controls and the audit that verified
 * them; the snapshot, organisation, answers' authors and previous audit the report shows beside them.
 */
@Injectable()
export class ReportTrackingRepository extends TxRepository {
  async itemsForAudit(organisationId: string, auditId: string): Promise<ReportTrackingRow[]> {
    const rows: {
      id: string;
      title: string;
      status: string;
      priority: string;
      owner_role: string;
      owner_user_id: string | null;
      owner_display_name: string | null;
      owner_erased: boolean | null;
      owner_member_role: string | null;
      due_date: string;
      control_ids: string[];
      verified_by_audit_id: string | null;
      verified_by_title: string | null;
      verified_at: Date | null;
      outcome: string | null;
    }[] = await this.db.query(
      `SELECT i.id, i.title, i.status, i.priority, i.owner_role, i.owner_user_id, i.due_date::text AS due_date,
              u.display_name AS owner_display_name, u.erased_at IS NOT NULL AS owner_erased, ms.role AS owner_member_role,
              COALESCE((SELECT array_agg(c.control_id ORDER BY c.control_id) FROM remediation_item_control c WHERE c.item_id = i.id), '{}') AS control_ids,
              i.verified_by_audit_id, va.title AS verified_by_title, i.verified_at, l.outcome
         FROM remediation_item_audit l
         JOIN remediation_item i ON i.id = l.item_id AND i.organisation_id = l.organisation_id
         LEFT JOIN "user" u ON u.id = i.owner_user_id
         LEFT JOIN membership ms ON ms.user_id = i.owner_user_id AND ms.organisation_id = i.organisation_id
         LEFT JOIN audit va ON va.id = i.verified_by_audit_id AND va.organisation_id = i.organisation_id
        WHERE l.organisation_id = $1 AND l.audit_id = $2
        ORDER BY i.priority, i.due_date, i.created_at, i.id`,
      [organisationId, auditId],
    );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      priority: r.priority,
      ownerRole: r.owner_role,
      ownerUserId: r.owner_user_id,
      ownerDisplayName: r.owner_display_name,
      ownerErased: r.owner_erased === true,
      ownerMemberRole: r.owner_member_role,
      dueDate: r.due_date,
      controlIds: r.control_ids,
      verifiedByAuditId: r.verified_by_audit_id,
      verifiedByTitle: r.verified_by_title,
      verifiedAt: r.verified_at,
      outcome: r.outcome,
    }));
  }

  /** Whether the organisation lets respondents request and download reports (its settings). */
  async respondentsRequestReports(organisationId: string): Promise<boolean> {
    const [row]: { allowed: boolean }[] = await this.db.query(
      `SELECT COALESCE(settings -> 'respondentsRequestReports' = 'true'::jsonb, false) AS allowed FROM organisation WHERE id = $1`,
      [organisationId],
    );
    return row?.allowed === true;
  }

  /** The audit's latest stored result snapshot, or null. */
  async latestSnapshot<D>(
    organisationId: string,
    auditId: string,
  ): Promise<{ id: string; result: D; snapshotHash: string; createdAt: Date } | null> {
    const [row]: { id: string; result: D; snapshot_hash: string; created_at: Date }[] = await this.db.query(
      `SELECT id, result, snapshot_hash, created_at FROM result_snapshot WHERE audit_id = $1 AND organisation_id = $2 ORDER BY created_at DESC LIMIT 1`,
      [auditId, organisationId],
    );
    return row
      ? {
          id: row.id,
          result: row.result,
          snapshotHash: row.snapshot_hash,
          createdAt: new Date(row.created_at),
        }
      : null;
  }

  /** The organisation's name and profile document. */
  async organisation<P>(organisationId: string): Promise<{ name: string; profile: P | null }> {
    const [row]: { name: string; profile: P | null }[] = await this.db.query(
      `SELECT name, profile FROM organisation WHERE id = $1`,
      [organisationId],
    );
    return row;
  }

  /** Who answered each question and when, with the answer's note. */
  async answerMeta(auditId: string): Promise<ReportAnswerMetaRow[]> {
    const rows: {
      question_id: string;
      answered_by: string | null;
      answered_at: Date | null;
      note: string | null;
    }[] = await this.db.query(
      `SELECT question_id, answered_by, answered_at, note FROM answer WHERE audit_id = $1`,
      [auditId],
    );
    return rows.map((r) => ({
      questionId: r.question_id,
      answeredBy: r.answered_by,
      answeredAt: r.answered_at,
      note: r.note,
    }));
  }

  /** The people named in a report: display name, whether erased, their role in the organisation. */
  async people(organisationId: string, userIds: readonly string[]): Promise<ReportPersonRow[]> {
    const rows: { id: string; display_name: string | null; erased: boolean; role: string | null }[] =
      await this.db.query(
        `SELECT u.id, u.display_name, u.erased_at IS NOT NULL AS erased, ms.role
           FROM "user" u LEFT JOIN membership ms ON ms.user_id = u.id AND ms.organisation_id = $2 WHERE u.id = ANY($1::uuid[])`,
        [[...userIds], organisationId],
      );
    return rows.map((r) => ({ id: r.id, displayName: r.display_name, erased: r.erased, role: r.role }));
  }

  /**
   * The audit a report compares with: the one named as previous, else the organisation's latest submitted
   * or closed audit created before this one; with its latest snapshot's result.
   */
  async previousAudit<R>(
    organisationId: string,
    audit: { id: string; previousAuditId: string | null; createdAt: Date },
  ): Promise<{ id: string; title: string; result: R; submittedAt: Date | null } | null> {
    const [row]: { id: string; title: string; result: R; submitted_at: Date | null }[] = await this.db.query(
      `SELECT a.id, a.title, s.result, a.submitted_at FROM audit a JOIN LATERAL (SELECT result FROM result_snapshot WHERE audit_id = a.id ORDER BY created_at DESC LIMIT 1) s ON true
        WHERE a.organisation_id = $1 AND a.id <> $2 AND (a.id = $3 OR ($3::uuid IS NULL AND a.status IN ('submitted', 'closed') AND a.created_at < $4))
        ORDER BY a.submitted_at DESC NULLS LAST LIMIT 1`,
      [organisationId, audit.id, audit.previousAuditId, audit.createdAt],
    );
    return row ? { id: row.id, title: row.title, result: row.result, submittedAt: row.submitted_at } : null;
  }
}

export interface ReportAnswerMetaRow {
  questionId: string;
  answeredBy: string | null;
  answeredAt: Date | null;
  note: string | null;
}

export interface ReportPersonRow {
  id: string;
  displayName: string | null;
  erased: boolean;
  role: string | null;
}
