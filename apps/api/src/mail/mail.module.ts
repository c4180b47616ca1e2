import { Module } from '@nestjs/common';
import { JobsModule } from '@aup/jobs';
import { MailOutbox } from './mail-outbox.service';

/** MailOutbox for the features that send mail. Sending happens in the worker (`mail.send`), never on a request. */
@Module({
  imports: [JobsModule],
  providers: [MailOutbox],
  exports: [MailOutbox],
})
export class MailModule {}
