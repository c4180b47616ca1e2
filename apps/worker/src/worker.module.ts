import { Module, type DynamicModule } from '@nestjs/common';
import { AppConfigModule, type AppConfig } from '@aup/config';
import { DatabaseModule } from '@aup/db';

/** The worker: an application context with no HTTP server. Job processors are registered here. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: WorkerModule, imports: [AppConfigModule.forRoot(config), DatabaseModule.forRoot()] };
  }
}
