import { Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness';

@Module({})
export class HealthModule {
  static forRoot(
    checks: { inject?: unknown[]; useFactory: (...deps: never[]) => ReadinessCheck[] } = {
      useFactory: () => [],
    },
  ): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        {
          provide: READINESS_CHECKS,
          inject: (checks.inject ?? []) as never[],
          useFactory: checks.useFactory,
        },
      ],
    };
  }
}
