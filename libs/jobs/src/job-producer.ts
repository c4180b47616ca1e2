import { Injectable } from '@nestjs/common';
import { OutboxRepository } from '@aup/db';
import { jobDefinition, type JobName, type JobPayload } from './catalogue';

export interface EnqueueOptions {
  /** Do not start before this many milliseconds from now. */
  delayMs?: number;
}

/**
 * Writes a job to the outbox in the caller's open transaction, so the job exists if and only if the
 * change that needs it commits. Producers only enqueue; they never run work.
 */
@Injectable()
export class JobProducer {
  constructor(private readonly outbox: OutboxRepository) {}

  /** Returns the job id (the outbox id). */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions = {}): Promise<string> {
    const { queue } = jobDefinition(name);
    return this.outbox.enqueue(queue, name, payload, Math.max(0, opts.delayMs ?? 0));
  }
}
