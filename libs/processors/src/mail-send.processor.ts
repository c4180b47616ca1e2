import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MailRecipientRepository, OutboxRepository } from '@aup/db';
import { APP_CONFIG, publicUrl, type AppConfig } from '@aup/config';
import {
  PermanentJobError,
  ProcessesJob,
  type JobContext,
  type JobPayload,
  type JobProcessor,
  type MailJobPayload,
} from '@aup/jobs';
import { createMailer } from './mail/create-mailer';
import { MailRejectedError, type MailMessage, type Mailer } from './mail/mailer';
import { invitationLink, invitationMail, passwordResetLink, passwordResetMail } from './mail/mail-templates';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Sends the e-mail of an invitation or a password reset. The recipient comes from the record at send time,
 * and only while its link still works: an invitation withdrawn or accepted, a reset link used or expired,
 * or an account erased since the job was queued gets no mail. Delivery is at least once (a crash between
 * the SMTP hand-over and the completion record sends again); every attempt carries the same Message-ID.
 */
@Injectable()
@ProcessesJob('mail.send')
export class MailSendProcessor implements JobProcessor<'mail.send'> {
  private readonly logger = new Logger('MailSendProcessor');
  private readonly mailer: Mailer;

  constructor(
    private readonly recipients: MailRecipientRepository,
    private readonly outbox: OutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.mailer = createMailer(config);
  }

  async process(payload: JobPayload<'mail.send'>, ctx: JobContext): Promise<void> {
    const message = await this.compose(payload);
    if (message) {
      try {
        await this.mailer.send({ ...message, messageId: `<${ctx.key}@aup-audit.mail>` });
      } catch (err) {
        if (err instanceof MailRejectedError) throw new PermanentJobError(err.message);
        throw err;
      }
    } else {
      this.logger.log(
        `${payload.template} e-mail of job ${ctx.key} not sent: the link no longer works or the account was erased`,
      );
    }
    // Once the mail is out the token has no further use in the outbox (the key is the outbox id).
    await ctx.complete(async () => {
      if (UUID.test(ctx.key)) await this.outbox.dropToken(ctx.key);
    });
  }

  private async compose(payload: MailJobPayload): Promise<MailMessage | undefined> {
    if (payload.template === 'invitation') {
      const to = await this.recipients.invitation(payload.invitationId, sha256(payload.token));
      if (!to) return undefined;
      return invitationMail(to.email, {
        organisationName: to.organisationName,
        role: to.role,
        link: invitationLink(publicUrl(this.config), payload.token),
        validHours: this.config.INVITATION_TTL_HOURS,
      });
    }
    const email = await this.recipients.passwordReset(payload.resetId, sha256(payload.token));
    if (!email) return undefined;
    return passwordResetMail(email, {
      link: passwordResetLink(publicUrl(this.config), payload.token),
      validMinutes: this.config.PASSWORD_RESET_TTL_MINUTES,
    });
  }
}
