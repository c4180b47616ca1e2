import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, type AppConfig } from '@aup/config';
import { DatabaseModule, PolicyDocumentRepository, ReportRepository } from '@aup/db';
import { JobsModule } from '@aup/jobs';
import { OpsServer } from './ops-server.service';
import { PROCESSORS } from './processors';
import { WorkerRuntime } from './worker-runtime.service';

/** The worker: an application context with no HTTP server. Job processors are registered in ./processors. */
@Module({})
export class WorkerModule {
  /** The worker process (full mode): its own configuration, database and queue connections. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        DatabaseModule.forRoot(),
        JobsModule.forRoot(),
        DiscoveryModule,
      ],
      providers: [...PROCESSORS, ReportRepository, PolicyDocumentRepository, WorkerRuntime, OpsServer],
    };
  }

  /** Embedded mode: runs inside the api process, which already provides configuration, database and queue. */
  static inProcess(): DynamicModule {
    return {
      module: WorkerModule,
      imports: [DiscoveryModule],
      providers: [...PROCESSORS, ReportRepository, PolicyDocumentRepository, WorkerRuntime],
    };
  }
}
