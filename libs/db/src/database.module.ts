import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { databaseTarget, openDatabase } from './data-source';

/**
 * Provides the TypeORM DataSource (PostgreSQL, or embedded PGlite when DATABASE_URL is unset),
 * migrated at start when MIGRATIONS_RUN is true. Not global: a module whose providers use the database
 * (`DataSource`, or a repository it lists) imports this module; Nest makes one instance per application.
 */
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        openDatabase(databaseTarget(config), { migrate: config.MIGRATIONS_RUN }),
    },
  ],
  exports: [DataSource],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
