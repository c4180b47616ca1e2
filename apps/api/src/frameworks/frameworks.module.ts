import { Module } from '@nestjs/common';
import { FrameworksController } from './frameworks.controller';
import { FrameworksService } from './frameworks.service';

/** Read-only views of the framework content in policies/, for the web app and API clients. */
@Module({
  controllers: [FrameworksController],
  providers: [FrameworksService],
})
export class FrameworksModule {}
