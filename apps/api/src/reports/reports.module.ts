import { Module } from '@nestjs/common';
import { DatabaseModule } from '@aup/db';
import { JobsModule } from '@aup/jobs';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { AuditsModule } from '../audits/audits.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Reports: request through the outbox, status, list, retry and download. The worker renders them. */
@Module({
  imports: [DatabaseModule, JobsModule, AuditTrailModule, AuditsModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
