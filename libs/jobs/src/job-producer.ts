import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxRepository } from '@aup/db';
import { jobDefinition, type JobName, type JobPayload } from './catalogue';

const outbox = new OutboxRepository();

export interface EnqueueOptions {
  /** Do not start before this many milliseconds from now. */
  delayMs?: number;
}

/**
 * Writes a job to the outbox with the caller's transaction manager, so the job exists if and only if the
 * change that needs it commits. Returns the job id (the outbox id).
 */
export async function enqueueJob<N extends JobName>(
  manager: EntityManager,
  name: N,
  payload: JobPayload<N>,
  opts: EnqueueOptions = {},
): Promise<string> {
  const { queue } = jobDefinition(name);
  return outbox.enqueue(manager, queue, name, payload, Math.max(0, opts.delayMs ?? 0));
}

/** Injectable form of {@link enqueueJob} for services. Producers only enqueue; they never run work. */
@Injectable()
export class JobProducer {
  enqueue<N extends JobName>(
    manager: EntityManager,
    name: N,
    payload: JobPayload<N>,
    opts?: EnqueueOptions,
  ): Promise<string> {
    return enqueueJob(manager, name, payload, opts);
  }
}
