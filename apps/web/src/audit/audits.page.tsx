import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form, Link } from 'react-aria-components';
import { useNavigate, useParams } from 'react-router-dom';
import { auditKeys, auditsApi, STATUS_LABELS } from '../api/audits';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Loading } from '../components/alerts';
import { TextField } from '../components/fields';
import { Page } from '../components/page';
import { useSession } from '../auth/session';

export function AuditsPage() {
  const { orgId = '' } = useParams();
  const { me } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const role = me?.memberships.find((m) => m.organisationId === orgId)?.role;
  const canCreate = role === 'admin' || role === 'compliance_officer';
  const audits = useQuery({ queryKey: auditKeys.list(orgId), queryFn: () => auditsApi.list(orgId) });
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  const create = useMutation({
    mutationFn: () => auditsApi.create(orgId, { title: title.trim(), dueDate: dueDate || undefined }),
    onSuccess: (audit) => {
      void queryClient.invalidateQueries({ queryKey: auditKeys.list(orgId) });
      void navigate(`/organisations/${orgId}/audits/${audit.id}`);
    },
  });
  const problem = create.error instanceof ApiProblem ? create.error : undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    create.mutate();
  };
  const items = audits.data?.items ?? [];
  return (
    <Page
      id="audits"
      title="Audits"
      intro="Self-assessments of your acceptable-use policy, your action plan and your reporting obligations."
    >
      {audits.isPending ? <Loading /> : null}
      <ErrorAlert error={audits.error} title="Audits could not be loaded" />
      {audits.isSuccess && !items.length ? <p>No audits yet.</p> : null}
      {items.length ? (
        <table className="table card-table">
          <thead>
            <tr>
              <th scope="col">Audit</th>
              <th scope="col">Status</th>
              <th scope="col">Due</th>
              <th scope="col">Framework</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link href={`/organisations/${orgId}/audits/${a.id}`}>{a.title}</Link>
                </td>
                <td>
                  <span className="badge">{STATUS_LABELS[a.status]}</span>
                </td>
                <td>{a.dueDate ?? '—'}</td>
                <td className="muted">
                  {a.framework.id} {a.framework.version}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canCreate ? (
        <section className="card" aria-labelledby="new-audit">
          <h2 id="new-audit">Start an audit</h2>
          <Form onSubmit={submit} className="form">
            <ErrorAlert error={create.error} title="The audit was not created" />
            <TextField
              label="Title"
              name="title"
              value={title}
              onChange={setTitle}
              isRequired
              description="e.g. 2026 acceptable-use self-assessment"
              serverErrors={problem?.errorsFor('title')}
            />
            <TextField
              label="Due date"
              name="dueDate"
              type="date"
              value={dueDate}
              onChange={setDueDate}
              serverErrors={problem?.errorsFor('dueDate')}
            />
            <div className="form-actions">
              <Button type="submit" className="button button-primary" isPending={create.isPending}>
                Create audit
              </Button>
            </div>
          </Form>
        </section>
      ) : null}
    </Page>
  );
}
