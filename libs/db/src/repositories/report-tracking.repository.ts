import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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
 * The read side of remediation tracking for reports: the items linked to an audit (made from its plan, or
 * carried over to it), with owner, linked controls and the audit that verified them. Reports never change
 * remediation rows.
 */
@Injectable()
export class ReportTrackingRepository {
  async itemsForAudit(
    m: EntityManager,
    organisationId: string,
    auditId: string,
  ): Promise<ReportTrackingRow[]> {
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
    }[] = await m.query(
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
}
