import { Module } from '@nestjs/common';
import { AuditsController } from './audits.controller';
import { AuditsService } from './audits.service';
import { CatalogueStore } from './catalogue-store.service';

/** Audits, their questionnaire, results and the submit/reopen lifecycle. Answers are their own module. */
@Module({
  controllers: [AuditsController],
  providers: [AuditsService, CatalogueStore],
  exports: [CatalogueStore],
})
export class AuditsModule {}
