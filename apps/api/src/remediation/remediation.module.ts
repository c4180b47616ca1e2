import { Global, Module } from '@nestjs/common';
import { MyRemediationController, RemediationController } from './remediation.controller';
import { RemediationService } from './remediation.service';

/** Remediation items and their lifecycle. Global so the audit submit and create can call into it in their transactions. */
@Global()
@Module({
  controllers: [RemediationController, MyRemediationController],
  providers: [RemediationService],
  exports: [RemediationService],
})
export class RemediationModule {}
