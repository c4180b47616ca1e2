import type { QueueName } from './catalogue';

/** A job as handed from the outbox (or a schedule) to a queue. */
export interface QueuedJob {
  /** Outbox id; becomes the queue's job id, so handing the same row over twice adds it once. */
  id: string;
  queue: QueueName;
  name: string;
  payload: Record<string, unknown>;
}

/** What a consumer runs for each job; throws to fail the attempt. */
export interface JobExecution {
  key: string;
  queue: QueueName;
  name: string;
  payload: Record<string, unknown>;
  attempt: number;
  maxAttempts: number;
  progress(percent: number): Promise<void>;
}
export type JobExecutor = (job: JobExecution) => Promise<void>;

export interface ConsumerOptions {
  concurrency: number;
  lockDurationMs: number;
}

export interface Consumer {
  /** Stops taking jobs and waits for running ones, up to `timeoutMs`, then gives them up to another worker. */
  close(timeoutMs: number): Promise<void>;
}

export type Schedule = { everyMs: number } | { cron: string };

export type JobState = 'waiting' | 'active' | 'delayed' | 'failed' | 'completed';
export interface QueueDepth {
  queue: QueueName;
  state: JobState;
  count: number;
}

/**
 * The queue port. Everything above it (outbox, relay, runner, processors) is the same in both modes:
 * BullMQ when REDIS_URL is set, the in-process adapter otherwise.
 */
export interface JobQueuePort {
  readonly kind: 'bullmq' | 'inline';
  /**
   * Most hand-overs the relay should have in flight: BullMQ accepts a job in a millisecond, the in-process
   * adapter runs it before returning.
   */
  readonly maxInFlight: number;
  /** Hands one job over; resolves once the queue holds it durably (or, in-process, once it has run). */
  deliver(job: QueuedJob): Promise<void>;
  /** Starts running jobs with `executor`. */
  consume(executor: JobExecutor, opts: ConsumerOptions): Promise<Consumer>;
  /** Runs `name` repeatedly (idempotent: calling it again replaces the schedule). */
  scheduleRepeating(name: string, schedule: Schedule, payload: Record<string, unknown>): Promise<void>;
  /** Jobs per queue and state, for metrics. */
  depth(): Promise<QueueDepth[]>;
  /** Throws when the queue's store is unreachable (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');

/** Raised by `deliver` when the job itself failed for good (in-process adapter), as opposed to a queue outage. */
export class JobGaveUpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobGaveUpError';
  }
}
