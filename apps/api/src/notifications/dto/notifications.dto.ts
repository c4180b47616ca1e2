import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import { optional, pageQueryShape, queryBoolean } from '../../common/schema';

export const NotificationListQuerySchema = z.strictObject({
  ...pageQueryShape,
  unread: optional(queryBoolean()).meta({ description: 'Only reminders you have not read.' }),
});
export class NotificationListQueryDto extends createZodDto(NotificationListQuerySchema) {}

export const PutWebhookSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .meta({ example: 'https://hooks.example.org/aup', description: 'HTTPS only.' }),
  enabled: optional(z.boolean()).meta({ default: true }),
  rotateSecret: optional(z.boolean()).meta({
    description: 'Make a new signing secret (shown once in the answer). The first PUT always makes one.',
  }),
});
export class PutWebhookDto extends createZodDto(PutWebhookSchema) {}
