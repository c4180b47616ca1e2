import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { DatabaseModule } from '@aup/db';
import { BullmqQueue } from './bullmq-queue.adapter';
import { InlineQueue } from './inline-queue.adapter';
import { JobMetrics } from './job-metrics';
import { JobProducer } from './job-producer';
import { OutboxStats } from './outbox-stats';
import { JOB_QUEUE, type JobQueuePort } from './queue.port';

/** BullMQ when REDIS_URL is set, the in-process adapter otherwise. */
export function createJobQueue(config: AppConfig): JobQueuePort {
  if (config.REDIS_URL)
    return new BullmqQueue({
      url: config.REDIS_URL,
      prefix: config.QUEUE_PREFIX,
      maxInFlight: config.OUTBOX_BATCH_SIZE,
    });
  return new InlineQueue(config.WORKER_CONCURRENCY);
}

/**
 * The queue port, the producer, job metrics and outbox statistics. Not global: a module whose providers
 * use them imports this module; Nest makes one instance per application, so the api's processors in
 * embedded mode share the api's queue.
 */
@Module({
  imports: [DatabaseModule],
  providers: [
    { provide: JOB_QUEUE, inject: [APP_CONFIG], useFactory: createJobQueue },
    JobMetrics,
    JobProducer,
    OutboxStats,
  ],
  exports: [JOB_QUEUE, JobMetrics, JobProducer, OutboxStats],
})
export class JobsModule implements OnApplicationShutdown {
  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueuePort) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
