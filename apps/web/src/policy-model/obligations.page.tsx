import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import type { ObligationLineView } from '@aup/contracts';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { ContentFreeNote, TextField } from '../components/fields';
import { Page } from '../components/page';
import { policyKeys, policyModelApi } from './api';
import { DateField, History, SelectField, useMemberOptions } from './fields';
import './policy-model.css';

function ObligationCard({
  orgId,
  line,
  members,
}: {
  orgId: string;
  line: ObligationLineView;
  members: { value: string; label: string }[];
}) {
  const queryClient = useQueryClient();
  const [reporterRole, setReporterRole] = useState(line.reporterRole ?? '');
  const [reporter, setReporter] = useState(line.reporterUserId ?? '');
  const [route, setRoute] = useState(line.route ?? '');
  const [review, setReview] = useState(line.lastLegalReviewOn ?? '');
  const save = useMutation({
    mutationFn: () =>
      policyModelApi.putObligation(orgId, line, {
        reporterRole: reporterRole.trim() || null,
        reporterUserId: reporter || null,
        route: route.trim() || null,
        lastLegalReviewOn: review || null,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['orgs', orgId, 'policy-model'] }),
  });
  const problem = save.error instanceof ApiProblem ? save.error : undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <li className="card">
      <h2>
        {line.jurisdictionName}: {line.title}
      </h2>
      <p>
        {line.mandatoryReport ? <span className="badge badge-warn">Mandatory report</span> : null}{' '}
        <span className="badge">
          Law content {line.lawStatus}, reviewed {line.contentReviewedOn}
        </span>
        {line.counselMustConfirm ? <span className="badge">Counsel must confirm</span> : null}
      </p>
      <dl className="pm-cards">
        <div>
          <dt>When</dt>
          <dd>{line.trigger}</dd>
        </div>
        <div>
          <dt>What to do</dt>
          <dd>{line.action}</dd>
        </div>
        {line.recipient ? (
          <div>
            <dt>To whom</dt>
            <dd>{line.recipient}</dd>
          </div>
        ) : null}
        {line.deadline ? (
          <div>
            <dt>Deadline</dt>
            <dd>{line.deadline}</dd>
          </div>
        ) : null}
        {line.preservation ? (
          <div>
            <dt>Preservation</dt>
            <dd>{line.preservation}</dd>
          </div>
        ) : null}
        <div>
          <dt>Citation</dt>
          <dd>{line.citation}</dd>
        </div>
      </dl>
      <Form className="form" onSubmit={submit} aria-label={`Obligation ${line.id}`}>
        <ErrorAlert error={save.error} title="The obligation was not saved" />
        <div className="pm-grid">
          <TextField
            label="Role that reports"
            value={reporterRole}
            onChange={setReporterRole}
            description={<ContentFreeNote />}
            serverErrors={problem?.errorsFor('reporterRole')}
          />
          <SelectField label="Member who reports" value={reporter} onChange={setReporter} options={members} />
          <TextField
            label="Route"
            value={route}
            onChange={setRoute}
            description="A public https reporting page or a switchboard number."
            serverErrors={problem?.errorsFor('route')}
          />
          <DateField label="Last legal review" value={review} onChange={setReview} />
        </div>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={save.isPending}>
            Save {line.id}
          </Button>
          {save.isSuccess ? <span role="status">Saved.</span> : null}
        </div>
      </Form>
      <History orgId={orgId} entity="obligation_entry" entityId={line.id} title={line.id} />
    </li>
  );
}

/** The reporting obligations that bind the organisation, who reports them and by which route. */
export function ObligationsPage() {
  const { orgId = '' } = useParams();
  const register = useQuery({
    queryKey: policyKeys.obligations(orgId),
    queryFn: () => policyModelApi.obligations(orgId),
  });
  const members = useMemberOptions(orgId);
  return (
    <Page
      id="policy-obligations"
      title="Obligations register"
      intro="Derived from your countries and provider status. Not legal advice: counsel confirms each obligation for the organisation."
    >
      {register.isPending ? <Loading /> : null}
      <ErrorAlert error={register.error} />
      {register.data ? (
        <>
          {register.data.notCovered.length ? (
            <Notice tone="warning">
              <p className="alert-title">Countries not fully covered</p>
              <ul>
                {register.data.notCovered.map((n) => (
                  <li key={n.country}>{n.message}</li>
                ))}
              </ul>
            </Notice>
          ) : null}
          {register.data.reportsWithoutRoute.length ? (
            <p>{register.data.reportsWithoutRoute.length} mandatory reports have no route recorded yet.</p>
          ) : null}
          <p className="muted">{register.data.notLegalAdvice}</p>
          {register.data.items.length === 0 ? (
            <p>
              No obligations bind the organisation with its current profile. Add its countries on the
              organisation profile.
            </p>
          ) : null}
          <ol className="pm-list" aria-label="Obligations">
            {register.data.items.map((l) => (
              <ObligationCard key={`${l.id}:${l.version}`} orgId={orgId} line={l} members={members} />
            ))}
          </ol>
        </>
      ) : null}
    </Page>
  );
}
