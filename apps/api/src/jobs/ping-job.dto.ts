import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import { dateTime, optional, uuid } from '../common/schema';

export const StartPingJobSchema = z.strictObject({
  delayMs: optional(z.number().int().min(0).max(10_000)).meta({
    description: 'How long the job pretends to work, in milliseconds',
    example: 500,
  }),
  failTimes: optional(z.number().int().min(0).max(5)).meta({
    description: 'Fail this many attempts on purpose (the job has 3), to see retries',
    example: 0,
  }),
});
export class StartPingJobDto extends createZodDto(StartPingJobSchema) {}

export const PingJobViewSchema = z.object({
  id: uuid(),
  status: z.enum(['pending', 'sent', 'done', 'failed']).meta({
    description:
      'pending: waiting in the outbox; sent: handed to the queue; done: completed (once); failed: given up',
  }),
  handOverAttempts: z.number().int().meta({ description: 'Hand-over attempts from the outbox to the queue' }),
  completedAttempt: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'Processing attempt that completed the job' }),
  completedAt: dateTime().nullable(),
  lastError: z.string().nullable().meta({ description: 'Last hand-over or processing error' }),
});
export class PingJobView extends createZodDto(PingJobViewSchema) {}
