import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import { auditKeys, auditsApi, STATUS_LABELS } from '../api/audits';
import { accountsApi } from '../api/accounts';
import { ErrorAlert, Loading } from '../components/alerts';
import { Page } from '../components/page';
import { useSession } from '../auth/session';
import { AssignmentEditor } from './assignment-editor';

/** Status, due date, sections with who answers them and how far each is, and the next step. */
export function AuditOverviewPage() {
  const { orgId = '', auditId = '' } = useParams();
  const { me } = useSession();
  const role = me?.memberships.find((m) => m.organisationId === orgId)?.role;
  const audit = useQuery({
    queryKey: auditKeys.audit(orgId, auditId),
    queryFn: () => auditsApi.get(orgId, auditId),
  });
  const assignments = useQuery({
    queryKey: [...auditKeys.audit(orgId, auditId), 'assignments'],
    queryFn: () => auditsApi.assignments(orgId, auditId),
  });
  const members = useQuery({
    queryKey: ['orgs', orgId, 'members'],
    queryFn: () => accountsApi.members(orgId),
    enabled: role !== 'respondent',
  });
  const results = useQuery({
    queryKey: auditKeys.results(orgId, auditId),
    queryFn: () => auditsApi.results(orgId, auditId),
    enabled: role !== 'respondent',
  });

  const [editing, setEditing] = useState<string | null>(null);

  if (audit.isPending) return <Loading />;
  if (!audit.data) return <ErrorAlert error={audit.error} title="This audit could not be loaded" />;
  const a = audit.data;
  const nameOf = (userId: string) => {
    const m = members.data?.items.find((x) => x.userId === userId);
    return m ? (m.displayName ?? m.email ?? 'Former member') : userId === me?.user.id ? 'You' : 'A member';
  };
  const locked = a.status === 'submitted' || a.status === 'closed';
  const canSubmit = (role === 'compliance_officer' || role === 'admin') && !locked;
  const canAssign = canSubmit && !!members.data;
  return (
    <Page
      id="audit-overview"
      title={a.title}
      intro={`${STATUS_LABELS[a.status]}${a.dueDate ? ` · due ${a.dueDate}` : ''} · ${a.framework.id} ${a.framework.version}`}
    >
      {results.data ? (
        <p>
          Overall progress: <strong>{Math.round(results.data.result.answeredPct)}% answered</strong>
        </p>
      ) : null}
      <section aria-labelledby="sections">
        <h2 id="sections">Sections</h2>
        <ErrorAlert error={assignments.error} />
        <ul className="card-list">
          {(assignments.data?.sections ?? []).map((s) => (
            <li key={s.section} className="card section-card" data-section={s.section}>
              <div className="section-card-head">
                <div>
                  <Link href={`/organisations/${orgId}/audits/${auditId}/sections/${s.section}`}>
                    {s.title}
                  </Link>
                  <p className="muted">
                    {s.userIds.length
                      ? `Assigned to ${s.userIds.map(nameOf).join(', ')}`
                      : 'Not assigned yet'}
                  </p>
                </div>
                {canAssign && editing !== s.section ? (
                  <Button
                    className="button button-small"
                    aria-label={`Change who answers ${s.title}`}
                    onPress={() => setEditing(s.section)}
                  >
                    Change
                  </Button>
                ) : null}
              </div>
              {canAssign && editing === s.section ? (
                <AssignmentEditor
                  orgId={orgId}
                  auditId={auditId}
                  assignment={s}
                  members={members.data!.items}
                  onDone={() => setEditing(null)}
                />
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <div className="form-actions">
        {role !== 'respondent' ? (
          <Link className="button" href={`/organisations/${orgId}/audits/${auditId}/results`}>
            {a.status === 'submitted' || a.status === 'closed' ? 'Results' : 'Preview results'}
          </Link>
        ) : null}
        {role !== 'respondent' ? (
          <Link className="button" href={`/organisations/${orgId}/audits/${auditId}/history`}>
            {a.status === 'submitted' && (role === 'admin' || role === 'compliance_officer')
              ? 'History and reopen'
              : 'History and versions'}
          </Link>
        ) : null}
        {canSubmit ? (
          <Link className="button button-primary" href={`/organisations/${orgId}/audits/${auditId}/submit`}>
            Review and submit
          </Link>
        ) : null}
      </div>
    </Page>
  );
}
