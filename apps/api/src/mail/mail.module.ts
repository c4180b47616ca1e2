import { Global, Module } from '@nestjs/common';
import { MailOutbox } from './mail-outbox.service';

/** Provides MailOutbox to every feature. Sending happens in the worker (`mail.send`), never on a request. */
@Global()
@Module({
  providers: [MailOutbox],
  exports: [MailOutbox],
})
export class MailModule {}
