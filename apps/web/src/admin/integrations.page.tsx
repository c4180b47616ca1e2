import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Button, Checkbox, Form } from 'react-aria-components';
import { useParams } from 'react-router-dom';
import { ApiProblem } from '../api/http-client';
import { idempotencyKey, integrationKeys, integrationsApi } from '../api/integrations';
import { ErrorAlert, Loading, Notice } from '../components/alerts';
import { TextField } from '../components/fields';
import { Page } from '../components/page';

const when = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString('en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      })
    : '—';

/** What a background job did, in words an administrator recognises. */
const JOB_LABELS: Record<string, string> = {
  'report.render': 'Rendering a report',
  'policy_document.render': 'Rendering a policy document',
  'remediation.scan-org': 'Daily reminder scan',
  'notification.webhook': 'Webhook delivery',
  'notification.digest': 'Reminder e-mail digest',
  'mail.send': 'Sending an e-mail',
};
const jobLabel = (name: string) => JOB_LABELS[name] ?? name;

const EVENT_LABELS: Record<string, string> = { test: 'Test event', reminder: 'Reminder' };

/** The reminder webhook (URL, signing secret, test, delivery log) and the background jobs that failed for good. */
export function IntegrationsPage() {
  const { orgId = '' } = useParams();
  const queryClient = useQueryClient();
  const webhook = useQuery({
    queryKey: integrationKeys.webhook(orgId),
    queryFn: () => integrationsApi.webhook(orgId),
  });
  const deliveries = useQuery({
    queryKey: integrationKeys.deliveries(orgId),
    queryFn: () => integrationsApi.deliveries(orgId),
    // A test event is delivered by the worker a moment after it is queued.
    refetchInterval: (q) => (q.state.dataUpdateCount < 30 ? 4_000 : false),
  });
  const failed = useQuery({
    queryKey: integrationKeys.failedJobs(orgId),
    queryFn: () => integrationsApi.failedJobs(orgId),
  });

  const [url, setUrl] = useState('');
  const [enabled, setEnabled] = useState(true);
  useEffect(() => {
    if (webhook.data) {
      setUrl(webhook.data.url ?? '');
      setEnabled(webhook.data.url ? webhook.data.enabled : true);
    }
  }, [webhook.data]);

  const save = useMutation({
    mutationFn: (rotateSecret: boolean) =>
      integrationsApi.putWebhook(orgId, { url: url.trim(), enabled, rotateSecret }),
    onSuccess: (saved) =>
      queryClient.setQueryData(integrationKeys.webhook(orgId), { ...saved, secret: undefined }),
  });
  // One key per press: a retry of the same press (the answer was lost) queues nothing twice.
  const [testKey, setTestKey] = useState(idempotencyKey);
  const test = useMutation({
    mutationFn: () => integrationsApi.testWebhook(orgId, testKey),
    onSuccess: () => {
      setTestKey(idempotencyKey());
      void queryClient.invalidateQueries({ queryKey: integrationKeys.deliveries(orgId) });
    },
  });
  const retry = useMutation({
    mutationFn: (jobId: string) => integrationsApi.retry(orgId, jobId, idempotencyKey()),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: integrationKeys.failedJobs(orgId) }),
  });

  const problem = save.error instanceof ApiProblem ? save.error : undefined;
  const configured = Boolean(webhook.data?.url);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    save.mutate(false);
  };

  return (
    <Page
      id="integrations"
      title="Reminders and integrations"
      intro="Reminders always appear in the app and in a daily e-mail to each item's owner and deputy. A webhook also sends them to a system of yours, such as a ticketing tool."
    >
      <section className="card" aria-labelledby="webhook-heading">
        <h2 id="webhook-heading">Webhook</h2>
        <p>
          Each reminder is sent as a JSON POST signed with HMAC-SHA256 over the timestamp and the body
          (headers <code>X-Aup-Signature</code> and <code>X-Aup-Timestamp</code>). It names the remediation
          item and its due date, nothing else. Failed deliveries are retried with back-off.
        </p>
        {webhook.isPending ? <Loading /> : null}
        <ErrorAlert error={webhook.error} />
        {webhook.data ? (
          <Form onSubmit={submit} className="form">
            <ErrorAlert error={save.error} title="The webhook was not saved" />
            <TextField
              label="URL"
              name="url"
              type="url"
              inputMode="url"
              value={url}
              onChange={setUrl}
              isRequired
              maxLength={500}
              description="An https:// address of your own system."
              serverErrors={problem?.errorsFor('url')}
            />
            <Checkbox className="choice" isSelected={enabled} onChange={setEnabled}>
              <span className="choice-box" aria-hidden="true" />
              Send reminders to this URL
            </Checkbox>
            <div className="form-actions">
              <Button type="submit" className="button button-primary" isPending={save.isPending}>
                {configured ? 'Save webhook' : 'Add webhook'}
              </Button>
              {configured ? (
                <Button className="button" onPress={() => save.mutate(true)} isDisabled={save.isPending}>
                  Save with a new signing secret
                </Button>
              ) : null}
            </div>
          </Form>
        ) : null}
        {save.data?.secret ? (
          <Notice tone="success">
            <p>Saved. Copy the signing secret now: it is shown only once.</p>
            <p>
              <code className="secret" aria-label="Webhook signing secret">
                {save.data.secret}
              </code>
            </p>
          </Notice>
        ) : save.isSuccess ? (
          <Notice tone="success">
            <p>Saved. The signing secret is unchanged.</p>
          </Notice>
        ) : null}
      </section>

      <section className="card" aria-labelledby="deliveries-heading">
        <h2 id="deliveries-heading">Deliveries</h2>
        <div className="form-actions">
          <Button
            className="button"
            onPress={() => test.mutate()}
            isPending={test.isPending}
            isDisabled={!configured || !webhook.data?.enabled}
          >
            Send a test event
          </Button>
        </div>
        <ErrorAlert error={test.error} title="The test event was not queued" />
        {test.isSuccess ? (
          <Notice>
            <p>Test event queued. Its delivery appears below within a few seconds.</p>
          </Notice>
        ) : null}
        <ErrorAlert error={deliveries.error} />
        {deliveries.data && !deliveries.data.length ? <p>Nothing has been sent yet.</p> : null}
        {deliveries.data?.length ? (
          <table className="table">
            <caption className="visually-hidden">The last 100 delivery attempts, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Event</th>
                <th scope="col">Attempt</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.map((d) => (
                <tr key={d.id}>
                  <td data-label="When">{when(d.at)}</td>
                  <td data-label="Event">{EVENT_LABELS[d.event] ?? d.event}</td>
                  <td data-label="Attempt">{d.attempt}</td>
                  <td data-label="Result">
                    <span className={d.ok ? 'badge badge-ok' : 'badge badge-bad'}>
                      {d.ok ? 'Delivered' : 'Failed'}
                    </span>{' '}
                    {d.error ?? (d.statusCode ? `HTTP ${d.statusCode}` : '')} ({d.durationMs} ms)
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section className="card" aria-labelledby="failed-heading">
        <h2 id="failed-heading">Background work that failed</h2>
        <p>
          Work that still failed after every retry (a report, a reminder scan, a webhook delivery) stays here
          until you queue it again. Queuing it again starts a new attempt; nothing is done twice.
        </p>
        {failed.isPending ? <Loading /> : null}
        <ErrorAlert error={failed.error ?? retry.error} />
        {retry.isSuccess ? (
          <Notice tone="success">
            <p>Queued again.</p>
          </Notice>
        ) : null}
        {failed.data && !failed.data.length ? <p>Nothing has failed.</p> : null}
        {failed.data?.length ? (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Work</th>
                <th scope="col">Failed</th>
                <th scope="col">Why</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {failed.data.map((j) => (
                <tr key={j.id}>
                  <td data-label="Work">{jobLabel(j.name)}</td>
                  <td data-label="Failed">{when(j.failedAt)}</td>
                  <td data-label="Why">{j.lastError ?? 'No reason recorded'}</td>
                  <td>
                    <Button
                      className="button"
                      onPress={() => retry.mutate(j.id)}
                      isDisabled={retry.isPending}
                      aria-label={`Queue again: ${jobLabel(j.name)}, failed ${when(j.failedAt)}`}
                    >
                      Queue again
                    </Button>
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
