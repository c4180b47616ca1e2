import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import type { LoginResponse } from '@aup/contracts';
import { accountsApi } from '../api/accounts';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert } from '../components/alerts';
import { TextField } from '../components/fields';

/**
 * E-mail and password, then a one-time code when the account has MFA. Used by the sign-in page and by
 * the dialog that appears over a page when the session expires.
 */
export function SignInForm({
  onSignedIn,
  initialEmail = '',
}: {
  onSignedIn: () => void | Promise<void>;
  initialEmail?: string;
}) {
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);

  const finish = async (result: LoginResponse) => {
    if (result.mfaRequired) setChallenge(result.challengeToken);
    else await onSignedIn();
  };
  const login = useMutation({ mutationFn: accountsApi.login, onSuccess: finish });
  const verify = useMutation({ mutationFn: accountsApi.loginMfa, onSuccess: finish });

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (challenge) verify.mutate({ code: code.replace(/\s/g, ''), challengeToken: challenge });
    else login.mutate({ email: email.trim(), password });
  };

  const error = challenge ? verify.error : login.error;
  const pending = login.isPending || verify.isPending;
  const problem = error instanceof ApiProblem ? error : undefined;

  if (challenge) {
    return (
      <Form onSubmit={submit} className="form" aria-label="Two-step verification">
        <p>Enter the 6-digit code from your authenticator app.</p>
        <ErrorAlert error={error} title="The code was not accepted" />
        <TextField
          label="Verification code"
          name="code"
          value={code}
          onChange={setCode}
          isRequired
          autoFocus
          autoComplete="one-time-code"
          inputMode="numeric"
          serverErrors={problem?.errorsFor('code')}
        />
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            Verify and sign in
          </Button>
          <Button className="button button-quiet" onPress={() => setChallenge(null)}>
            Back
          </Button>
        </div>
      </Form>
    );
  }

  return (
    <Form onSubmit={submit} className="form" aria-label="Sign in">
      <ErrorAlert error={error} title="Could not sign you in" />
      <TextField
        label="Work e-mail"
        name="email"
        type="email"
        value={email}
        onChange={setEmail}
        isRequired
        autoComplete="username"
        serverErrors={problem?.errorsFor('email')}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        value={password}
        onChange={setPassword}
        isRequired
        autoComplete="current-password"
        serverErrors={problem?.errorsFor('password')}
      />
      <div className="form-actions">
        <Button type="submit" className="button button-primary" isPending={pending}>
          Sign in
        </Button>
      </div>
    </Form>
  );
}
