import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import type { ClauseStateValue, ClauseView } from '@aup/contracts';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { ContentFreeNote, TextField } from '../components/fields';
import { Page } from '../components/page';
import { CLAUSE_STATES, policyKeys, policyModelApi } from './api';
import { DateField, DocumentLinks, History, SelectField, useMemberOptions } from './fields';
import './policy-model.css';

const STATE_LABELS: Record<ClauseStateValue | '', string> = {
  '': 'Not recorded yet',
  adopted: 'Adopted',
  adapted: 'Adapted (our own wording)',
  missing: 'Missing from our policy',
  not_applicable: 'Not applicable',
};

function ClauseCard({
  orgId,
  clause,
  members,
}: {
  orgId: string;
  clause: ClauseView;
  members: { value: string; label: string }[];
}) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<ClauseStateValue | ''>(clause.state ?? '');
  const [wording, setWording] = useState(clause.wording ?? '');
  const [documentRef, setDocumentRef] = useState(clause.documentRef ?? '');
  const [reason, setReason] = useState(clause.reason ?? '');
  const [owner, setOwner] = useState(clause.ownerUserId ?? '');
  const [reviewed, setReviewed] = useState(clause.lastReviewedOn ?? '');
  const save = useMutation({
    mutationFn: () =>
      policyModelApi.putClause(orgId, clause, {
        state: state as ClauseStateValue,
        wording: wording.trim() || null,
        documentRef: documentRef.trim() || null,
        reason: state === 'not_applicable' ? reason.trim() || null : null,
        ownerUserId: owner || null,
        lastReviewedOn: reviewed || null,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['orgs', orgId, 'policy-model'] }),
  });
  const problem = save.error instanceof ApiProblem ? save.error : undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (state) save.mutate();
  };
  const headingId = `clause-${clause.id}`;
  return (
    <li className="card">
      <h2 id={headingId}>
        {clause.number}. {clause.title}{' '}
        {clause.state ? (
          <span
            className={`badge ${clause.state === 'adopted' || clause.state === 'adapted' ? 'badge-ok' : 'badge-warn'}`}
          >
            {STATE_LABELS[clause.state]}
          </span>
        ) : null}
      </h2>
      {!clause.applies ? (
        <p className="muted">
          This clause does not apply to the organisation's profile; it is shown for reference.
        </p>
      ) : null}
      <details>
        <summary>Template wording and sources</summary>
        <p className="pm-text">{clause.text}</p>
        <p className="muted">Sources: {clause.sourceIds.join(', ')}</p>
      </details>
      <Form className="form" onSubmit={submit} aria-label={`Record clause ${clause.number}`}>
        <ErrorAlert error={save.error} title="The clause was not saved" />
        <div className="pm-grid">
          <SelectField
            label="State"
            value={state}
            onChange={(v) => setState(v as ClauseStateValue)}
            options={(['', ...CLAUSE_STATES] as const).map((s) => ({ value: s, label: STATE_LABELS[s] }))}
          />
          <SelectField label="Owner" value={owner} onChange={setOwner} options={members} />
          <DateField label="Last reviewed" value={reviewed} onChange={setReviewed} />
        </div>
        <TextField
          label="Where it is in your policy"
          value={documentRef}
          onChange={setDocumentRef}
          description="For example: acceptable-use policy v3, section 4.2."
          serverErrors={problem?.errorsFor('documentRef')}
        />
        <TextField
          label="Your wording (for an adapted clause)"
          multiline
          value={wording}
          onChange={setWording}
          description={<ContentFreeNote />}
          serverErrors={problem?.errorsFor('wording')}
        />
        {state === 'not_applicable' ? (
          <TextField
            label="Why it does not apply"
            multiline
            rows={2}
            value={reason}
            onChange={setReason}
            isRequired
            serverErrors={problem?.errorsFor('reason')}
          />
        ) : null}
        <div className="form-actions">
          <Button
            type="submit"
            className="button button-primary"
            isDisabled={!state}
            isPending={save.isPending}
          >
            Save clause {clause.number}
          </Button>
          {save.isSuccess ? <span role="status">Saved.</span> : null}
          {clause.adoptedOn ? <span className="muted">Adopted on {clause.adoptedOn}</span> : null}
        </div>
      </Form>
      <History orgId={orgId} entity="policy_clause" entityId={clause.id} title={`clause ${clause.number}`} />
    </li>
  );
}

/** The acceptable-use clauses: adopt, adapt or mark each, with owner and review date; coverage and what is missing. */
export function ClausesPage() {
  const { orgId = '' } = useParams();
  const clauses = useQuery({
    queryKey: policyKeys.clauses(orgId),
    queryFn: () => policyModelApi.clauses(orgId),
  });
  const members = useMemberOptions(orgId);
  return (
    <Page
      id="policy-clauses"
      title="Acceptable-use policy"
      intro="The clauses your policy needs on child sexual abuse material. Adopt the template, adapt it in your own words, or say why it does not apply."
    >
      {clauses.isPending ? <Loading /> : null}
      <ErrorAlert error={clauses.error} />
      {clauses.data ? (
        <>
          <section className="card" aria-labelledby="coverage-h">
            <h2 id="coverage-h">Coverage</h2>
            <p className="pm-meter">{clauses.data.coverage.coveragePct} %</p>
            <p>
              {clauses.data.coverage.covered} of {clauses.data.coverage.counted} clauses that apply are
              adopted or adapted.
            </p>
            {clauses.data.coverage.missing.length ? (
              <ul>
                {clauses.data.coverage.missing.map((m) => (
                  <li key={m.clauseId}>{m.message}</li>
                ))}
              </ul>
            ) : (
              <Notice tone="success">Every clause that applies is covered.</Notice>
            )}
            <DocumentLinks orgId={orgId} name="policy" label="the adopted policy section" />
          </section>
          <ol className="pm-list" aria-label="Clauses">
            {clauses.data.items.map((c) => (
              <ClauseCard key={`${c.id}:${c.version}`} orgId={orgId} clause={c} members={members} />
            ))}
          </ol>
        </>
      ) : null}
    </Page>
  );
}
