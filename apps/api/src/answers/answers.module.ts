import { Module } from '@nestjs/common';
import { DatabaseModule } from '@aup/db';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { AuditsModule } from '../audits/audits.module';
import { AnswersController } from './answers.controller';
import { AnswersService } from './answers.service';
import { SaveContextCache } from './save-context';

/** Answers to an audit's questions: saving (one or a batch), reading, comments and history. */
@Module({
  imports: [DatabaseModule, AuditTrailModule, AuditsModule],
  controllers: [AnswersController],
  providers: [AnswersService, SaveContextCache],
})
export class AnswersModule {}
