import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
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
 * The queue port, the producer and job metrics for the whole process. Imported once by the api and once
 * by the worker process; the in-process worker of embedded mode reuses the api's.
 */
@Global()
@Module({})
export class JobsModule implements OnApplicationShutdown {
  constructor(@Inject(JOB_QUEUE) private readonly queue: JobQueuePort) {}

  static forRoot(): DynamicModule {
    return {
      module: JobsModule,
      providers: [
        { provide: JOB_QUEUE, inject: [APP_CONFIG], useFactory: createJobQueue },
        JobMetrics,
        JobProducer,
        OutboxStats,
      ],
      exports: [JOB_QUEUE, JobMetrics, JobProducer, OutboxStats],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
