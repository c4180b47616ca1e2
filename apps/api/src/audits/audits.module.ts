import { Module } from '@nestjs/common';
import { DatabaseModule } from '@aup/db';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { RemediationModule } from '../remediation/remediation.module';
import { AuditsController } from './audits.controller';
import { AuditsService } from './audits.service';
import { CatalogueStore } from './catalogue-store.service';

/** Audits, their questionnaire, results and the submit/reopen lifecycle. Answers are their own module. */
@Module({
  imports: [DatabaseModule, AuditTrailModule, RemediationModule],
  controllers: [AuditsController],
  providers: [AuditsService, CatalogueStore],
  exports: [CatalogueStore],
})
export class AuditsModule {}
