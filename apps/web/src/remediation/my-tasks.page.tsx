import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { REMEDIATION_STATUS_LABELS, remediationApi, remediationKeys } from '../api/remediation';
import { useSession } from '../auth/session';
import { ErrorAlert, Loading } from '../components/alerts';
import { Page } from '../components/page';
import './remediation.css';

/** Remediation items you own or deputise, in every organisation, soonest due first. */
export function MyTasksPage() {
  const { me } = useSession();
  const tasks = useQuery({ queryKey: remediationKeys.mine, queryFn: remediationApi.mine });
  const orgName = (id: string) =>
    me?.memberships.find((m) => m.organisationId === id)?.organisationName ?? '';
  const list = tasks.data?.items ?? [];
  return (
    <Page id="my-tasks" title="My tasks" intro="Remediation items you own or deputise that still need work.">
      {tasks.isPending ? <Loading /> : null}
      <ErrorAlert error={tasks.error} title="Your tasks could not be loaded" />
      {tasks.isSuccess && !list.length ? <p>Nothing to do right now.</p> : null}
      <ul className="rem-list" aria-label="My tasks">
        {list.map((t) => (
          <li key={t.id} className="rem-row">
            <div className="rem-row-main">
              <Link href={`/organisations/${t.organisationId}/remediation/${t.id}`}>{t.title}</Link>
              <div className="rem-meta muted">
                <span className="badge">{t.priority}</span>
                <span>{REMEDIATION_STATUS_LABELS[t.status]}</span>
                <span>Due {t.dueDate}</span>
                {t.overdue ? <span className="badge badge-bad">Overdue</span> : null}
                <span>{t.progress}% of steps</span>
                {me && me.memberships.length > 1 ? <span>{orgName(t.organisationId)}</span> : null}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}
