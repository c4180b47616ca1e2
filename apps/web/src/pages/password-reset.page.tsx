import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form, Link } from 'react-aria-components';
import { accountsApi, credentialsRevokedText, tokenFromFragment } from '../api/accounts';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Notice } from '../components/alerts';
import { NewPasswordField, TextField } from '../components/fields';
import { Page } from '../components/page';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const request = useMutation({ mutationFn: accountsApi.requestPasswordReset });
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    request.mutate({ email: email.trim() });
  };
  return (
    <Page
      id="forgot-password"
      title="Reset your password"
      intro="We will e-mail you a link to choose a new password."
    >
      {request.isSuccess ? (
        // The same answer whether or not the address has an account, so the page reveals no accounts.
        <Notice tone="success">
          If an account uses {email.trim()}, a reset link is on its way. The link works once and expires soon.
        </Notice>
      ) : (
        <Form onSubmit={submit} className="form" aria-label="Request a password reset">
          <ErrorAlert error={request.error} />
          <TextField
            label="Work e-mail"
            name="email"
            type="email"
            value={email}
            onChange={setEmail}
            isRequired
            autoComplete="email"
          />
          <div className="form-actions">
            <Button type="submit" className="button button-primary" isPending={request.isPending}>
              Send reset link
            </Button>
          </div>
        </Form>
      )}
      <p className="secondary-links">
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </Page>
  );
}

export function ResetPasswordPage() {
  // The reset link carries the token in the fragment (#token=...), which never reaches a server log.
  const [token] = useState(() => tokenFromFragment());
  const [password, setPassword] = useState('');
  const confirm = useMutation({ mutationFn: accountsApi.confirmPasswordReset });
  const problem = confirm.error instanceof ApiProblem ? confirm.error : undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    confirm.mutate({ token, password });
  };
  return (
    <Page id="reset-password" title="Choose a new password">
      {!token ? (
        <Notice tone="warning">
          This link is incomplete. Open the link from the e-mail again, or request a new one.
        </Notice>
      ) : confirm.isSuccess ? (
        <Notice tone="success">
          Your password was changed. {credentialsRevokedText(confirm.data)}{' '}
          <Link href="/sign-in">Sign in</Link>
        </Notice>
      ) : (
        <Form onSubmit={submit} className="form" aria-label="Choose a new password">
          <ErrorAlert error={confirm.error} title="The password was not changed" />
          <NewPasswordField
            name="password"
            value={password}
            onChange={setPassword}
            serverErrors={problem?.errorsFor('password')}
          />
          <div className="form-actions">
            <Button type="submit" className="button button-primary" isPending={confirm.isPending}>
              Change password
            </Button>
          </div>
        </Form>
      )}
      <p className="secondary-links">
        <Link href="/forgot-password">Request a new link</Link>
      </p>
    </Page>
  );
}
