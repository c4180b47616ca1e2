import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import type { LoginResponse } from '@aup/contracts';
import { accountsApi } from '../api/accounts';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Notice } from '../components/alerts';
import { TextField } from '../components/fields';

/**
 * E-mail and password, then a one-time code when the account has MFA (or one of its recovery codes). Used
 * by the sign-in page and by the dialog that appears over a page when the session expires. A sign-in with
 * a recovery code stops to say how many codes are left before going on.
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
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const [recoveryCode, setRecoveryCode] = useState('');
  const [codesLeft, setCodesLeft] = useState<number | null>(null);

  const finish = async (result: LoginResponse) => {
    if (result.mfaRequired) setChallenge(result.challengeToken);
    else if (result.recoveryCodesLeft !== undefined) setCodesLeft(result.recoveryCodesLeft);
    else await onSignedIn();
  };
  const login = useMutation({ mutationFn: accountsApi.login, onSuccess: finish });
  const verify = useMutation({ mutationFn: accountsApi.loginMfa, onSuccess: finish });

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (challenge && useRecoveryCode)
      verify.mutate({ recoveryCode: recoveryCode.trim(), challengeToken: challenge });
    else if (challenge) verify.mutate({ code: code.replace(/\s/g, ''), challengeToken: challenge });
    else login.mutate({ email: email.trim(), password });
  };

  const error = challenge ? verify.error : login.error;
  const pending = login.isPending || verify.isPending;
  const problem = error instanceof ApiProblem ? error : undefined;

  if (codesLeft !== null) {
    return (
      <div className="form">
        <Notice tone={codesLeft <= 3 ? 'warning' : 'info'}>
          <p className="alert-title">
            You signed in with a recovery code.{' '}
            {codesLeft === 1 ? '1 recovery code is' : `${codesLeft} recovery codes are`} left.
          </p>
          <p>
            Each code works once. To get ten new codes, turn two-step verification off and on again under
            Account security{codesLeft <= 3 ? ', before you run out' : ''}.
          </p>
        </Notice>
        <div className="form-actions">
          <Button className="button button-primary" autoFocus onPress={() => void onSignedIn()}>
            Continue
          </Button>
        </div>
      </div>
    );
  }

  if (challenge) {
    const switchFactor = () => {
      verify.reset();
      setUseRecoveryCode(!useRecoveryCode);
    };
    return (
      <Form onSubmit={submit} className="form" aria-label="Two-step verification">
        {useRecoveryCode ? (
          <p>
            Enter one of the recovery codes you saved when you turned on two-step verification. Each code
            works once.
          </p>
        ) : (
          <p>Enter the 6-digit code from your authenticator app.</p>
        )}
        <ErrorAlert error={error} title="The code was not accepted" />
        {useRecoveryCode ? (
          <TextField
            key="recoveryCode"
            label="Recovery code"
            name="recoveryCode"
            value={recoveryCode}
            onChange={setRecoveryCode}
            isRequired
            autoFocus
            autoComplete="off"
            description="Four groups of four letters and digits, such as ABCD-EFGH-JKLM-NPQR."
            serverErrors={problem?.errorsFor('recoveryCode')}
          />
        ) : (
          <TextField
            key="code"
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
        )}
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={pending}>
            Verify and sign in
          </Button>
          <Button className="button button-quiet" onPress={switchFactor}>
            {useRecoveryCode ? 'Use the authenticator app instead' : 'Use a recovery code instead'}
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
