import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { Navigate } from 'react-router-dom';
import { remediationApi, remediationKeys } from '../api/remediation';
import { useSession } from '../auth/session';
import { ErrorAlert, Loading } from '../components/alerts';
import { Page } from '../components/page';
import { MyTasksList } from '../remediation/my-tasks-list';
import '../remediation/remediation.css';

/**
 * `/`, where signing in lands: your open remediation items across organisations ("My tasks") and your
 * organisations. With no task to do, it goes straight to the first organisation's audits.
 */
export function HomePage() {
  const { me } = useSession();
  const hasOrg = Boolean(me?.memberships.length);
  const tasks = useQuery({ queryKey: remediationKeys.mine, queryFn: remediationApi.mine, enabled: hasOrg });
  if (!me) return <Loading />;
  const first = me.memberships[0];
  if (!first)
    return (
      <Page
        id="no-organisation"
        title="No organisation yet"
        intro="You are not a member of any organisation."
      >
        <p>
          Ask an administrator of your organisation to invite you, then open the link in the invitation
          e-mail.
        </p>
      </Page>
    );
  if (tasks.isPending) return <Loading />;
  const list = tasks.data?.items ?? [];
  if (tasks.isSuccess && !list.length)
    return <Navigate to={`/organisations/${first.organisationId}/audits`} replace />;
  return (
    <Page id="home" title="Home" intro="What needs your attention, in every organisation you belong to.">
      <section aria-labelledby="home-tasks" className="home-section">
        <h2 id="home-tasks">My tasks</h2>
        <ErrorAlert error={tasks.error} title="Your tasks could not be loaded" />
        <MyTasksList items={list} me={me} label="My tasks" />
        {tasks.data && tasks.data.total > list.length ? (
          <p>
            <Link href="/my-tasks">All {tasks.data.total} tasks</Link>
          </p>
        ) : null}
      </section>
      <section aria-labelledby="home-orgs" className="home-section">
        <h2 id="home-orgs">Your organisations</h2>
        <ul className="rem-list">
          {me.memberships.map((m) => (
            <li key={m.organisationId} className="rem-row">
              <Link href={`/organisations/${m.organisationId}/audits`}>{m.organisationName}</Link>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
