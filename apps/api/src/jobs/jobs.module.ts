import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@aup/config';
// The one import across apps the boundary rules allow: embedded mode runs the worker inside the api.
import { WorkerModule } from '../../../worker/src/worker.module';
import { JobStatusRepository } from '@aup/db';
import { PingJobController } from './ping-job.controller';
import { PingJobService } from './ping-job.service';

/**
 * The api's side of background work. Jobs are processed in this process when there is no separate worker:
 * no REDIS_URL (in-process queue), or embedded PostgreSQL, which one process alone may open.
 */
export const runsWorkerInProcess = (config: AppConfig) =>
  config.queueMode === 'inline' || config.databaseMode === 'embedded';

@Module({})
export class JobsApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: JobsApiModule,
      imports: runsWorkerInProcess(config) ? [WorkerModule.inProcess()] : [],
      controllers: config.JOBS_PING_ENABLED ? [PingJobController] : [],
      providers: config.JOBS_PING_ENABLED ? [PingJobService, JobStatusRepository] : [],
    };
  }
}
