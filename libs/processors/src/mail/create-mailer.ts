import type { AppConfig } from '@aup/config';
import { LogMailer } from './log-mailer';
import type { Mailer } from './mailer';
import { SmtpMailer } from './smtp-mailer';

/** SMTP when SMTP_URL is set; otherwise the log, where an administrator can pick the link up. */
export const createMailer = (config: Pick<AppConfig, 'SMTP_URL' | 'MAIL_FROM'>): Mailer =>
  config.SMTP_URL ? new SmtpMailer(config.SMTP_URL, config.MAIL_FROM) : new LogMailer();
