import { Module } from '@nestjs/common';
import { DatabaseModule } from '@aup/db';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { MyRemediationController, RemediationController } from './remediation.controller';
import { RemediationService } from './remediation.service';

/** Remediation items and their lifecycle. Exports RemediationService: audit submit and create call it in their transactions. */
@Module({
  imports: [DatabaseModule, AuditTrailModule],
  controllers: [RemediationController, MyRemediationController],
  providers: [RemediationService],
  exports: [RemediationService],
})
export class RemediationModule {}
