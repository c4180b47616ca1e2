import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form, Link } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import { auditKeys, auditsApi, STATUS_LABELS } from '../api/audits';
import { ApiProblem } from '../api/http-client';
import { useSession } from '../auth/session';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { ContentFreeNote, TextField } from '../components/fields';
import { Page } from '../components/page';

const score = (n: number | null) => (n === null ? '—' : String(Math.round(n)));
const when = (iso: string) => new Date(iso).toLocaleString('en-GB');

/** Every submission of the audit (kept across reopening), what changed between two, and reopening. */
export function HistoryPage() {
  const { orgId = '', auditId = '' } = useParams();
  const { me } = useSession();
  const role = me?.memberships.find((m) => m.organisationId === orgId)?.role;
  const queryClient = useQueryClient();
  const audit = useQuery({
    queryKey: auditKeys.audit(orgId, auditId),
    queryFn: () => auditsApi.get(orgId, auditId),
  });
  const versions = useQuery({
    queryKey: auditKeys.versions(orgId, auditId),
    queryFn: () => auditsApi.versions(orgId, auditId),
  });
  const list = versions.data ?? [];
  const [pair, setPair] = useState<[number, number] | null>(null);
  const compare =
    pair ?? (list.length >= 2 ? [list[list.length - 2].version, list[list.length - 1].version] : null);
  const diff = useQuery({
    queryKey: [...auditKeys.versions(orgId, auditId), 'diff', compare?.[0], compare?.[1]],
    queryFn: () => auditsApi.diff(orgId, auditId, compare![0], compare![1]),
    enabled: !!compare,
  });
  const [reason, setReason] = useState('');
  const reopen = useMutation({
    mutationFn: () => auditsApi.reopen(orgId, audit.data!, reason.trim()),
    onSuccess: async () => {
      setReason('');
      await queryClient.invalidateQueries({ queryKey: auditKeys.audit(orgId, auditId) });
    },
  });
  const onReopen = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    reopen.mutate();
  };
  if (audit.isPending || versions.isPending) return <Loading />;
  if (!audit.data) return <ErrorAlert error={audit.error} title="This audit could not be loaded" />;
  const a = audit.data;
  const canReopen = (role === 'admin' || role === 'compliance_officer') && a.status === 'submitted';
  const problem = reopen.error instanceof ApiProblem ? reopen.error : undefined;

  return (
    <Page
      id="history"
      title={`History: ${a.title}`}
      intro={`${STATUS_LABELS[a.status]}. Every submission is kept with its attestation and snapshot hash, also after the audit is reopened.`}
      actions={<Link href={`/organisations/${orgId}/audits/${auditId}`}>Back to the audit overview</Link>}
    >
      <section className="card" aria-labelledby="versions">
        <h2 id="versions">Versions</h2>
        <ErrorAlert error={versions.error} />
        {list.length ? (
          <ol className="card-list versions">
            {list.map((v) => (
              <li key={v.version} className="version-item">
                <div>
                  <strong>Version {v.version}</strong> · submitted {when(v.submittedAt)} · {v.rating}{' '}
                  {score(v.overall)} / 100
                  <p className="muted">
                    {v.attestation.role}: “{v.attestation.statement}”
                    {v.attestation.incomplete
                      ? ` · ${v.attestation.incomplete.open} of ${v.attestation.incomplete.total} questions open`
                      : ''}
                  </p>
                  <p className="muted hash">SHA-256 {v.snapshotHash}</p>
                </div>
              </li>
            ))}
          </ol>
        ) : (
          <p>Not submitted yet.</p>
        )}
      </section>

      {list.length >= 2 && compare ? (
        <section className="card" aria-labelledby="diff">
          <h2 id="diff">
            What changed from version {compare[0]} to {compare[1]}
          </h2>
          <div className="inline-fields">
            {list.slice(1).map((v) => (
              <Button
                key={v.version}
                className="button button-small"
                onPress={() => setPair([v.version - 1, v.version])}
                aria-pressed={compare[1] === v.version}
              >
                {v.version - 1} → {v.version}
              </Button>
            ))}
          </div>
          <ErrorAlert error={diff.error} />
          {diff.data ? (
            <>
              <p>
                Overall {score(diff.data.overall.from)} → <strong>{score(diff.data.overall.to)}</strong> ·
                rating {diff.data.rating.from} → <strong>{diff.data.rating.to}</strong> · answered{' '}
                {Math.round(diff.data.answeredPct.from)}% → {Math.round(diff.data.answeredPct.to)}%
              </p>
              {diff.data.domains.length ? (
                <ul>
                  {diff.data.domains.map((d) => (
                    <li key={d.domainId}>
                      {d.title}: {score(d.from)} → {score(d.to)}
                    </li>
                  ))}
                </ul>
              ) : null}
              <p>
                {diff.data.gapsClosed.length} gaps closed, {diff.data.gapsOpened.length} opened,{' '}
                {diff.data.answers.length} answers changed.
              </p>
              {diff.data.answers.length ? (
                <details className="disclosure">
                  <summary>Changed answers</summary>
                  <ul>
                    {diff.data.answers.map((c) => (
                      <li key={c.questionId}>
                        {c.questionId}: {c.from ? String(c.from.value) : 'no answer'} →{' '}
                        {c.to ? String(c.to.value) : 'no answer'}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}

      {canReopen ? (
        <section className="card" aria-labelledby="reopen">
          <h2 id="reopen">Reopen</h2>
          <p>
            Reopening moves the audit to review; the submitted version stays here. The reason is written to
            the audit trail.
          </p>
          <Form onSubmit={onReopen} className="form">
            <ErrorAlert error={reopen.error} title="The audit was not reopened" />
            <TextField
              label="Reason"
              multiline
              rows={2}
              value={reason}
              onChange={setReason}
              isRequired
              minLength={5}
              description={<ContentFreeNote />}
              serverErrors={problem?.errorsFor('reason')}
            />
            <div className="form-actions">
              <Button
                type="submit"
                className="button"
                isPending={reopen.isPending}
                isDisabled={reason.trim().length < 5}
              >
                Reopen for review
              </Button>
            </div>
          </Form>
        </section>
      ) : null}
      {reopen.isSuccess ? <Notice tone="success">Reopened: the audit is in review.</Notice> : null}
    </Page>
  );
}
