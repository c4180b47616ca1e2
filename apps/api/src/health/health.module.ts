import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { DatabaseModule } from '@aup/db';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness';

@Module({})
export class HealthModule {
  static forRoot(
    checks: {
      imports?: ModuleMetadata['imports'];
      inject?: unknown[];
      useFactory: (...deps: never[]) => ReadinessCheck[];
    } = {
      useFactory: () => [],
    },
  ): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), DatabaseModule, ...(checks.imports ?? [])],
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
