import { HttpStatus, Injectable } from '@nestjs/common';
import { JobStatusRepository, Transactions } from '@aup/db';
import { JobProducer } from '@aup/jobs';
import { ProblemException } from '../common/problem';
import type { PingJobView, StartPingJobDto } from './ping-job.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'JOB.NOT_FOUND', 'No such ping job');

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

  async view(id: string): Promise<PingJobView> {
    const job = UUID.test(id) ? await this.jobs.find(id, 'ping') : null;
    if (!job) throw notFound();
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
