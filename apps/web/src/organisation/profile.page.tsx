import type { FrameworkVersionView, OrganisationView, ProfileFieldView } from '@aup/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  Dialog,
  Form,
  Heading,
  Label,
  Modal,
  ModalOverlay,
  Radio,
  RadioGroup,
  Text,
} from 'react-aria-components';
import { useParams } from 'react-router-dom';
import { accountsApi } from '../api/accounts';
import { frameworkKeys, frameworksApi } from '../api/frameworks';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { TextField } from '../components/fields';
import { Page } from '../components/page';
import { useSession } from '../auth/session';
import {
  affectsText,
  applyPatch,
  conflictRows,
  displayValue,
  formValues,
  profilePatch,
  regionOptions,
  withCountries,
  type FieldValue,
  type FormValues,
  type ProfilePatch,
} from './profile-form';

export const organisationKey = (orgId: string) => ['orgs', orgId, 'organisation'] as const;

const INTRO =
  'What the organisation is and does decides which questions of the self-assessment apply and which legal reporting obligations bind it. ' +
  'A change here applies at once to audits that are still open; submitted audits keep the profile they were submitted with.';

/** A conflict: someone saved a newer profile while this person edited an older one. */
interface Conflict {
  newer: OrganisationView;
  mine: ProfilePatch;
}

/** The organisation profile, built from the framework's field definitions; admins and compliance officers edit it. */
export function ProfilePage() {
  const { orgId = '' } = useParams();
  const { me } = useSession();
  const queryClient = useQueryClient();
  const role = me?.memberships.find((m) => m.organisationId === orgId)?.role;
  const canEdit = role === 'admin' || role === 'compliance_officer';
  const org = useQuery({ queryKey: organisationKey(orgId), queryFn: () => accountsApi.organisation(orgId) });
  const framework = useQuery({
    queryKey: frameworkKeys.latest,
    queryFn: frameworksApi.latest,
    staleTime: Infinity,
  });

  if (org.isPending || framework.isPending) return <Loading />;
  if (!org.data || !framework.data) {
    return (
      <Page id="profile" title="Organisation profile">
        <ErrorAlert error={org.error ?? framework.error} title="The profile could not be loaded" />
      </Page>
    );
  }
  return canEdit ? (
    <ProfileForm
      key={org.data.id}
      org={org.data}
      framework={framework.data}
      onSaved={(saved) => {
        queryClient.setQueryData(organisationKey(orgId), saved);
        // Which questions, results and obligations apply follows the profile: refetch whatever shows them.
        void queryClient.invalidateQueries({
          queryKey: ['orgs', orgId],
          predicate: (q) => q.queryKey[2] !== 'organisation',
        });
      }}
    />
  ) : (
    <Page id="profile" title="Organisation profile" intro={INTRO}>
      <Notice>Administrators and compliance officers keep this profile up to date; you can read it.</Notice>
      <section className="card" aria-labelledby="profile-h">
        <h2 id="profile-h">{org.data.name}</h2>
        <ProfileSummary fields={framework.data.profile} profile={org.data.profile} />
      </section>
    </Page>
  );
}

function ProfileSummary({
  fields,
  profile,
}: {
  fields: readonly ProfileFieldView[];
  profile: OrganisationView['profile'];
}) {
  const stored = profile as Record<string, unknown>;
  return (
    <dl className="profile-summary">
      {fields.map((f) => (
        <div key={f.id}>
          <dt>{f.label}</dt>
          <dd>{displayValue(f, stored[f.id])}</dd>
        </div>
      ))}
    </dl>
  );
}

