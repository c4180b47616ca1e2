import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Checkbox, Form } from 'react-aria-components';
import { useNavigate, useParams } from 'react-router-dom';
import { auditKeys, auditsApi } from '../api/audits';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { ContentFreeNote, TextField } from '../components/fields';
import { Page } from '../components/page';

const DEFAULT_STATEMENT =
  'To the best of my knowledge the answers in this self-assessment are accurate and complete, and the evidence references point to records we hold.';

/** Submitting locks the audit and stores an immutable result; the attestation is what auditors read. */
export function SubmitPage() {
  const { orgId = '', auditId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const audit = useQuery({
    queryKey: auditKeys.audit(orgId, auditId),
    queryFn: () => auditsApi.get(orgId, auditId),
  });
  const [statement, setStatement] = useState(DEFAULT_STATEMENT);
  const [role, setRole] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [incompleteOk, setIncompleteOk] = useState(false);
  const completeness = useQuery({
    queryKey: auditKeys.completeness(orgId, auditId),
    queryFn: () => auditsApi.completeness(orgId, auditId),
  });
  const open = completeness.data?.open.length ?? 0;
  const blocked =
    (completeness.data?.needsReview.length ?? 0) + (completeness.data?.needsChanges.length ?? 0);
  const submit = useMutation({
    mutationFn: () =>
      auditsApi.submit(orgId, audit.data!, {
        statement: statement.trim(),
        role: role.trim(),
        ...(open && incompleteOk ? { acknowledgeOpenQuestions: open } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: auditKeys.audit(orgId, auditId) });
      await queryClient.invalidateQueries({ queryKey: auditKeys.results(orgId, auditId) });
      void navigate(`/organisations/${orgId}/audits/${auditId}/results`);
    },
  });
  const problem = submit.error instanceof ApiProblem ? submit.error : undefined;
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    submit.mutate();
  };
  if (audit.isPending || completeness.isPending) return <Loading />;
  const c = completeness.data;
  return (
    <Page
      id="submit"
      title="Submit the audit"
      intro="After submitting, answers can no longer change and the results are stored as they are now."
    >
      <section className="card" aria-labelledby="completeness">
        <h2 id="completeness">Completeness</h2>
        <ErrorAlert error={completeness.error} />
        {c ? (
          <p>
            <strong>
              {c.answered} of {c.total}
            </strong>{' '}
            questions answered{open ? `, ${open} open` : ''}.
          </p>
        ) : null}
        {c?.needsReview.length ? (
          <Notice tone="warning">
            {c.needsReview.length} answers copied from the previous audit still need to be confirmed in the
            questionnaire.
          </Notice>
        ) : null}
        {c?.needsChanges.length ? (
          <Notice tone="warning">
            {c.needsChanges.length} answers sent back in review have not been changed yet.
          </Notice>
        ) : null}
        {c?.complete ? (
          <Notice tone="success">Every question shown for your organisation is answered.</Notice>
        ) : null}
      </section>
      <Form onSubmit={onSubmit} className="form card">
        <ErrorAlert error={submit.error ?? audit.error} title="The audit was not submitted" />
        <TextField
          label="Attestation"
          multiline
          rows={4}
          value={statement}
          onChange={setStatement}
          isRequired
          description={<ContentFreeNote />}
          serverErrors={problem?.errorsFor('statement')}
        />
        <TextField
          label="Your function"
          value={role}
          onChange={setRole}
          isRequired
          description="e.g. Chief Compliance Officer"
          serverErrors={problem?.errorsFor('role')}
        />
        {open ? (
          <Checkbox isSelected={incompleteOk} onChange={setIncompleteOk} className="choice">
            <span className="choice-box" aria-hidden="true" />
            Submit incomplete: {open} of {c?.total} questions are open. The results and every report will say
            so.
          </Checkbox>
        ) : null}
        <Checkbox isSelected={confirmed} onChange={setConfirmed} className="choice">
          <span className="choice-box" aria-hidden="true" />I make this attestation in my own name.
        </Checkbox>
        <div className="form-actions">
          <Button
            type="submit"
            className="button button-primary"
            isDisabled={!confirmed || !audit.data || blocked > 0 || (open > 0 && !incompleteOk)}
            isPending={submit.isPending}
          >
            Submit with attestation
          </Button>
        </div>
      </Form>
    </Page>
  );
}
