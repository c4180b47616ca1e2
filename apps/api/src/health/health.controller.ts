import { Controller, Get, HttpStatus, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { pendingMigrations } from '@aup/db';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ProblemException } from '../common/problem';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness';

@ApiTags('ops')
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(READINESS_CHECKS) private readonly extraChecks: ReadinessCheck[],
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: database reachable, migrations applied, queue reachable when configured',
  })
  @ApiOkResponse({
    schema: { example: { status: 'ok', info: { database: { status: 'up' }, migrations: { status: 'up' } } } },
  })
  @ApiServiceUnavailableResponse({ description: 'problem+json `SERVICE.NOT_READY` with `checks`' })
  async readiness(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.db.pingCheck('database', { connection: this.dataSource, timeout: 3_000 }),
        async () => {
          const check = this.indicator.check('migrations');
          const pending = await pendingMigrations(this.dataSource);
          return pending.length ? check.down({ pending }) : check.up();
        },
        ...this.extraChecks.map((c) => () => c(this.indicator)),
      ]);
    } catch (err) {
      const details = (err as { getResponse?: () => unknown }).getResponse?.() as
        { details?: unknown } | undefined;
      throw new ProblemException(
        HttpStatus.SERVICE_UNAVAILABLE,
        'SERVICE.NOT_READY',
        'Not ready',
        'A dependency is unavailable.',
        {
          checks: details?.details ?? {},
        },
      );
    }
  }
}
