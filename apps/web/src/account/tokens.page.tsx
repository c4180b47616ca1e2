import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Button, Form } from 'react-aria-components';
import { accountsApi } from '../api/accounts';
import { ApiProblem } from '../api/http-client';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { TextField } from '../components/fields';
import { Page } from '../components/page';

const day = (iso: string | null) =>
  iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : '—';

export function TokensPage() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: ['me', 'tokens'], queryFn: () => accountsApi.tokens() });
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const create = useMutation({
    mutationFn: () => accountsApi.createToken({ name: name.trim(), expiresInDays: Number(days) }),
    onSuccess: () => {
      setName('');
      void queryClient.invalidateQueries({ queryKey: ['me', 'tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: accountsApi.revokeToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me', 'tokens'] }),
  });
  const problem = create.error instanceof ApiProblem ? create.error : undefined;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <Page
      id="tokens"
      title="API tokens"
      intro="Personal tokens let scripts and integrations use the api as you, with your roles. Treat them like passwords."
    >
      <section className="card" aria-labelledby="new-token">
        <h2 id="new-token">Create a token</h2>
        <Form onSubmit={submit} className="form">
          <ErrorAlert error={create.error} title="The token was not created" />
          <TextField
            label="Name"
            name="name"
            value={name}
            onChange={setName}
            isRequired
            maxLength={100}
            description="What uses it, e.g. quarterly export script."
            serverErrors={problem?.errorsFor('name')}
          />
          <TextField
            label="Valid for (days)"
            name="expiresInDays"
            type="number"
            inputMode="numeric"
            value={days}
            onChange={setDays}
            isRequired
            serverErrors={problem?.errorsFor('expiresInDays')}
          />
          <div className="form-actions">
            <Button type="submit" className="button button-primary" isPending={create.isPending}>
              Create token
            </Button>
          </div>
        </Form>
        {create.data ? (
          <Notice tone="success">
            <p>
              Token <strong>{create.data.name}</strong> created. Copy it now: it is shown only once.
            </p>
            <p>
              <code className="secret" aria-label="New API token">
                {create.data.token}
              </code>
            </p>
          </Notice>
        ) : null}
      </section>
      <section className="card" aria-labelledby="your-tokens">
        <h2 id="your-tokens">Your tokens</h2>
        {tokens.isPending ? <Loading /> : null}
        <ErrorAlert error={tokens.error ?? revoke.error} />
        {tokens.data && !tokens.data.items.length ? <p>You have no API tokens.</p> : null}
        {tokens.data?.items.length ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{day(t.createdAt)}</td>
                  <td>{day(t.expiresAt)}</td>
                  <td>{day(t.lastUsedAt)}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="badge">Revoked</span>
                    ) : (
                      <Button
                        className="button button-danger"
                        onPress={() => revoke.mutate(t.id)}
                        aria-label={`Revoke ${t.name}`}
                      >
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </Page>
  );
}
