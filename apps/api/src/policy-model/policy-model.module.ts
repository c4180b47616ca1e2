import { Module } from '@nestjs/common';
import { DatabaseModule } from '@aup/db';
import { JobsModule } from '@aup/jobs';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { AuditsModule } from '../audits/audits.module';
import { AuditSuggestionsController } from './audit-suggestions.controller';
import { PolicyModelController } from './policy-model.controller';
import { PolicyGapItemsService } from './policy-gap-items.service';
import { PolicyModelService } from './policy-model.service';
import { PolicyTemplates } from './policy-templates';
import { PortfolioController } from './portfolio.controller';
import { PortfolioService } from './portfolio.service';

/** The organisation's own policy, action plan and obligations register (docs/POLICY-MODEL.md), and the portfolio across organisations. */
@Module({
  imports: [DatabaseModule, JobsModule, AuditTrailModule, AuditsModule],
  controllers: [PolicyModelController, PortfolioController, AuditSuggestionsController],
  providers: [PolicyModelService, PolicyGapItemsService, PolicyTemplates, PortfolioService],
  // A profile change refreshes the portfolio's figures through it (which clauses and obligations apply).
  exports: [PolicyModelService],
})
export class PolicyModelModule {}
