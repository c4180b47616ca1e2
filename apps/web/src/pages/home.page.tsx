import { useQuery } from '@tanstack/react-query';
import { Navigate } from 'react-router-dom';
import type { MembershipView } from '@aup/contracts';
import { Loading } from '../components/alerts';
import { Page } from '../components/page';
import { useSession } from '../auth/session';
import { landingPath } from '../auth/landing';
import { auditKeys, auditsApi } from '../api/audits';

/** `/`: the first organisation's audits (an auditor: the reports of its latest submitted audit), or the sign-in page. */
export function HomePage() {
  const { me, loading } = useSession();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/sign-in" replace />;
  const first = me.memberships[0];
  if (first?.role === 'auditor') return <AuditorLanding membership={first} />;
  if (first) return <Navigate to={landingPath(first, undefined)} replace />;
  return (
    <Page id="no-organisation" title="No organisation yet" intro="You are not a member of any organisation.">
      <p>
        Ask an administrator of your organisation to invite you, then open the link in the invitation e-mail.
      </p>
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
