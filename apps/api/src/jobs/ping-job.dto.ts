import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import { HttpStatus } from '@nestjs/common';
import { RECORD_ID, type PathParamSpec } from '../common/path-param';
import { ProblemException } from '../common/problem';
import { dateTime, optional, uuid } from '../common/schema';

export const jobNotFound = () =>
  new ProblemException(HttpStatus.NOT_FOUND, 'JOB.NOT_FOUND', 'No such ping job');

/** A ping job's id in a path: one that cannot be a job id names no job, 404 like an unknown one. */
export const PING_JOB_ID: PathParamSpec<string> = { schema: RECORD_ID.schema, refuse: jobNotFound };

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
