import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DatabaseModule } from '@aup/db';
import { JobsModule } from '@aup/jobs';
import { PolicyModelRefreshModule } from '@aup/policy-model';
import { PROCESSORS } from './processors';
import { WorkerRuntime } from './worker-runtime.service';

/**
 * Every job processor and the runtime that consumes the queue, relays the outbox and registers schedules.
 * The worker process imports it; so does the api when it runs jobs itself (embedded mode), composed at
 * the api's root module. Configuration is the application's; database and queue are shared with it.
 */
@Module({
  imports: [DiscoveryModule, DatabaseModule, JobsModule, PolicyModelRefreshModule],
  providers: [...PROCESSORS, WorkerRuntime],
})
export class JobProcessingModule {}
