import type { Role } from '@aup/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import {
  Button,
  Form,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
} from 'react-aria-components';
import { useParams } from 'react-router-dom';
import { accountsApi, ROLE_HELP, ROLE_LABELS } from '../api/accounts';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { TextField } from '../components/fields';
import { Page } from '../components/page';

const ROLES = Object.keys(ROLE_LABELS) as Role[];

function RoleSelect({ label, value, onChange }: { label: string; value: Role; onChange: (r: Role) => void }) {
  return (
    <Select className="field" value={value} onChange={(k) => k && onChange(k as Role)}>
      <Label className="field-label">{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true" className="chevron">
          ▾
        </span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox">
          {ROLES.map((r) => (
            <ListBoxItem key={r} id={r} className="listbox-item" textValue={ROLE_LABELS[r]}>
              <span className="listbox-item-title">{ROLE_LABELS[r]}</span>
              <span className="listbox-item-meta">{ROLE_HELP[r]}</span>
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}

/** Members with their roles, and invitations (admins only; the api enforces it). */
export function MembersPage() {
  const { orgId = '' } = useParams();
  const queryClient = useQueryClient();
  const members = useQuery({
    queryKey: ['orgs', orgId, 'members'],
    queryFn: () => accountsApi.members(orgId),
  });
  const invitations = useQuery({
    queryKey: ['orgs', orgId, 'invitations'],
    queryFn: () => accountsApi.invitations(orgId),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['orgs', orgId] });
  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: Role }) =>
      accountsApi.updateMember(orgId, userId, role),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => accountsApi.removeMember(orgId, userId),
    onSuccess: refresh,
  });
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('respondent');
  const invite = useMutation({
    mutationFn: () => accountsApi.invite(orgId, { email: email.trim(), role }),
    onSuccess: () => (setEmail(''), refresh()),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => accountsApi.revokeInvitation(orgId, id),
    onSuccess: refresh,
  });
  const problem = invite.error instanceof ApiProblem ? invite.error : undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    invite.mutate();
  };

  return (
    <Page
      id="members"
      title="Members and roles"
      intro="People are referenced by their account, never by a typed name. Respondents see only the sections assigned to them."
    >
      <section className="card" aria-labelledby="members-h">
        <h2 id="members-h">Members</h2>
        {members.isPending ? <Loading /> : null}
        <ErrorAlert error={members.error ?? changeRole.error ?? remove.error} />
        {members.data ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Role</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.items.map((m) => (
                <tr key={m.userId}>
                  <td>
                    {m.displayName ?? m.email ?? 'Erased account'}
                    {m.displayName && m.email ? <div className="muted">{m.email}</div> : null}
                  </td>
                  <td>
                    <RoleSelect
                      label={`Role of ${m.displayName ?? m.email ?? 'member'}`}
                      value={m.role}
                      onChange={(r) => changeRole.mutate({ userId: m.userId, role: r })}
                    />
                  </td>
                  <td>
                    <Button
                      className="button button-danger button-small"
                      onPress={() => remove.mutate(m.userId)}
                      aria-label={`Remove ${m.displayName ?? m.email ?? 'member'}`}
                    >
                      Remove
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section className="card" aria-labelledby="invite-h">
        <h2 id="invite-h">Invite someone</h2>
        <Form onSubmit={submit} className="form">
          <ErrorAlert error={invite.error} title="The invitation was not sent" />
          <TextField
            label="Work e-mail"
            type="email"
            value={email}
            onChange={setEmail}
            isRequired
            serverErrors={problem?.errorsFor('email')}
          />
          <RoleSelect label="Role" value={role} onChange={setRole} />
          <div className="form-actions">
            <Button type="submit" className="button button-primary" isPending={invite.isPending}>
              Send invitation
            </Button>
          </div>
        </Form>
        {invite.data ? (
          <Notice tone="success">
            <p>
              {invite.data.emailed
                ? `An invitation was e-mailed to ${invite.data.email}.`
                : `E-mail is not configured: the invitation link for ${invite.data.email} was written to the server log. Ask your administrator to pass it on.`}
            </p>
          </Notice>
        ) : null}
        <h3>Invitations</h3>
        <ErrorAlert error={invitations.error ?? revoke.error} />
        {invitations.data?.items.length ? (
          <ul className="card-list">
            {invitations.data.items.map((i) => (
              <li key={i.id}>
                <span>
                  {i.email} · {ROLE_LABELS[i.role]} · <span className="badge">{i.status}</span>
                </span>
                {i.status === 'pending' ? (
                  <Button
                    className="button button-small"
                    onPress={() => revoke.mutate(i.id)}
                    aria-label={`Revoke invitation for ${i.email}`}
                  >
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No invitations.</p>
        )}
      </section>
    </Page>
  );
}
