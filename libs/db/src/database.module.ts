import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { databaseTarget, openDatabase } from './data-source';
import { Transactions } from './transaction';
import { AnswerRepository } from './repositories/answer.repository';
import { ApiTokenRepository } from './repositories/api-token.repository';
import { AuditTrailRepository } from './repositories/audit-trail.repository';
import { AuditVersionsRepository } from './repositories/audit-versions.repository';
import { AuditRepository } from './repositories/audit.repository';
import { FrameworkVersionRepository } from './repositories/framework-version.repository';
import { IdempotencyRepository } from './repositories/idempotency.repository';
import { InvitationRepository } from './repositories/invitation.repository';
import { JobStatusRepository } from './repositories/job-status.repository';
import { LoginThrottleRepository, RateLimitRepository } from './repositories/login-throttle.repository';
import { MailRecipientRepository } from './repositories/mail-recipient.repository';
import { MembersRepository } from './repositories/members.repository';
import { MembershipRepository } from './repositories/membership.repository';
import { MfaRepository } from './repositories/mfa.repository';
import { NotificationRepository } from './repositories/notification.repository';
import { OneTimeTokenRepository } from './repositories/one-time-token.repository';
import { OrganisationRepository } from './repositories/organisation.repository';
import { OutboxRepository } from './repositories/outbox.repository';
import { PolicyDocumentRepository } from './repositories/policy-document.repository';
import { PolicyGapItemsRepository } from './repositories/policy-gap-items.repository';
import { PolicyModelRepository } from './repositories/policy-model.repository';
import { PortfolioRepository } from './repositories/portfolio.repository';
import { RemediationRepository } from './repositories/remediation.repository';
import { ReportTrackingRepository } from './repositories/report-tracking.repository';
import { ReportRepository } from './repositories/report.repository';
import { SessionRepository } from './repositories/session.repository';
import { UserRepository } from './repositories/user.repository';

const REPOSITORIES = [
  AnswerRepository,
  ApiTokenRepository,
  AuditTrailRepository,
  AuditVersionsRepository,
  AuditRepository,
  FrameworkVersionRepository,
  IdempotencyRepository,
  InvitationRepository,
  JobStatusRepository,
  LoginThrottleRepository,
  RateLimitRepository,
  MailRecipientRepository,
  MembersRepository,
  MembershipRepository,
  MfaRepository,
  NotificationRepository,
  OneTimeTokenRepository,
  OrganisationRepository,
  OutboxRepository,
  PolicyDocumentRepository,
  PolicyGapItemsRepository,
  PolicyModelRepository,
  PortfolioRepository,
  RemediationRepository,
  ReportTrackingRepository,
  ReportRepository,
  SessionRepository,
  UserRepository,
];

/**
 * The TypeORM DataSource (PostgreSQL, or embedded PGlite when DATABASE_URL is unset), migrated at start
 * when MIGRATIONS_RUN is true, and closed at shutdown.
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
class DataSourceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * The database: the DataSource, the CLS-held transaction (`@nestjs-cls/transactional` with the TypeORM
 * adapter, registered here once), `Transactions` that services open transactions with, and every
 * repository (stateless, one instance per application). Not global: a module whose providers use the
 * database imports this module; Nest makes one instance per application.
 */
@Module({
  imports: [
    DataSourceModule,
    ClsModule.forRoot({
      plugins: [
        new ClsPluginTransactional({
          imports: [DataSourceModule],
          adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }),
        }),
      ],
    }),
  ],
  providers: [Transactions, ...REPOSITORIES],
  exports: [DataSourceModule, ClsModule, Transactions, ...REPOSITORIES],
})
export class DatabaseModule {}
