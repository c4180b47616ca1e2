import { Module } from '@nestjs/common';
import { AnswersController } from '../answers/answers.controller';
import { AnswersService } from '../answers/answers.service';
import { SaveContextCache } from '../answers/save-context';
import { AuditsController } from './audits.controller';
import { AuditsService } from './audits.service';
import { CatalogueStore } from './catalogue-store.service';

/** Audits, their questionnaire and answers, results and the submit/reopen lifecycle. */
@Module({
  controllers: [AuditsController, AnswersController],
  providers: [AuditsService, AnswersService, CatalogueStore, SaveContextCache],
  exports: [CatalogueStore],
})
export class AuditsModule {}
