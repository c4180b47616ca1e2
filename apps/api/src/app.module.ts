import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule, type AppConfig } from '@aup/config';
import { ProblemFilter } from './common/problem.filter';
import { HealthModule } from './health/health.module';
import { AuthModule } from './auth/auth.module';
import { requestLogSerializer } from './auth/request-log';
import { OrganisationsModule } from './organisations/organisations.module';
import { JobProcessingModule } from '@aup/processors';
import { JobsApiModule, runsWorkerInProcess } from './jobs/jobs.module';
import { queueReadinessChecks } from './jobs/queue-readiness';
import { MetricsModule } from './metrics/metrics.module';
import { WebModule } from './web/web.module';
import { AuditTrailModule } from './audit-trail/audit-trail.module';
import { AuditsModule } from './audits/audits.module';
import { AnswersModule } from './answers/answers.module';
import { FrameworksModule } from './frameworks/frameworks.module';
import { ReportsModule } from './reports/reports.module';
import { RemediationModule } from './remediation/remediation.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PolicyModelModule } from './policy-model/policy-model.module';

const UNLOGGED_PATHS = new Set(['/health', '/ready', '/metrics']);

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          // Named wildcard (path-to-regexp 8); the default '*' makes Nest warn and convert it at every start.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: config.LOG_LEVEL,
            // Fastify assigns the id (from X-Request-Id or a new UUID); middie copies it to the raw request.
            genReqId: (req) => (req as { id?: string }).id ?? 'unknown',
            // Request headers are not logged at all (see requestLogSerializer); a session cookie set in a reply is removed.
            redact: { paths: ['res.headers["set-cookie"]'], remove: true },
            // Probes and scrapes are not logged. Middie rewrites req.url below a mount point; originalUrl is the full path.
            autoLogging: {
              ignore: (req) =>
                UNLOGGED_PATHS.has(
                  ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '').split('?')[0],
                ),
            },
            // One-time tokens that travel in a path (invitation accept) are masked in request logs; no headers.
            serializers: { req: requestLogSerializer },
          },
        }),
        AuthModule,
        OrganisationsModule,
        HealthModule.forRoot(queueReadinessChecks),
        JobsApiModule.forRoot(config),
        // Embedded mode: the worker's processors run in this process.
        ...(runsWorkerInProcess(config) ? [JobProcessingModule] : []),
        MetricsModule,
        AuditTrailModule,
        AuditsModule,
        AnswersModule,
        FrameworksModule,
        ReportsModule,
        RemediationModule,
        NotificationsModule,
        PolicyModelModule,
        WebModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
