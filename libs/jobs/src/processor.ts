import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayload, QueueName } from './catalogue';

export interface JobContext {
  /** Idempotency key: the outbox id, or the queue's job id for scheduled jobs. */
  readonly key: string;
  readonly queue: QueueName;
  /** 1-based processing attempt; a job picked up again after a crash counts as a new attempt. */
  readonly attempt: number;
  /** Reports progress (0-100) to the queue, where operators and the api can read it. */
  progress(percent: number): Promise<void>;
  /**
   * Commits the job's database effects together with its done-once record, in one transaction. If another
   * run already completed this job, nothing is written and the run ends as a duplicate. A processor that
   * writes nothing need not call it: the runner records completion when `process` returns.
   */
  complete<T>(effects: () => Promise<T>): Promise<T>;
}

/** Processors only delegate: read the payload, call libs/domain and libs/db, report progress. */
export interface JobProcessor<N extends JobName = JobName> {
  process(payload: JobPayload<N>, ctx: JobContext): Promise<void>;
}

export const PROCESSES_JOB = Symbol('PROCESSES_JOB');

/** Marks a provider as the processor of one job; the worker discovers it at start. */
export const ProcessesJob = (name: JobName) => SetMetadata(PROCESSES_JOB, name);

/** Thrown by a processor for a failure that retrying cannot fix (the job fails at once). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}
