import { randomBytes } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type {
  FailedJobView,
  NotificationView,
  Page,
  WebhookDeliveryView,
  WebhookSettingsView,
} from '@aup/contracts';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { IdempotencyRepository, NotificationRepository, OutboxRepository, Transactions } from '@aup/db';
import { webhookUrlProblem } from '@aup/domain';
import { JobProducer } from '@aup/jobs';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import type { CurrentMembershipInfo } from '../common/principal';
import { runOnce, type IdempotentResult } from '../common/idempotency';
import { ProblemException } from '../common/problem';
import type { NotificationListQueryDto, PutWebhookDto } from './dto/notifications.dto';

type Caller = CurrentMembershipInfo;

const notFound = (what: string) =>
  new ProblemException(
    HttpStatus.NOT_FOUND,
    'RESOURCE.NOT_FOUND',
    'Not found',
    `The ${what} does not exist or you have no access to it.`,
  );

/** Reminders in the app, the organisation's webhook and the jobs of the organisation that failed for good. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly producer: JobProducer,
    private readonly idempotency: IdempotencyRepository,
    private readonly transactions: Transactions,
    private readonly repo: NotificationRepository,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly trail: AuditTrailService,
  ) {}

  async list(
    caller: Caller,
    q: NotificationListQueryDto,
  ): Promise<Page<NotificationView> & { unread: number }> {
    const limit = q.limit ?? 20;
    const offset = q.offset ?? 0;
    const { items, total, unread } = await this.repo.list(
      caller.organisationId,
      caller.userId,
      limit,
      offset,
      q.unread ?? false,
    );
    return {
      items: items.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
      total,
      unread,
      limit,
      offset,
    };
  }

  async unreadCount(caller: Caller): Promise<{ unread: number }> {
    return { unread: await this.repo.unreadCount(caller.organisationId, caller.userId) };
  }

  async markRead(caller: Caller, notificationId?: string): Promise<{ marked: number }> {
    const marked = await this.repo.markRead(caller.organisationId, caller.userId, notificationId);
    if (notificationId && !marked) throw notFound('notification');
    return { marked };
  }

  async webhook(caller: Caller): Promise<WebhookSettingsView> {
    const s = await this.repo.webhook(caller.organisationId);
    return s
      ? { url: s.url, enabled: s.enabled, version: s.version }
      : { url: null, enabled: false, version: 0 };
  }

  async putWebhook(caller: Caller, dto: PutWebhookDto): Promise<WebhookSettingsView> {
    const problem = webhookUrlProblem(dto.url, {
      allowLoopback: this.config.WEBHOOK_ALLOW_LOOPBACK_HTTP,
      allowPrivateNetworks: this.config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
    });
    if (problem)
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'WEBHOOK.URL_NOT_ACCEPTED',
        'Webhook URL not accepted',
        `The URL ${problem}.`,
        { pointer: '/url' },
      );
    return this.transactions.run(async () => {
      const before = await this.repo.webhook(caller.organisationId);
      const secret = !before || dto.rotateSecret ? randomBytes(32).toString('base64url') : undefined;
      const saved = await this.repo.saveWebhook(
        caller.organisationId,
        { url: dto.url, secret, enabled: dto.enabled ?? true },
        caller.userId,
      );
      await this.trail.append({
        organisationId: caller.organisationId,
        actorUserId: caller.userId,
        entity: 'webhook',
        entityId: caller.organisationId,
        action: before ? 'updated' : 'created',
        before: before ? { url: before.url, enabled: before.enabled } : null,
        after: { url: saved.url, enabled: saved.enabled, secretRotated: Boolean(secret) },
      });
      return {
        url: saved.url,
        enabled: saved.enabled,
        version: saved.version,
        ...(secret ? { secret } : {}),
      };
    });
  }

  /** Queues a signed test event; the same Idempotency-Key gives the same job and queues nothing again. */
  async testWebhook(caller: Caller, idempotencyKey?: string): Promise<IdempotentResult<{ jobId: string }>> {
    return this.transactions.run(() =>
      runOnce(
        this.idempotency,
        {
          organisationId: caller.organisationId,
          userId: caller.userId,
          operation: 'webhook.test',
          key: idempotencyKey,
        },
        async () => {
          const s = await this.repo.webhook(caller.organisationId);
          if (!s?.enabled)
            throw new ProblemException(
              HttpStatus.CONFLICT,
              'WEBHOOK.NOT_CONFIGURED',
              'No webhook',
              'Set an enabled webhook URL first (PUT .../webhook).',
            );
          const jobId = await this.producer.enqueue('notification.webhook', {
            organisationId: caller.organisationId,
            test: true,
          });
          await this.trail.append({
            organisationId: caller.organisationId,
            actorUserId: caller.userId,
            entity: 'webhook',
            entityId: caller.organisationId,
            action: 'test_requested',
            after: { jobId },
          });
          return { jobId };
        },
      ),
    );
  }

  async deliveries(caller: Caller): Promise<WebhookDeliveryView[]> {
    return (await this.repo.deliveries(caller.organisationId, 100)).map((d) => ({
      ...d,
      at: d.at.toISOString(),
    }));
  }

  async failedJobs(caller: Caller): Promise<FailedJobView[]> {
    return (await this.outbox.failedJobs(caller.organisationId)).map((j) => ({
      id: j.id,
      name: j.name,
      queue: j.queue,
      lastError: j.lastError,
      failedAt: j.failedAt?.toISOString() ?? null,
      createdAt: j.createdAt.toISOString(),
    }));
  }

  /** Queues a dead letter again; the same Idempotency-Key (for the same job) gives the same new job, once. */
  async retryFailedJob(
    caller: Caller,
    jobId: string,
    idempotencyKey?: string,
  ): Promise<IdempotentResult<{ jobId: string }>> {
    return this.transactions.run(() =>
      runOnce(
        this.idempotency,
        {
          organisationId: caller.organisationId,
          userId: caller.userId,
          operation: 'failed-job.retry',
          key: idempotencyKey,
          target: jobId,
        },
        async () => {
          const newId = await this.outbox.retryFailedJob(caller.organisationId, jobId);
          if (!newId) throw notFound('failed job');
          await this.trail.append({
            organisationId: caller.organisationId,
            actorUserId: caller.userId,
            entity: 'job',
            entityId: jobId,
            action: 'retried',
            after: { jobId: newId },
          });
          return { jobId: newId };
        },
      ),
    );
  }
}
