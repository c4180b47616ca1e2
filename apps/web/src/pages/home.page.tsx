import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { Navigate } from 'react-router-dom';
import type { MembershipView } from '@aup/contracts';
import { auditKeys, auditsApi } from '../api/audits';
import { remediationApi, remediationKeys } from '../api/remediation';
import { landingPath } from '../auth/landing';
import { useSession } from '../auth/session';
import { ErrorAlert, Loading } from '../components/alerts';
import { Page } from '../components/page';
import { MyTasksList } from '../remediation/my-tasks-list';
import '../remediation/remediation.css';

/**
 * `/`, where signing in lands: your open remediation items across organisations ("My tasks") and your
 * organisations. With no task to do, it goes straight to the first organisation's audits; an auditor to the
 * reports of its latest submitted audit.
 */
export function HomePage() {
  const { me, loading } = useSession();
  const first = me?.memberships[0];
  const tasks = useQuery({
    queryKey: remediationKeys.mine,
    queryFn: remediationApi.mine,
    enabled: Boolean(first) && first?.role !== 'auditor',
  });
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/sign-in" replace />;
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
  if (first.role === 'auditor') return <AuditorLanding membership={first} />;
  if (tasks.isPending) return <Loading />;
  const list = tasks.data?.items ?? [];
  if (tasks.isSuccess && !list.length) return <Navigate to={landingPath(first, undefined)} replace />;
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

/** Auditors come to take the latest submitted audit away: they land on its reports page. */
function AuditorLanding({ membership }: { membership: MembershipView }) {
  const orgId = membership.organisationId;
  const audits = useQuery({ queryKey: auditKeys.list(orgId), queryFn: () => auditsApi.list(orgId) });
  if (audits.isPending) return <Loading />;
  return <Navigate to={landingPath(membership, audits.data?.items)} replace />;
}
