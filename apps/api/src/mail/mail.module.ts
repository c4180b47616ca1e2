import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { LogMailer } from './log-mailer';
import { MAILER } from './mailer';
import { SmtpMailer } from './smtp-mailer';

/** Provides the Mailer: SMTP when SMTP_URL is set, otherwise the log. Inject with `@Inject(MAILER)`. */
@Global()
@Module({
  providers: [
    {
      provide: MAILER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => (config.SMTP_URL ? new SmtpMailer(config.SMTP_URL, config.MAIL_FROM) : new LogMailer()),
    },
  ],
  exports: [MAILER],
})
export class MailModule {}
