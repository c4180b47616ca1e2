import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { PolicyDocumentRepository, ReportRepository } from '@aup/db';
import { ProcessesJob, type JobProcessor } from '@aup/jobs';

/**
 * Deletes reports and requested policy documents (and their files) finished more than
 * REPORT_RETENTION_DAYS ago; 0 keeps them for ever.
 */
@Injectable()
@ProcessesJob('report.prune')
export class ReportPruneProcessor implements JobProcessor<'report.prune'> {
  constructor(
    @Inject(ReportRepository) private readonly reports: ReportRepository,
    @Inject(PolicyDocumentRepository) private readonly documents: PolicyDocumentRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async process(): Promise<void> {
    const days = this.config.REPORT_RETENTION_DAYS;
    if (days <= 0) return;
    await this.reports.prune(days);
    await this.documents.prune(days);
  }
}
