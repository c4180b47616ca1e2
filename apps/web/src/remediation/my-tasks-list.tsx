import { Link } from 'react-aria-components';
import { REMEDIATION_STATUS_LABELS } from '../api/remediation';
import type { MeResponse, RemediationItemSummary } from '@aup/contracts';

/** Items the person owns or deputises: title (to the item page), organisation, status, due date, overdue. */
export function MyTasksList({
  items,
  me,
  label,
}: {
  items: RemediationItemSummary[];
  me: MeResponse;
  label: string;
}) {
  const orgName = (id: string) => me.memberships.find((m) => m.organisationId === id)?.organisationName ?? '';
  return (
    <ul className="rem-list" aria-label={label}>
      {items.map((t) => (
        <li key={t.id} className="rem-row">
          <div className="rem-row-main">
            <Link href={`/organisations/${t.organisationId}/remediation/${t.id}`}>{t.title}</Link>
            <div className="rem-meta muted">
              <span>{orgName(t.organisationId)}</span>
              <span className="badge">{t.priority}</span>
              <span>{REMEDIATION_STATUS_LABELS[t.status]}</span>
              <span>Due {t.dueDate}</span>
              {t.overdue ? <span className="badge badge-bad">Overdue</span> : null}
              <span>{t.progress}% of steps</span>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
