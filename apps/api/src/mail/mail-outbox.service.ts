import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { JobProducer, type MailJobPayload } from '@aup/jobs';

/**
 * Queues e-mail through the job outbox, in the caller's transaction: the mail exists if and only if the
 * token it carries was committed, and a crash or a Redis outage delays it but never loses it. The worker's
 * `mail.send` processor sends it (SMTP, or the log without SMTP_URL) with retries.
 */
@Injectable()
export class MailOutbox {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly producer: JobProducer,
  ) {}

  /** True when mail goes to an SMTP server; false when it is written to the server log for an administrator. */
  get deliversByEmail(): boolean {
    return Boolean(this.config.SMTP_URL);
  }

  queue(mail: MailJobPayload): Promise<string> {
    return this.producer.enqueue('mail.send', mail);
  }
}
