import { Module } from '@nestjs/common';
import { MailOutbox } from './mail-outbox.service';

/** MailOutbox for the features that send mail. Sending happens in the worker (`mail.send`), never on a request. */
@Module({
  providers: [MailOutbox],
  exports: [MailOutbox],
})
export class MailModule {}
