import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form, Link } from 'react-aria-components';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiProblem } from '../api/http-client';
import { ErrorAlert } from '../components/alerts';
import { TextField } from '../components/fields';
import { Page } from '../components/page';
import { useSession } from '../auth/session';

interface AcceptBody {
  displayName?: string;
  password?: string;
}

/** Someone already signed in joins with one click; a newcomer chooses a name and password. */
export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const { me, signedIn } = useSession();
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const accept = useMutation({
    mutationFn: (body: AcceptBody) => api.post<{ organisationId: string }>(`/invitations/${encodeURIComponent(token)}/accept`, body, { quietUnauthenticated: true }),
    onSuccess: async (res) => {
      await signedIn();
      navigate(res?.organisationId ? `/organisations/${res.organisationId}/audits` : '/', { replace: true });
    },
  });
  const problem = accept.error instanceof ApiProblem ? accept.error : undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    accept.mutate(me ? {} : { displayName: displayName.trim(), password });
  };
  return (
    <Page id="accept-invitation" title="Join your organisation" intro="You were invited to take part in your organisation's acceptable-use self-assessment.">
      <Form onSubmit={submit} className="form" aria-label="Accept the invitation">
        <ErrorAlert error={accept.error} title="The invitation could not be accepted" />
        {me ? (
          <p>
            You are signed in as <strong>{me.email}</strong>. Accepting adds this organisation to your account.
          </p>
        ) : (
          <>
            <TextField label="Your name" name="displayName" value={displayName} onChange={setDisplayName} isRequired autoComplete="name" serverErrors={problem?.errorsFor('displayName')} />
            <TextField
              label="Choose a password"
              name="password"
              type="password"
              value={password}
              onChange={setPassword}
              isRequired
              minLength={12}
              autoComplete="new-password"
              description="At least 12 characters. Already have an account? Sign in first, then open the invitation link again."
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
          <Link href={`/sign-in?next=${encodeURIComponent(`/invitations/${token}`)}`}>Sign in with an existing account</Link>
        </p>
      ) : null}
    </Page>
  );
}
