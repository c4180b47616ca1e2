import { Logger } from '@nestjs/common';
import { CronExpressionParser } from 'cron-parser';
import { backoffDelay, jobDefinition, QUEUES, type QueueName } from './catalogue';
import { PermanentJobError } from './processor';
import {
  JobGaveUpError,
  type Consumer,
  type ConsumerOptions,
  type JobExecutor,
  type JobQueuePort,
  type QueueDepth,
  type QueuedJob,
  type Schedule,
} from './queue.port';

/** Longest back-off between two in-process attempts; the relay's lease is renewed meanwhile. */
const MAX_RETRY_DELAY_MS = 60_000;

/**
 * The queue port for embedded mode: no Redis, the job runs in this process. `deliver` resolves once the
 * job has run (retrying with back-off as BullMQ would), so the relay marks the outbox row sent only after
 * the work is done; if the process stops first, the row is still pending and runs after the restart.
 */
export class InlineQueue implements JobQueuePort {
  readonly kind = 'inline' as const;
  private readonly logger = new Logger('InlineQueue');
  private executor?: JobExecutor;
  private readonly active = new Map<QueueName, number>(QUEUES.map((q) => [q, 0]));
  private readonly running = new Set<Promise<unknown>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closing = false;
  private wake = new Set<() => void>();

  constructor(readonly maxInFlight: number) {}

  async deliver(job: QueuedJob): Promise<void> {
    const run = this.runWithRetries(job.id, job.queue, job.name, job.payload);
    this.running.add(run);
    try {
      await run;
    } finally {
      this.running.delete(run);
    }
  }

  private async runWithRetries(
    key: string,
    queue: QueueName,
    name: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const executor = this.executor;
    if (!executor || this.closing) throw new Error('no in-process worker is running');
    const def = jobDefinition(name);
    for (let attempt = 1; ; attempt++) {
      this.active.set(queue, (this.active.get(queue) ?? 0) + 1);
      try {
        await executor({
          key,
          queue,
          name,
          payload,
          attempt,
          maxAttempts: def.attempts,
          progress: async () => undefined,
        });
        return;
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof PermanentJobError || attempt >= def.attempts)
          throw new JobGaveUpError(`${name} failed after ${attempt} attempt(s): ${message}`);
      } finally {
        this.active.set(queue, (this.active.get(queue) ?? 1) - 1);
      }
      await this.pause(backoffDelay(attempt, def.backoffMs, MAX_RETRY_DELAY_MS));
      // Stopping mid-retry leaves the outbox row pending: the next start picks it up again.
      if (this.closing) throw new Error('stopped before the next attempt');
    }
  }

  /** Waits `ms`, or less when the process is stopping. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.add(done);
    });
  }

  async consume(executor: JobExecutor, _opts: ConsumerOptions): Promise<Consumer> {
    this.executor = executor;
    this.closing = false;
    return {
      close: async (timeoutMs) => {
        this.closing = true;
        for (const timer of this.timers.values()) clearTimeout(timer);
        this.timers.clear();
        for (const wake of [...this.wake]) wake();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.allSettled([...this.running]),
          new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
        ]).finally(() => clearTimeout(timer));
        this.executor = undefined;
      },
    };
  }

  /**
   * A timer per schedule. Runs missed while the process was down are not made up: scheduled jobs are
   * scans that catch up on whatever is due when they next run.
   */
  async scheduleRepeating(name: string, schedule: Schedule, payload: Record<string, unknown>): Promise<void> {
    const def = jobDefinition(name);
    // A timer may fire a millisecond before its slot by the wall clock; counting from the last slot
    // (not only from now) keeps the next slot strictly later, so no slot runs twice.
    let last = 0;
    const next = (): number => {
      const from = Math.max(Date.now(), last);
      if ('everyMs' in schedule) return Math.ceil((from + 1) / schedule.everyMs) * schedule.everyMs;
      return CronExpressionParser.parse(schedule.cron, { currentDate: new Date(from) })
        .next()
        .getTime();
    };
    next(); // a bad cron expression fails here, when it is scheduled, not when it first fires
    const arm = () => {
      if (this.closing) return;
      const at = next();
      last = at;
      const timer = setTimeout(
        () => {
          const run = this.runWithRetries(`schedule:${name}:${at}`, def.queue, name, payload).catch(
            (err: unknown) =>
              this.logger.error(
                `scheduled ${name} failed: ${err instanceof Error ? err.message : String(err)}`,
              ),
          );
          this.running.add(run);
          void run.finally(() => this.running.delete(run));
          arm();
        },
        Math.max(0, at - Date.now()),
      );
      timer.unref();
      this.timers.set(name, timer);
    };
    clearTimeout(this.timers.get(name));
    arm();
  }

  async depth(): Promise<QueueDepth[]> {
    return [...this.active].map(([queue, count]) => ({ queue, state: 'active' as const, count }));
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
