import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { OutboxRepository } from '@aup/db';
import { ProcessesJob, type JobContext, type JobProcessor } from '@aup/jobs';

/**
 * Keeps the outbox small. Completed-job records are kept as long: a duplicate delivery can only arrive
 * within minutes of the original, far inside the retention period.
 */
@Injectable()
@ProcessesJob('outbox.prune')
export class OutboxPruneProcessor implements JobProcessor<'outbox.prune'> {
  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async process(_payload: Record<string, never>, ctx: JobContext): Promise<void> {
    const days = this.config.OUTBOX_RETENTION_DAYS;
    await ctx.complete(() => this.outbox.prune(days));
  }
}
