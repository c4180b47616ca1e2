import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import type {
  FailedJobView,
  NotificationView,
  WebhookDeliveryView,
  WebhookSettingsView,
} from '@aup/contracts';
import { REMINDER_THRESHOLDS } from '@aup/domain';
import { contract, dateOnly, dateTime, pageSchema, uuid } from '../../common/schema';

/* Response schemas of the notification, webhook and dead-letter routes. */

const NotificationViewSchema = contract<NotificationView>()(
  z.object({
    id: uuid(),
    itemId: uuid(),
    threshold: z.enum(REMINDER_THRESHOLDS),
    subjectDate: dateOnly().meta({ description: 'The date the reminder is about (due date, expiry).' }),
    text: z.string().meta({ description: 'Names the item and its date, never content.' }),
    createdAt: dateTime(),
    read: z.boolean(),
  }),
);

const unread = z.number().int().meta({ description: 'Your unread reminders in this organisation.' });

export class NotificationPageDto extends createZodDto(
  pageSchema(NotificationViewSchema).extend({ unread }),
) {}

export class UnreadCountDto extends createZodDto(z.object({ unread })) {}

export class MarkedDto extends createZodDto(
  z.object({
    marked: z.number().int().meta({ description: 'How many reminders were found (and are now read).' }),
  }),
) {}

export class JobIdDto extends createZodDto(
  z.object({ jobId: uuid().meta({ description: 'The queued job (its outbox row).' }) }),
) {}

export const WebhookSettingsViewSchema = contract<WebhookSettingsView>()(
  z.object({
    url: z.string().nullable(),
    enabled: z.boolean(),
    secret: z
      .string()
      .optional()
      .meta({ description: 'Only in the answer to PUT: the signing secret, shown once.' }),
    version: z.number().int(),
  }),
);
export class WebhookSettingsViewDto extends createZodDto(WebhookSettingsViewSchema) {}

const WebhookDeliveryViewSchema = contract<WebhookDeliveryView>()(
  z.object({
    id: uuid(),
    event: z.string().meta({ example: 'reminder' }),
    notificationId: uuid().nullable(),
    attempt: z.number().int(),
    statusCode: z.number().int().nullable(),
    ok: z.boolean(),
    error: z.string().nullable(),
    durationMs: z.number(),
    at: dateTime(),
  }),
);
export class WebhookDeliveryViewDto extends createZodDto(WebhookDeliveryViewSchema) {}

const FailedJobViewSchema = contract<FailedJobView>()(
  z.object({
    id: uuid(),
    name: z.string().meta({ example: 'notification.webhook' }),
    queue: z.string(),
    lastError: z.string().nullable(),
    failedAt: dateTime().nullable(),
    createdAt: dateTime(),
  }),
);
export class FailedJobViewDto extends createZodDto(FailedJobViewSchema) {}
