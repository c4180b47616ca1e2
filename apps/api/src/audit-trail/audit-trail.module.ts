import { Module } from '@nestjs/common';
import { DatabaseModule } from '@aup/db';
import { AuditTrailController } from './audit-trail.controller';
import { AuditTrailService } from './audit-trail.service';

/** The hash-chained trail: every feature that records its changes imports this module for AuditTrailService. */
@Module({
  imports: [DatabaseModule],
  controllers: [AuditTrailController],
  providers: [AuditTrailService],
  exports: [AuditTrailService],
})
export class AuditTrailModule {}
