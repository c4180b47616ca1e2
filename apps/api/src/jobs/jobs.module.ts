import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@aup/config';
import { DatabaseModule } from '@aup/db';
import { JobsModule } from '@aup/jobs';
import { PingJobController } from './ping-job.controller';
import { PingJobService } from './ping-job.service';

/**
 * Jobs are processed in the api's process when there is no separate worker: no REDIS_URL (in-process
 * queue), or embedded PostgreSQL, which one process alone may open. The api's root module then imports
 * `JobProcessingModule` from `@aup/processors`, the same module the worker process runs.
 */
export const runsWorkerInProcess = (config: AppConfig) =>
  config.queueMode === 'inline' || config.databaseMode === 'embedded';

/** The ping job's route (when enabled), for operations checks. */
@Module({})
export class JobsApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: JobsApiModule,
      imports: config.JOBS_PING_ENABLED ? [DatabaseModule, JobsModule] : [],
      controllers: config.JOBS_PING_ENABLED ? [PingJobController] : [],
      providers: config.JOBS_PING_ENABLED ? [PingJobService] : [],
    };
  }
}