function ProfileForm({
  org,
  framework,
  onSaved,
}: {
  org: OrganisationView;
  framework: FrameworkVersionView;
  onSaved: (org: OrganisationView) => void;
}) {
  const fields = framework.profile;
  // The version the form was filled from: the If-Match of the save, so nobody's change is overwritten unseen.
  const [base, setBase] = useState(org);
  const [values, setValues] = useState<FormValues>(() => formValues(fields, org.profile));
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [savedCount, setSavedCount] = useState<number | null>(null);
  const patch = profilePatch(fields, base.profile, values);
  const changed = Object.keys(patch);
  const changesApplicability = fields.filter(
    (f) => f.id in patch && (f.affects.questions || f.affects.obligations),
  );

  const save = useMutation({
    mutationFn: ({ version, profile }: { version: number; profile: ProfilePatch }) =>
      accountsApi.updateOrganisation(org.id, version, { profile }),
    onSuccess: (saved, sent) => {
      setBase(saved);
      setValues(formValues(fields, saved.profile));
      setConflict(null);
      setSavedCount(Object.keys(sent.profile).length);
      onSaved(saved);
    },
    onError: (err, sent) => {
      if (err instanceof ApiProblem && err.code === 'ORGANISATION.VERSION_CONFLICT') {
        accountsApi.organisation(org.id).then(
          (newer) => setConflict({ newer, mine: sent.profile }),
          () => undefined,
        );
      }
    },
  });

  const problem = save.error instanceof ApiProblem ? save.error : undefined;
  const set = (id: string, v: FieldValue) => {
    setSavedCount(null);
    setValues((prev) =>
      id === 'countries' && Array.isArray(v) ? withCountries(prev, v) : { ...prev, [id]: v },
    );
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (changed.length) save.mutate({ version: base.version, profile: patch });
  };
  const reapply = () => {
    if (!conflict) return;
    setBase(conflict.newer);
    setValues(formValues(fields, applyPatch(conflict.newer.profile, conflict.mine)));
    save.mutate({ version: conflict.newer.version, profile: conflict.mine });
  };
  const takeTheirs = () => {
    if (!conflict) return;
    setBase(conflict.newer);
    setValues(formValues(fields, conflict.newer.profile));
    setConflict(null);
    save.reset();
    onSaved(conflict.newer);
  };

  return (
    <Page id="profile" title="Organisation profile" intro={INTRO}>
      <Form onSubmit={onSubmit} className="form" validationBehavior="aria">
        {/* A conflict shows its own dialog once the newer profile is loaded; until then (or if loading it fails) its message shows here. */}
        {problem?.fieldErrors.length ? (
          <div role="alert" className="alert alert-error">
            <p className="alert-title">The profile was not saved</p>
            <p>
              Some answers need attention: see the message under each marked field. Nothing you chose was
              lost.
            </p>
          </div>
        ) : (
          <ErrorAlert error={conflict ? undefined : save.error} title="The profile was not saved" />
        )}
        {savedCount !== null && !changed.length ? (
          <Notice tone="success">
            Profile saved. Open audits now list the questions and obligations that apply to it; check their
            progress and results again.
          </Notice>
        ) : null}
        {fields.map((f) => (
          <ProfileFieldInput
            key={f.id}
            field={f}
            value={values[f.id] ?? null}
            countries={Array.isArray(values.countries) ? values.countries : []}
            onChange={(v) => set(f.id, v)}
            errors={problem?.errorsFor(`profile/${f.id}`)}
          />
        ))}
        <div className="card form-summary" role="status" aria-live="polite">
          {changed.length ? (
            <p>
              {changed.length} unsaved change{changed.length === 1 ? '' : 's'}.
              {changesApplicability.length
                ? ` Saving changes which questions and obligations apply (${changesApplicability.map((f) => f.label).join('; ')}).`
                : ' None of them changes which questions or obligations apply.'}
            </p>
          ) : (
            <p className="muted">No unsaved changes.</p>
          )}
        </div>
        <div className="form-actions">
          <Button
            type="submit"
            className="button button-primary"
            isPending={save.isPending}
            isDisabled={!changed.length}
          >
            Save profile
          </Button>
          <Button
            className="button"
            isDisabled={!changed.length || save.isPending}
            onPress={() => setValues(formValues(fields, base.profile))}
          >
            Undo changes
          </Button>
        </div>
      </Form>

      {conflict ? (
        <ModalOverlay isOpen isDismissable={false} className="modal-overlay">
          <Modal className="modal modal-wide">
            <Dialog className="dialog" role="alertdialog">
              <Heading slot="title">Someone else changed the profile</Heading>
              <p>
                The profile was saved by someone else (version {conflict.newer.version}) while you edited
                version {base.version}. Nothing was overwritten. Compare and choose.
              </p>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Saved now</th>
                    <th scope="col">Your change</th>
                  </tr>
                </thead>
                <tbody>
                  {conflictRows(fields, base.profile, conflict.newer.profile, conflict.mine).map((r) => (
                    <tr key={r.field.id}>
                      <th scope="row">{r.field.label}</th>
                      <td>
                        {displayValue(r.field, r.theirs)}
                        {r.changedByThem ? <span className="badge badge-warn"> changed</span> : null}
                      </td>
                      <td>
                        {r.changedByMe ? (
                          displayValue(r.field, r.mine)
                        ) : (
                          <span className="muted">no change</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="form-actions">
                <Button className="button button-primary" onPress={reapply} isPending={save.isPending}>
                  Re-apply my changes
                </Button>
                <Button className="button" onPress={takeTheirs}>
                  Keep the saved profile
                </Button>
              </div>
            </Dialog>
          </Modal>
        </ModalOverlay>
      ) : null}
    </Page>
  );
}

function ProfileFieldInput({
  field,
  value,
  countries,
  onChange,
  errors,
}: {
  field: ProfileFieldView;
  value: FieldValue;
  countries: string[];
  onChange: (v: FieldValue) => void;
  errors?: string[];
}) {
  const description = (
    <>
      {field.help ? <>{field.help} </> : null}
      <span className="affects">{affectsText(field)}</span>
    </>
  );
  const errorText = errors?.length ? (
    <p className="field-error" role="alert">
      {errors.join(' ')}
    </p>
  ) : null;
  const labelText = (
    <>
      {field.label}
      {field.required ? null : <span className="muted"> (optional)</span>}
    </>
  );

  if (field.type === 'number') {
    return (
      <div className="card profile-field" data-field={field.id}>
        <TextField
          label={field.label}
          type="number"
          inputMode="numeric"
          value={typeof value === 'string' ? value : ''}
          onChange={onChange}
          description={description}
          serverErrors={errors}
        />
      </div>
    );
  }
  if (field.type === 'multi_choice') {
    const options = field.id === 'regions' ? regionOptions(field, countries) : (field.options ?? []);
    return (
      <div className="card profile-field" data-field={field.id}>
        <CheckboxGroup
          className="choice-group"
          value={Array.isArray(value) ? value : []}
          onChange={onChange}
          isInvalid={!!errors?.length}
        >
          <Label className="field-label">{labelText}</Label>
          <Text slot="description" className="field-description">
            {description}
          </Text>
          {options.length ? (
            <div className="choice-grid">
              {options.map((o) => (
                <Checkbox key={o.value} value={o.value} className="choice choice-inline">
                  <span className="choice-box" aria-hidden="true" />
                  {o.label}
                </Checkbox>
              ))}
            </div>
          ) : (
            <p className="muted">
              None of the countries chosen has states or provinces with duties of their own.
            </p>
          )}
        </CheckboxGroup>
        {errorText}
      </div>
    );
  }
  const options =
    field.type === 'boolean'
      ? [
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ]
      : (field.options ?? []);
  const selected =
    field.type === 'boolean'
      ? value === true
        ? 'yes'
        : value === false
          ? 'no'
          : null
      : typeof value === 'string'
        ? value
        : null;
  return (
    <div className="card profile-field" data-field={field.id}>
      <RadioGroup
        className="choice-group"
        value={selected}
        onChange={(v) => onChange(field.type === 'boolean' ? v === 'yes' : v)}
        orientation={options.length <= 4 ? 'horizontal' : 'vertical'}
        isInvalid={!!errors?.length}
      >
        <Label className="field-label">{labelText}</Label>
        <Text slot="description" className="field-description">
          {description}
        </Text>
        <div className={options.length <= 4 ? 'inline-radios' : 'choice-grid'}>
          {options.map((o) => (
            <Radio key={o.value} value={o.value} className="choice choice-inline">
              {o.label}
            </Radio>
          ))}
        </div>
      </RadioGroup>
      {errorText}
    </div>
  );
}
