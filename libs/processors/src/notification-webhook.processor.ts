import { Inject, Injectable } from '@nestjs/common';
import { NotificationRepository } from '@aup/db';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import {
  signWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  type WebhookAddressPolicy,
} from '@aup/domain';
import {
  PermanentJobError,
  ProcessesJob,
  type JobContext,
  type JobPayload,
  type JobProcessor,
} from '@aup/jobs';
import { postWebhook, WebhookAddressRefused } from './webhook-post';

const TIMEOUT_MS = 10_000;

/**
 * Posts a reminder (or a test event) to the organisation's webhook, signed with HMAC-SHA256 over
 * `<timestamp>.<body>`. Every attempt is logged; a failure is retried with back-off (4xx other than
 * 408 and 429 is final). `X-AUP-Delivery` is the same on every attempt, so a receiver can drop repeats.
 */
@Injectable()
@ProcessesJob('notification.webhook')
export class NotificationWebhookProcessor implements JobProcessor<'notification.webhook'> {
  private readonly policy: WebhookAddressPolicy;

  constructor(
    private readonly repo: NotificationRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.policy = {
      allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK_HTTP,
      allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    };
  }

  async process(payload: JobPayload<'notification.webhook'>, ctx: JobContext): Promise<void> {
    const setting = await this.repo.webhook(payload.organisationId);
    if (!setting?.enabled) return;
    let event: Record<string, unknown>;
    if (payload.test || !payload.notificationId) {
      event = { type: 'test', organisationId: payload.organisationId };
    } else {
      const n = await this.repo.notificationPayload(payload.notificationId);
      if (!n || n.organisationId !== payload.organisationId) return;
      event = {
        type: 'reminder',
        id: payload.notificationId,
        organisationId: n.organisationId,
        threshold: n.threshold,
        subjectDate: n.subjectDate,
        text: n.text,
        item: { id: n.itemId, title: n.title, dueDate: n.dueDate },
      };
    }
    const body = JSON.stringify({ ...event, deliveryId: ctx.key });
    const timestamp = Math.floor(Date.now() / 1000);
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    let refused = false;
    try {
      status = await postWebhook(
        setting.url,
        {
          'content-type': 'application/json',
          'user-agent': 'aup-audit-webhook/1',
          'x-aup-delivery': ctx.key,
          [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(setting.secret, timestamp, body),
        },
        body,
        { timeoutMs: TIMEOUT_MS, policy: this.policy },
      );
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      refused = err instanceof WebhookAddressRefused;
    }
    await this.repo.logDelivery({
      organisationId: payload.organisationId,
      notificationId: payload.notificationId ?? null,
      jobId: ctx.key,
      event: String(event.type),
      attempt: ctx.attempt,
      statusCode: status,
      ok: error === null,
      error,
      durationMs: Date.now() - started,
    });
    if (error === null) return;
    if (refused) throw new PermanentJobError(`webhook not delivered: ${error}`);
    if (status !== null && status >= 400 && status < 500 && status !== 408 && status !== 429)
      throw new PermanentJobError(`webhook answered ${status}`);
    throw new Error(`webhook delivery failed: ${error}`);
  }
}
