import type { FailedJobView, WebhookDeliveryView, WebhookSettingsView } from '@aup/contracts';
import { api } from './http-client';

const enc = encodeURIComponent;
const base = (orgId: string) => `/organisations/${enc(orgId)}`;

/**
 * A fresh Idempotency-Key for one press of a button that queues work: a retried request (a lost answer, a
 * double click that got through) is answered with the first job instead of queueing a second.
 */
export const idempotencyKey = (): string => crypto.randomUUID();

export const integrationKeys = {
  webhook: (orgId: string) => ['orgs', orgId, 'webhook'] as const,
  deliveries: (orgId: string) => ['orgs', orgId, 'webhook', 'deliveries'] as const,
  failedJobs: (orgId: string) => ['orgs', orgId, 'failed-jobs'] as const,
};

/** The organisation's reminder webhook and its dead letters (admins only; the api enforces it). */
export const integrationsApi = {
  webhook: (orgId: string) => api.get<WebhookSettingsView>(`${base(orgId)}/webhook`),
  putWebhook: (orgId: string, body: { url: string; enabled: boolean; rotateSecret?: boolean }) =>
    api.put<WebhookSettingsView>(`${base(orgId)}/webhook`, body),
  testWebhook: (orgId: string, key: string) =>
    api.post<{ jobId: string }>(`${base(orgId)}/webhook/test`, undefined, {
      headers: { 'idempotency-key': key },
    }),
  deliveries: (orgId: string) => api.get<WebhookDeliveryView[]>(`${base(orgId)}/webhook/deliveries`),
  failedJobs: (orgId: string) => api.get<FailedJobView[]>(`${base(orgId)}/failed-jobs`),
  retry: (orgId: string, jobId: string, key: string) =>
    api.post<{ jobId: string }>(`${base(orgId)}/failed-jobs/${enc(jobId)}/retry`, undefined, {
      headers: { 'idempotency-key': key },
    }),
};
