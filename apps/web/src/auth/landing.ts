import type { AuditView, MembershipView } from '@aup/contracts';

/**
 * Where a member lands after signing in (`/`). Auditors come to read and take away the latest submitted
 * audit, so they land on its reports page; everyone else (and an auditor with nothing submitted yet) on the
 * organisation's audits.
 */
export function landingPath(membership: MembershipView, audits: readonly AuditView[] | undefined): string {
  const list = `/organisations/${membership.organisationId}/audits`;
  if (membership.role !== 'auditor' || !audits) return list;
  const latest = audits
    .filter((a) => (a.status === 'submitted' || a.status === 'closed') && a.submittedAt)
    .sort((a, b) => Date.parse(b.submittedAt!) - Date.parse(a.submittedAt!))[0];
  return latest ? `${list}/${latest.id}/reports` : list;
}
