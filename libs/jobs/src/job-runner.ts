import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { ClsService } from 'nestjs-cls';
import type { OutboxRepository, Transactions } from '@aup/db';
import type { JobMetrics } from './job-metrics';
import { PermanentJobError, type JobContext, type JobProcessor } from './processor';
import type { JobExecution } from './queue.port';

class AlreadyCompleted extends Error {}

/**
 * Runs one job attempt for either adapter: skips a job that already completed, hands the payload to its
 * processor, and records completion once (the `job_execution` primary key is the idempotency key).
 */
export class JobRunner {
  private readonly logger = new Logger('JobRunner');
  readonly identity = `${hostname()}:${process.pid}`;

  constructor(
    private readonly cls: ClsService,
    private readonly transactions: Transactions,
    private readonly outbox: OutboxRepository,
    private readonly processors: ReadonlyMap<string, JobProcessor>,
    private readonly metrics: JobMetrics,
  ) {}

  /**
   * Each attempt runs in a CLS context of its own: a job handed over in-process (embedded mode) never
   * joins the transaction of the code that handed it over.
   */
  readonly execute = (job: JobExecution): Promise<void> =>
    this.cls.run({ ifNested: 'override' }, () => this.attempt(job));

  private async attempt(job: JobExecution): Promise<void> {
    const started = new Date();
    const seconds = () => (Date.now() - started.getTime()) / 1000;
    const processor = this.processors.get(job.name);
    if (!processor) throw new PermanentJobError(`no processor for job "${job.name}"`);

    if (await this.outbox.completed(job.key)) {
      this.metrics.record(job.queue, job.name, 'duplicate', seconds());
      return;
    }

    let completed = false;
    const ctx: JobContext = {
      key: job.key,
      queue: job.queue,
      attempt: job.attempt,
      progress: (percent) => job.progress(Math.max(0, Math.min(100, Math.round(percent)))),
      complete: async (effects) => {
        if (completed) throw new Error('complete() may be called once per run');
        const result = await this.transactions.run(async () => {
          const recorded = await this.outbox.recordCompletion({
            key: job.key,
            queue: job.queue,
            name: job.name,
            attempt: job.attempt,
            completedBy: this.identity,
            startedAt: started,
          });
          if (!recorded) throw new AlreadyCompleted();
          return effects();
        });
        completed = true;
        return result;
      },
    };

    try {
      await processor.process(job.payload as never, ctx);
      if (!completed) await ctx.complete(async () => undefined);
      this.metrics.record(job.queue, job.name, 'completed', seconds());
    } catch (err) {
      if (err instanceof AlreadyCompleted) {
        this.metrics.record(job.queue, job.name, 'duplicate', seconds());
        return;
      }
      const final = err instanceof PermanentJobError || job.attempt >= job.maxAttempts;
      this.metrics.record(job.queue, job.name, final ? 'failed' : 'retried', seconds());
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn(
        `${job.name} ${job.key} attempt ${job.attempt}/${job.maxAttempts} failed${final ? ' for good' : ''}: ${message}`,
      );
      if (final) await this.deadLetter(job.key, message);
      throw err;
    }
  }

  /**
   * A job that failed for good becomes a dead letter: its outbox row says `failed` (it said `sent` since the
   * hand-over), counted by `aup_outbox_failed` and listed for an admin to retry. Best effort: the queue
   * keeps its own record of the failure if the database cannot be reached now.
   */
  private async deadLetter(key: string, message: string): Promise<void> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key)) return;
    await this.outbox
      .markDeadLetter(key, message.slice(0, 2000))
      .catch((err: unknown) =>
        this.logger.warn(
          `could not mark job ${key} failed: ${err instanceof Error ? err.message : String(err)}`,
        ),
      );
  }
}
