import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import type { ContactKindValue, PlanContactView, PlanStepView } from '@aup/contracts';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { ContentFreeNote, TextField } from '../components/fields';
import { Page } from '../components/page';
import { CONTACT_KINDS, policyKeys, policyModelApi } from './api';
import { DateField, DocumentLinks, History, SelectField, useMemberOptions } from './fields';
import './policy-model.css';

const KIND_OPTIONS = CONTACT_KINDS.map((k) => ({ value: k, label: k[0].toUpperCase() + k.slice(1) }));

function StepCard({
  orgId,
  step,
  members,
}: {
  orgId: string;
  step: PlanStepView;
  members: { value: string; label: string }[];
}) {
  const queryClient = useQueryClient();
  const [owner, setOwner] = useState(step.ownerUserId ?? '');
  const [deputy, setDeputy] = useState(step.deputyUserId ?? '');
  const [exercised, setExercised] = useState(step.lastExercisedOn ?? '');
  const [position, setPosition] = useState(String(step.position));
  const [contacts, setContacts] = useState<PlanContactView[]>(step.contacts);
  const save = useMutation({
    mutationFn: () =>
      policyModelApi.putStep(orgId, step, {
        position: Number(position) || step.position,
        ownerUserId: owner || null,
        deputyUserId: deputy || null,
        lastExercisedOn: exercised || null,
        contacts: contacts.filter((c) => c.role.trim() && c.route.trim()),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['orgs', orgId, 'policy-model'] }),
  });
  const problem = save.error instanceof ApiProblem ? save.error : undefined;
  const setContact = (i: number, patch: Partial<PlanContactView>) =>
    setContacts(contacts.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <li className="card">
      <h2>
        {step.position}. {step.title}
      </h2>
      <p>{step.purpose}</p>
      <details>
        <summary>Actions, what never to do, sources</summary>
        <h3>Actions</h3>
        <ul>
          {step.actions.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
        <h3>Never</h3>
        <ul>
          {step.never.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
        <p className="muted">
          Responsible role: {step.ownerRole.replace('_', ' ')}. Sources: {step.sourceIds.join(', ')}
        </p>
      </details>
      <Form className="form" onSubmit={submit} aria-label={`Step ${step.title}`}>
        <ErrorAlert error={save.error} title="The step was not saved" />
        <div className="pm-grid">
          <SelectField label="Owner" value={owner} onChange={setOwner} options={members} />
          <SelectField
            label="Deputy"
            value={deputy}
            onChange={setDeputy}
            options={members}
            description="A different person from the owner."
          />
          <DateField label="Last exercised" value={exercised} onChange={setExercised} />
          <TextField label="Order in the plan" inputMode="numeric" value={position} onChange={setPosition} />
        </div>
        <fieldset className="form">
          <legend className="field-label">
            External contacts (roles and public routes, never people or cases)
          </legend>
          {contacts.map((c, i) => (
            <div className="pm-row" key={i}>
              <SelectField
                label={`Contact ${i + 1}: kind`}
                value={c.kind}
                onChange={(v) => setContact(i, { kind: v as ContactKindValue })}
                options={KIND_OPTIONS}
              />
              <TextField
                label={`Contact ${i + 1}: role or unit`}
                value={c.role}
                onChange={(v) => setContact(i, { role: v })}
                serverErrors={problem?.errorsFor(`contacts/${i}/role`)}
              />
              <TextField
                label={`Contact ${i + 1}: route`}
                value={c.route}
                onChange={(v) => setContact(i, { route: v })}
                description="A public https reporting page or a switchboard number."
                serverErrors={problem?.errorsFor(`contacts/${i}/route`)}
              />
              <Button
                className="button button-quiet button-small"
                onPress={() => setContacts(contacts.filter((_, j) => j !== i))}
              >
                Remove contact {i + 1}
              </Button>
            </div>
          ))}
          <div>
            <Button
              className="button button-quiet button-small"
              onPress={() => setContacts([...contacts, { kind: 'police', role: '', route: '' }])}
            >
              Add a contact
            </Button>
          </div>
          <p className="field-description">
            <ContentFreeNote />
          </p>
        </fieldset>
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={save.isPending}>
            Save step {step.title}
          </Button>
          {save.isSuccess ? <span role="status">Saved.</span> : null}
        </div>
      </Form>
      <History orgId={orgId} entity="action_plan_step" entityId={step.id} title={`step ${step.title}`} />
    </li>
  );
}

function PlanReview({
  orgId,
  reviewedOn,
  version,
}: {
  orgId: string;
  reviewedOn: string | null;
  version: number;
}) {
  const queryClient = useQueryClient();
  const [date, setDate] = useState(reviewedOn ?? '');
  const save = useMutation({
    mutationFn: () => policyModelApi.patchPlan(orgId, version, { reviewedOn: date || null }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['orgs', orgId, 'policy-model'] }),
  });
  return (
    <Form
      className="pm-row"
      aria-label="Plan review"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <DateField label="Plan last reviewed" value={date} onChange={setDate} />
      <Button type="submit" className="button" isPending={save.isPending}>
        Save review date
      </Button>
      <ErrorAlert error={save.error} title="The review date was not saved" />
    </Form>
  );
}

/** The action plan for a find: owners and deputies, contacts, order, and the completeness rules. */
export function ActionPlanPage() {
  const { orgId = '' } = useParams();
  const plan = useQuery({ queryKey: policyKeys.plan(orgId), queryFn: () => policyModelApi.plan(orgId) });
  const members = useMemberOptions(orgId);
  return (
    <Page
      id="policy-action-plan"
      title="Action plan"
      intro="What happens from the moment suspected material comes to light. Nobody opens, views, copies or forwards material at any step."
    >
      {plan.isPending ? <Loading /> : null}
      <ErrorAlert error={plan.error} />
      {plan.data ? (
        <>
          <section className="card" aria-labelledby="completeness-h">
            <h2 id="completeness-h">Completeness</h2>
            <p className="pm-meter">{plan.data.completeness.completenessPct} %</p>
            {plan.data.completeness.complete ? (
              <Notice tone="success">
                Every step has an owner and a deputy, the plan was reviewed in the last 12 months, and every
                mandatory report has its route.
              </Notice>
            ) : (
              <ul>
                {plan.data.completeness.problems.map((p, i) => (
                  <li key={i}>{p.message}</li>
                ))}
              </ul>
            )}
            <PlanReview
              key={plan.data.version}
              orgId={orgId}
              reviewedOn={plan.data.reviewedOn}
              version={plan.data.version}
            />
            <DocumentLinks orgId={orgId} name="action-plan" label="the action plan" />
          </section>
          <ol className="pm-list" aria-label="Steps">
            {plan.data.steps.map((s) => (
              <StepCard key={`${s.id}:${s.version}`} orgId={orgId} step={s} members={members} />
            ))}
          </ol>
        </>
      ) : null}
    </Page>
  );
}
