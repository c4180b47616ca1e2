import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { databaseTarget, openDatabase } from './data-source';

/**
 * Provides the TypeORM DataSource (PostgreSQL, or embedded PGlite when DATABASE_URL is unset),
 * migrated at start when MIGRATIONS_RUN is true. Inject `DataSource`; repositories come from it.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) =>
            openDatabase(databaseTarget(config), { migrate: config.MIGRATIONS_RUN }),
        },
      ],
      exports: [DataSource],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
