import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import { api } from '../api/http-client';
import { ErrorAlert, Loading } from '../components/alerts';
import { Page } from '../components/page';

interface AuditListItem {
  id: string;
  title: string;
  status: string;
  dueDate?: string | null;
}

export function AuditsPage() {
  const { orgId = '' } = useParams();
  const audits = useQuery({
    queryKey: ['orgs', orgId, 'audits'],
    queryFn: () => api.get<{ items: AuditListItem[] } | AuditListItem[]>(`/organisations/${orgId}/audits`),
  });
  const items = Array.isArray(audits.data) ? audits.data : (audits.data?.items ?? []);
  return (
    <Page id="audits" title="Audits" intro="Self-assessments of your acceptable-use policy, your action plan and your reporting obligations.">
      {audits.isPending ? <Loading /> : null}
      <ErrorAlert error={audits.error} title="Audits could not be loaded" />
      {audits.isSuccess && !items.length ? <p>No audits yet.</p> : null}
      <ul className="card-list">
        {items.map((a) => (
          <li key={a.id} className="card">
            <Link href={`/organisations/${orgId}/audits/${a.id}`}>{a.title}</Link>
            <span className="badge">{a.status}</span>
          </li>
        ))}
      </ul>
    </Page>
  );
}
