import { Module } from '@nestjs/common';
import { PolicyModelRepository } from '@aup/db';
import { PolicyModelController } from './policy-model.controller';
import { PolicyModelService } from './policy-model.service';
import { PolicyTemplates } from './policy-templates';

/** The organisation's own policy, action plan and obligations register (docs/POLICY-MODEL.md). */
@Module({
  controllers: [PolicyModelController],
  providers: [PolicyModelService, PolicyModelRepository, PolicyTemplates],
})
export class PolicyModelModule {}
