import { Module } from '@nestjs/common';
import { ReportRepository, ReportTrackingRepository } from '@aup/db';
import { AuditsModule } from '../audits/audits.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Reports: request through the outbox, status, list, retry and download. The worker renders them. */
@Module({
  imports: [AuditsModule],
  controllers: [ReportsController],
  providers: [ReportsService, ReportRepository, ReportTrackingRepository],
})
export class ReportsModule {}
