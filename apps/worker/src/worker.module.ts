import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, type AppConfig } from '@aup/config';
import { DatabaseModule } from '@aup/db';
import { JobsModule } from '@aup/jobs';
import { JobProcessingModule } from '@aup/processors';
import { OpsServer } from './ops-server.service';

/** The worker: an application context with no HTTP server, running the processors of `@aup/processors`. */
@Module({})
export class WorkerModule {
  /** The worker process (full mode): its own configuration, database and queue connections. */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        DatabaseModule,
        JobsModule,
        JobProcessingModule,
      ],
      providers: [OpsServer],
    };
  }
}
