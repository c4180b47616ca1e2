import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form, Link } from 'react-aria-components';
import { useNavigate } from 'react-router-dom';
import { accountsApi, PASSWORD_MIN_LENGTH, ROLE_HELP, ROLE_LABELS, tokenFromFragment } from '../api/accounts';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Notice } from '../components/alerts';
import { TextField } from '../components/fields';
import { Page } from '../components/page';
import { useSession } from '../auth/session';

/**
 * `/invitations/accept#token=...`. Someone signed in joins with one click; a newcomer chooses a password
 * (which creates the account); someone with an account who is signed out must sign in first.
 */
export function AcceptInvitationPage() {
  const [token] = useState(() => tokenFromFragment());
  const navigate = useNavigate();
  const { me, signedIn } = useSession();
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const accept = useMutation({
    mutationFn: () =>
      accountsApi.acceptInvitation(
        token,
        me ? {} : { password, displayName: displayName.trim() || undefined },
      ),
    onSuccess: async (res) => {
      await signedIn();
      if (me || res.accountCreated)
        void navigate(`/organisations/${res.organisationId}/audits`, { replace: true });
    },
  });
  const problem = accept.error instanceof ApiProblem ? accept.error : undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    accept.mutate();
  };
  const next = encodeURIComponent(`/invitations/accept#token=${token}`);
  const preview = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => accountsApi.previewInvitation(token),
    enabled: !!token,
    retry: false,
  });
  const inv = preview.data;

  if (!token) {
    return (
      <Page id="accept-invitation" title="Join your organisation">
        <Notice tone="warning">
          This invitation link is incomplete. Open the link from the invitation e-mail again, or ask for a new
          invitation.
        </Notice>
      </Page>
    );
  }
  if (accept.isSuccess && !me && !accept.data.accountCreated) {
    return (
      <Page id="accept-invitation" title="You have joined">
        <Notice tone="success">
          You joined as {ROLE_LABELS[accept.data.role]}. <Link href="/sign-in">Sign in</Link> to start.
        </Notice>
      </Page>
    );
  }
  return (
    <Page
      id="accept-invitation"
      title={inv ? `Join ${inv.organisationName}` : 'Join your organisation'}
      intro={
        inv
          ? `${inv.invitedByName ?? 'An administrator'} invited ${inv.email} to ${inv.organisationName}'s acceptable-use self-assessment as ${ROLE_LABELS[inv.role]}.`
          : "You were invited to take part in your organisation's acceptable-use self-assessment."
      }
    >
      {inv ? (
        <dl className="invitation-facts card">
          <dt>Organisation</dt>
          <dd>{inv.organisationName}</dd>
          <dt>Invited by</dt>
          <dd>{inv.invitedByName ?? 'An administrator'}</dd>
          <dt>Your role</dt>
          <dd>
            {ROLE_LABELS[inv.role]}: {ROLE_HELP[inv.role]}
          </dd>
          <dt>For the e-mail address</dt>
          <dd>{inv.email}</dd>
        </dl>
      ) : null}
      {inv && inv.status !== 'pending' ? (
        <Notice tone="warning">
          This invitation is {inv.status}. Ask {inv.invitedByName ?? 'an administrator'} for a new one.
        </Notice>
      ) : null}
      <ErrorAlert error={preview.error} title="This invitation could not be found" />
      <Form onSubmit={submit} className="form" aria-label="Accept the invitation">
        <ErrorAlert error={accept.error} title="The invitation could not be accepted" />
        {me ? (
          <p>
            You are signed in as <strong>{me.user.email}</strong>. Accepting adds this organisation to your
            account.
          </p>
        ) : (
          <>
            <TextField
              label="Your name"
              name="displayName"
              value={displayName}
              onChange={setDisplayName}
              autoComplete="name"
              description="Optional. Shown to colleagues in your organisation."
              serverErrors={problem?.errorsFor('displayName')}
            />
            <TextField
              label="Password"
              name="password"
              type="password"
              value={password}
              onChange={setPassword}
              isRequired
              minLength={PASSWORD_MIN_LENGTH}
              autoComplete="new-password"
              description={`New here: choose a password of at least ${PASSWORD_MIN_LENGTH} characters. Already have an account with this e-mail: sign in first (link below).`}
              serverErrors={problem?.errorsFor('password')}
            />
          </>
        )}
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={accept.isPending}>
            Accept invitation
          </Button>
        </div>
      </Form>
      {!me ? (
        <p className="secondary-links">
          <Link href={`/sign-in?next=${next}`}>Sign in first with an existing account</Link>
        </p>
      ) : null}
    </Page>
  );
}
