import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form, Link } from 'react-aria-components';
import { useNavigate } from 'react-router-dom';
import { accountsApi } from '../api/accounts';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert } from '../components/alerts';
import { NewPasswordField, TextField } from '../components/fields';
import { Page } from '../components/page';
import { useSession } from '../auth/session';

export function SignUpPage() {
  const navigate = useNavigate();
  const { signedIn } = useSession();
  const [form, setForm] = useState({ displayName: '', email: '', password: '', organisationName: '' });
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const signup = useMutation({
    mutationFn: accountsApi.signup,
    onSuccess: async () => {
      await signedIn();
      void navigate('/', { replace: true });
    },
  });
  const problem = signup.error instanceof ApiProblem ? signup.error : undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    signup.mutate({
      ...form,
      email: form.email.trim(),
      displayName: form.displayName.trim() || undefined,
      organisationName: form.organisationName.trim(),
    });
  };
  return (
    <Page
      id="sign-up"
      title="Create an account"
      intro="Set up your organisation. You become its administrator and can invite colleagues from IT, HR, Legal and Security."
    >
      <Form onSubmit={submit} className="form" aria-label="Create an account">
        <ErrorAlert error={signup.error} title="The account was not created" />
        <TextField
          label="Your name"
          name="displayName"
          value={form.displayName}
          onChange={set('displayName')}
          isRequired
          autoComplete="name"
          serverErrors={problem?.errorsFor('displayName')}
        />
        <TextField
          label="Work e-mail"
          name="email"
          type="email"
          value={form.email}
          onChange={set('email')}
          isRequired
          autoComplete="email"
          serverErrors={problem?.errorsFor('email')}
        />
        <NewPasswordField
          label="Password"
          name="password"
          value={form.password}
          onChange={set('password')}
          serverErrors={problem?.errorsFor('password')}
        />
        <TextField
          label="Organisation name"
          name="organisationName"
          value={form.organisationName}
          onChange={set('organisationName')}
          isRequired
          autoComplete="organization"
          serverErrors={problem?.errorsFor('organisationName')}
        />
        <div className="form-actions">
          <Button type="submit" className="button button-primary" isPending={signup.isPending}>
            Create account
          </Button>
        </div>
      </Form>
      <p className="secondary-links">
        Already have an account? <Link href="/sign-in">Sign in</Link>
      </p>
    </Page>
  );
}
