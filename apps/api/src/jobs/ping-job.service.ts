import { Injectable } from '@nestjs/common';
import { JobStatusRepository, Transactions } from '@aup/db';
import { JobProducer } from '@aup/jobs';
import { jobNotFound, type PingJobView, type StartPingJobDto } from './ping-job.dto';

/** The job-path smoke test: writes a no-op job to the outbox and reports where it is. */
@Injectable()
export class PingJobService {
  constructor(
    private readonly producer: JobProducer,
    private readonly transactions: Transactions,
    private readonly jobs: JobStatusRepository,
  ) {}

  async start(body: StartPingJobDto): Promise<PingJobView> {
    const id = await this.transactions.run(() =>
      this.producer.enqueue('ping', { delayMs: body.delayMs, failTimes: body.failTimes }),
    );
    return this.view(id);
  }

  /** `id` is a UUID (the route's PING_JOB_ID). */
  async view(id: string): Promise<PingJobView> {
    const job = await this.jobs.find(id, 'ping');
    if (!job) throw jobNotFound();
    return {
      id: job.id,
      status: job.completedAt ? 'done' : job.outboxStatus,
      handOverAttempts: job.handOverAttempts,
      completedAttempt: job.completedAttempt,
      completedAt: job.completedAt?.toISOString() ?? null,
      lastError: job.lastError,
    };
  }
}
