import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { accountsApi, credentialsRevokedText } from '../api/accounts';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Notice } from '../components/alerts';
import { NewPasswordField, TextField } from '../components/fields';
import { Page } from '../components/page';
import { ME_QUERY_KEY, useSession } from '../auth/session';

/** Two-step verification with an authenticator app (TOTP). */
export function SecurityPage() {
  const { me } = useSession();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const refresh = () => {
    setCode('');
    setPassword('');
    return queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
  };
  const enroll = useMutation({ mutationFn: accountsApi.mfaEnroll });
  const confirm = useMutation({ mutationFn: accountsApi.mfaConfirm, onSuccess: refresh });
  const disable = useMutation({ mutationFn: accountsApi.mfaDisable, onSuccess: refresh });
  const enabled = !!me?.user.mfaEnabled;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const clean = code.replace(/\s/g, '');
    if (enabled) disable.mutate({ password, code: clean });
    else confirm.mutate(clean);
  };
  return (
    <Page id="security" title="Sign-in and security" intro={`Signed in as ${me?.user.email ?? ''}.`}>
      <section className="card" aria-labelledby="mfa">
        <h2 id="mfa">Two-step verification</h2>
        {confirm.isSuccess ? (
          <Notice tone="success">
            <p>Two-step verification is on. You will be asked for a code when you sign in.</p>
            <p>
              Keep these recovery codes somewhere safe. Each one signs you in once if you lose your
              authenticator; they are not shown again.
            </p>
            <ul aria-label="Recovery codes" className="recovery-codes">
              {confirm.data.recoveryCodes.map((c) => (
                <li key={c}>
                  <code>{c}</code>
                </li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {disable.isSuccess ? <Notice tone="info">Two-step verification is off.</Notice> : null}
        <p>
          Status: <strong>{enabled ? 'On' : 'Off'}</strong>
        </p>
        {!enabled && !enroll.data ? (
          <>
            <p>Protect your account with a code from an authenticator app in addition to your password.</p>
            <ErrorAlert error={enroll.error} />
            <Form
              className="form"
              aria-label="Set up two-step verification"
              onSubmit={(e) => {
                e.preventDefault();
                enroll.mutate(password);
              }}
            >
              <TextField
                label="Current password"
                name="password"
                type="password"
                value={password}
                onChange={setPassword}
                isRequired
                autoComplete="current-password"
              />
              <div className="form-actions">
                <Button type="submit" className="button button-primary" isPending={enroll.isPending}>
                  Set up two-step verification
                </Button>
              </div>
            </Form>
          </>
        ) : null}
        {!enabled && enroll.data ? (
          <>
            <p>
              Add this key to your authenticator app (choose “enter a setup key”, time-based), then enter the
              code it shows.
            </p>
            <p>
              <code className="secret" aria-label="Setup key">
                {enroll.data.secret.replace(/(.{4})/g, '$1 ').trim()}
              </code>
            </p>
          </>
        ) : null}
        {enabled || enroll.data ? (
          <Form
            onSubmit={submit}
            className="form"
            aria-label={enabled ? 'Turn off two-step verification' : 'Confirm two-step verification'}
          >
            <ErrorAlert error={enabled ? disable.error : confirm.error} title="The code was not accepted" />
            {enabled ? (
              <TextField
                label="Current password"
                name="password"
                type="password"
                value={password}
                onChange={setPassword}
                isRequired
                autoComplete="current-password"
              />
            ) : null}
            <TextField
              label="Code from your authenticator app"
              name="code"
              value={code}
              onChange={setCode}
              isRequired
              autoComplete="one-time-code"
              inputMode="numeric"
            />
            <div className="form-actions">
              <Button
                type="submit"
                className={enabled ? 'button button-danger' : 'button button-primary'}
                isPending={confirm.isPending || disable.isPending}
              >
                {enabled ? 'Turn off two-step verification' : 'Turn on two-step verification'}
              </Button>
            </div>
          </Form>
        ) : null}
      </section>
      <ChangePassword />
    </Page>
  );
}

/** A new password ends every other session and revokes every API token; the page says how many. */
function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => accountsApi.changePassword({ currentPassword: current, newPassword: next }),
    onSuccess: () => {
      setCurrent('');
      setNext('');
    },
  });
  const problem = change.error instanceof ApiProblem ? change.error : undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    change.mutate();
  };
  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <p>
        Changing your password signs out your other sessions and revokes your API tokens; this session stays
        signed in.
      </p>
      {change.isSuccess ? (
        <Notice tone="success">
          <p>Your password was changed. {credentialsRevokedText(change.data)}</p>
        </Notice>
      ) : null}
      <Form onSubmit={submit} className="form" aria-label="Change your password">
        <ErrorAlert error={change.error} title="The password was not changed" />
        <TextField
          label="Current password"
          name="currentPassword"
          type="password"
          value={current}
          onChange={setCurrent}
          isRequired
          autoComplete="current-password"
          serverErrors={problem?.errorsFor('currentPassword')}
        />
        <NewPasswordField
          name="newPassword"
          value={next}
          onChange={setNext}
          serverErrors={problem?.errorsFor('newPassword')}
        />
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={change.isPending}>
            Change password
          </Button>
        </div>
      </Form>
    </section>
  );
}
