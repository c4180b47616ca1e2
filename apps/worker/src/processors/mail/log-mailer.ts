import { Logger } from '@nestjs/common';
import type { MailMessage, Mailer } from './mailer';

/**
 * Without SMTP, e-mails go to the log at warn level so an administrator can pass an invitation or
 * password-reset link on by hand.
 */
export class LogMailer implements Mailer {
  private readonly logger = new Logger('Mail');

  async send(message: MailMessage): Promise<boolean> {
    this.logger.warn({ mail: message }, `e-mail not sent (SMTP_URL is not set): "${message.subject}" to ${message.to}; pass this on: ${message.text}`);
    return false;
  }
}
