import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { NotificationRepository } from '@aup/db';
import { acceptanceExpired, dueReminders, reminderText, utcDay, type DueReminder } from '@aup/domain';
import { JobProducer, ProcessesJob, type JobContext, type JobPayload, type JobProcessor } from '@aup/jobs';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The daily scan: one `remediation.scan-org` job per organisation with something to remind about, queued in one commit. */
@Injectable()
@ProcessesJob('remediation.scan')
export class RemediationScanProcessor implements JobProcessor<'remediation.scan'> {
  constructor(
    private readonly repo: NotificationRepository,
    private readonly jobs: JobProducer,
  ) {}

  async process(payload: JobPayload<'remediation.scan'>, ctx: JobContext): Promise<void> {
    const day = payload.day && DAY.test(payload.day) ? payload.day : utcDay(new Date());
    const organisations = await this.repo.organisationsToScan();
    await ctx.complete(async () => {
      for (const organisationId of organisations)
        await this.jobs.enqueue('remediation.scan-org', { organisationId, day });
    });
  }
}

/**
 * One organisation's reminders for a day, in one transaction with the job's completion: expired risk
 * acceptances reopen their items; each reminder due is created unless it exists (unique per item,
 * threshold and date), and each new one queues its webhook delivery and claims its recipients' daily
 * e-mail. Killed half-way, the transaction rolls back and the rerun does it all once.
 */
@Injectable()
@ProcessesJob('remediation.scan-org')
export class RemediationScanOrgProcessor implements JobProcessor<'remediation.scan-org'> {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: NotificationRepository,
    private readonly jobs: JobProducer,
  ) {}

  async process({ organisationId, day }: JobPayload<'remediation.scan-org'>, ctx: JobContext): Promise<void> {
    await ctx.complete(() => this.scan(organisationId, day));
  }

  private async scan(organisationId: string, day: string): Promise<void> {
    const created: string[] = [];
    const recipients = new Set<string>();
    for (const item of await this.repo.candidates(organisationId)) {
      let due: DueReminder[];
      if (acceptanceExpired(item, day)) {
        await this.repo.reopenExpiredAcceptance(organisationId, item.id, item.acceptanceExpiresOn!);
        due = [{ threshold: 'acceptance_expired', subjectDate: item.acceptanceExpiresOn! }];
      } else {
        due = dueReminders(item, day);
      }
      for (const r of due) {
        const id = await this.repo.create({
          organisationId,
          itemId: item.id,
          ...r,
          scanDate: day,
          text: reminderText(r.threshold, item.title, r.subjectDate),
          recipientIds: item.recipientIds,
        });
        if (!id) continue;
        created.push(id);
        item.recipientIds.forEach((u) => recipients.add(u));
      }
    }
    if (!created.length) return;
    const webhook = await this.repo.webhook(organisationId);
    if (webhook?.enabled)
      for (const notificationId of created)
        await this.jobs.enqueue('notification.webhook', { organisationId, notificationId });
    for (const userId of [...recipients].sort()) {
      if (await this.repo.claimDigest(userId, day)) {
        await this.jobs.enqueue(
          'notification.digest',
          { userId, day },
          { delayMs: this.config.REMINDER_DIGEST_DELAY_SECONDS * 1000 },
        );
      }
    }
  }
}
