import { Logger } from '@nestjs/common';
import type { MailMessage, Mailer } from './mailer';

/**
 * Without SMTP, e-mails go to the log at warn level so an administrator can pass an invitation or
 * password-reset link on by hand. This is the one place a link is written out in clear.
 */
export class LogMailer implements Mailer {
  private readonly logger = new Logger('Mail');

  async send(message: MailMessage): Promise<'logged'> {
    this.logger.warn(
      `e-mail not sent (SMTP_URL is not set): "${message.subject}" to ${message.to}; pass this on: ${message.text}`,
    );
    return 'logged';
  }
}
