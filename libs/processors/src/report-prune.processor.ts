import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { ReportRepository } from '@aup/db';
import { ProcessesJob, type JobProcessor } from '@aup/jobs';

/** Deletes reports (and their files) finished more than REPORT_RETENTION_DAYS ago; 0 keeps them for ever. */
@Injectable()
@ProcessesJob('report.prune')
export class ReportPruneProcessor implements JobProcessor<'report.prune'> {
  constructor(
    @Inject(ReportRepository) private readonly reports: ReportRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async process(): Promise<void> {
    if (this.config.REPORT_RETENTION_DAYS > 0) await this.reports.prune(this.config.REPORT_RETENTION_DAYS);
  }
}
