import { Logger } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import IORedis from 'ioredis';
import { jobDefinition, QUEUES, type QueueName } from './catalogue';
import { PermanentJobError } from './processor';
import type {
  Consumer,
  ConsumerOptions,
  JobExecutor,
  JobQueuePort,
  JobState,
  QueueDepth,
  QueuedJob,
  Schedule,
} from './queue.port';
import { withTimeout } from './timeout';

export interface BullmqQueueOptions {
  url: string;
  prefix: string;
  /** How long a hand-over or a readiness ping may take before it counts as an outage. */
  commandTimeoutMs?: number;
}

const KEEP_COMPLETED = { age: 24 * 3600, count: 10_000 };
const KEEP_FAILED = { age: 14 * 24 * 3600 };

/** BullMQ job options from the catalogue entry of `name`. */
export function bullmqJobOptions(name: string): JobsOptions {
  const def = jobDefinition(name);
  return {
    attempts: def.attempts,
    backoff: { type: 'exponential', delay: def.backoffMs },
    removeOnComplete: KEEP_COMPLETED,
    removeOnFail: KEEP_FAILED,
  };
}

/**
 * The queue port on BullMQ. Hand-overs use a connection without an offline queue, so while Redis is down
 * they fail at once and the outbox keeps the job, instead of piling up in memory; workers use BullMQ's own
 * blocking connections, which reconnect by themselves.
 */
export class BullmqQueue implements JobQueuePort {
  readonly kind = 'bullmq' as const;
  readonly maxInFlight: number;
  private readonly logger = new Logger('BullmqQueue');
  private readonly connection: IORedis;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly timeoutMs: number;
  private lastErrorLog = 0;

  constructor(private readonly opts: BullmqQueueOptions & { maxInFlight?: number }) {
    this.timeoutMs = opts.commandTimeoutMs ?? 5_000;
    this.maxInFlight = opts.maxInFlight ?? 100;
    this.connection = new IORedis(opts.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: this.timeoutMs,
      retryStrategy: (times) => Math.min(times * 250, 2_000),
    });
    this.connection.on('error', (err) => this.logOutage(err));
    for (const name of QUEUES) {
      const queue = new Queue(name, { connection: this.connection, prefix: opts.prefix });
      queue.on('error', (err) => this.logOutage(err));
      this.queues.set(name, queue);
    }
  }

  private queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue "${name}"`);
    return queue;
  }

  /** Redis errors repeat on every reconnect attempt; one line per 10 s is enough to see an outage. */
  private logOutage(err: Error): void {
    if (Date.now() - this.lastErrorLog < 10_000) return;
    this.lastErrorLog = Date.now();
    this.logger.warn(`redis unreachable: ${err.message}`);
  }

  async deliver(job: QueuedJob): Promise<void> {
    const opts = { ...bullmqJobOptions(job.name), jobId: job.id };
    await withTimeout(
      this.queue(job.queue).add(job.name, job.payload, opts),
      this.timeoutMs,
      'adding the job to Redis',
    );
  }

  async consume(executor: JobExecutor, opts: ConsumerOptions): Promise<Consumer> {
    const workers = QUEUES.map((name) => {
      const worker = new Worker(name, (job: Job) => this.run(executor, name, job), {
        connection: { url: this.opts.url },
        prefix: this.opts.prefix,
        concurrency: opts.concurrency,
        lockDuration: opts.lockDurationMs,
        // Jobs of a killed worker are found by the stalled check; run it as often as a lock can expire.
        stalledInterval: Math.min(opts.lockDurationMs, 30_000),
        maxStalledCount: 2,
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: KEEP_FAILED,
      });
      worker.on('error', (err) => this.logOutage(err));
      return worker;
    });
    return {
      close: async (timeoutMs) => {
        const graceful = Promise.all(workers.map((w) => w.close()));
        const drained = await withTimeout(graceful, timeoutMs, 'draining workers').then(
          () => true,
          () => false,
        );
        // Jobs still running lose their lock and are picked up by another worker once it expires.
        if (!drained) await Promise.all(workers.map((w) => w.close(true)));
      },
    };
  }

  private async run(executor: JobExecutor, queue: QueueName, job: Job): Promise<void> {
    try {
      await executor({
        key: String(job.id),
        queue,
        name: job.name,
        payload: (job.data ?? {}) as Record<string, unknown>,
        attempt: Math.max(1, job.attemptsStarted),
        maxAttempts: job.opts.attempts ?? 1,
        progress: (percent) => job.updateProgress(percent),
      });
    } catch (err) {
      if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
      throw err;
    }
  }

  async scheduleRepeating(name: string, schedule: Schedule, payload: Record<string, unknown>): Promise<void> {
    const def = jobDefinition(name);
    const repeat = 'everyMs' in schedule ? { every: schedule.everyMs } : { pattern: schedule.cron };
    const { attempts, backoff, removeOnComplete, removeOnFail } = bullmqJobOptions(name);
    await withTimeout(
      this.queue(def.queue).upsertJobScheduler(name, repeat, {
        name,
        data: payload,
        opts: { attempts, backoff, removeOnComplete, removeOnFail },
      }),
      this.timeoutMs,
      'scheduling the job',
    );
  }

  async depth(): Promise<QueueDepth[]> {
    const rows: QueueDepth[] = [];
    for (const [queue, q] of this.queues) {
      const c = await withTimeout(
        q.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed', 'completed'),
        Math.min(this.timeoutMs, 2_000),
        'counting jobs',
      );
      const counts: Record<JobState, number> = {
        waiting: (c.wait ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        completed: c.completed ?? 0,
      };
      for (const [state, count] of Object.entries(counts))
        rows.push({ queue, state: state as JobState, count });
    }
    return rows;
  }

  async ping(): Promise<void> {
    await withTimeout(this.connection.ping(), Math.min(this.timeoutMs, 2_000), 'redis ping');
  }

  async close(): Promise<void> {
    await withTimeout(
      Promise.all([...this.queues.values()].map((q) => q.close())),
      this.timeoutMs,
      'closing queues',
    ).catch(() => undefined);
    this.connection.disconnect();
  }
}
