import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, publicUrl, type AppConfig } from '@aup/config';
import { NotificationRepository } from '@aup/db';
import {
  PermanentJobError,
  ProcessesJob,
  type JobContext,
  type JobPayload,
  type JobProcessor,
} from '@aup/jobs';
import { createMailer } from './mail/create-mailer';
import { MailRejectedError, type Mailer } from './mail/mailer';
import { reminderDigestMail } from './mail/reminder-digest-mail';

/**
 * The one reminder e-mail of a person's day: their address and the day's reminders are read when it is
 * sent (an erased account or a membership ended since gets nothing). Every attempt carries the same
 * Message-ID, so a mail handed over twice after a crash is recognisably one.
 */
@Injectable()
@ProcessesJob('notification.digest')
export class NotificationDigestProcessor implements JobProcessor<'notification.digest'> {
  private readonly mailer: Mailer;

  constructor(
    private readonly repo: NotificationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.mailer = createMailer(config);
  }

  async process({ userId, day }: JobPayload<'notification.digest'>, ctx: JobContext): Promise<void> {
    const { email, texts } = await this.repo.digest(userId, day);
    if (email && texts.length) {
      try {
        await this.mailer.send({
          ...reminderDigestMail(email, day, texts, publicUrl(this.config)),
          messageId: `<reminders-${userId}-${day}@aup-audit.mail>`,
        });
      } catch (err) {
        if (err instanceof MailRejectedError) throw new PermanentJobError(err.message);
        throw err;
      }
    }
    await ctx.complete(() => this.repo.markDigestSent(userId, day, ctx.key));
  }
}
