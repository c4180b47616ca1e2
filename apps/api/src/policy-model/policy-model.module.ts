import { Module } from '@nestjs/common';
import { DatabaseModule } from '@aup/db';
import { JobsModule } from '@aup/jobs';
import { PolicyModelRefreshModule } from '@aup/policy-model';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { AuditsModule } from '../audits/audits.module';
import { AuditSuggestionsController } from './audit-suggestions.controller';
import { PolicyModelController } from './policy-model.controller';
import { PolicyModelService } from './policy-model.service';
import { PortfolioController } from './portfolio.controller';
import { PortfolioService } from './portfolio.service';

/** The organisation's own policy, action plan and obligations register (docs/POLICY-MODEL.md), and the portfolio across organisations. */
@Module({
  imports: [DatabaseModule, JobsModule, AuditTrailModule, AuditsModule, PolicyModelRefreshModule],
  controllers: [PolicyModelController, PortfolioController, AuditSuggestionsController],
  providers: [PolicyModelService, PortfolioService],
})
export class PolicyModelModule {}
