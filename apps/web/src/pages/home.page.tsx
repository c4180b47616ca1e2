import { Navigate } from 'react-router-dom';
import { Loading } from '../components/alerts';
import { Page } from '../components/page';
import { useSession } from '../auth/session';

/** `/`: the first organisation's audits, or the sign-in page. */
export function HomePage() {
  const { me, loading } = useSession();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/sign-in" replace />;
  const first = me.memberships[0];
  if (first) return <Navigate to={`/organisations/${first.organisationId}/audits`} replace />;
  return (
    <Page id="no-organisation" title="No organisation yet" intro="You are not a member of any organisation.">
      <p>
        Ask an administrator of your organisation to invite you, then open the link in the invitation e-mail.
      </p>
    </Page>
  );
}
