import { JOB_QUEUE, JobsModule, type JobQueuePort } from '@aup/jobs';
import type { ReadinessCheck } from '../health/readiness';

/** /ready includes Redis when jobs go through BullMQ: an api that cannot reach it is not ready. */
export const queueReadinessChecks = {
  imports: [JobsModule],
  inject: [JOB_QUEUE],
  useFactory: (queue: JobQueuePort): ReadinessCheck[] =>
    queue.kind === 'bullmq'
      ? [
          async (indicator) => {
            const check = indicator.check('redis');
            try {
              await queue.ping();
              return check.up();
            } catch (err) {
              return check.down({ message: err instanceof Error ? err.message : String(err) });
            }
          },
        ]
      : [],
};
