import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { transaction } from '@aup/db';
import { enqueueJob } from '@aup/jobs';
import { ProblemException } from '../common/problem';
import { PingJobView, StartPingJobDto } from './ping-job.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface PingRow {
  id: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  attempt: number | null;
  completed_at: Date | null;
}

const notFound = () => new ProblemException(HttpStatus.NOT_FOUND, 'JOB.NOT_FOUND', 'No such ping job');

/**
 * Smoke test of a deployment's job path (api -> outbox -> queue -> worker). An ops route, outside /api/v1
 * like /ready, and only present when JOBS_PING_ENABLED=true; it reads and writes nothing but its own job.
 */
@ApiTags('ops')
@Controller('ops/jobs/ping')
export class PingJobController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start a no-op job and get its id to follow it' })
  @ApiAcceptedResponse({ type: PingJobView })
  async start(@Body() body: StartPingJobDto): Promise<PingJobView> {
    const id = await transaction(this.dataSource, (m) => enqueueJob(m, 'ping', { delayMs: body.delayMs, failTimes: body.failTimes }));
    return this.view(id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Where a ping job is: outbox, queue, done or failed' })
  @ApiOkResponse({ type: PingJobView })
  @ApiNotFoundResponse({ description: 'problem+json `JOB.NOT_FOUND`' })
  async view(@Param('id') id: string): Promise<PingJobView> {
    if (!UUID.test(id)) throw notFound();
    const [row]: PingRow[] = await this.dataSource.query(
      `SELECT o.id, o.status, o.attempts, o.last_error, e.attempt, e.completed_at
         FROM outbox o LEFT JOIN job_execution e ON e.key = o.id::text
        WHERE o.id = $1 AND o.name = 'ping'`,
      [id],
    );
    if (!row) throw notFound();
    return {
      id: row.id,
      status: row.completed_at ? 'done' : row.status,
      handOverAttempts: row.attempts,
      completedAttempt: row.attempt,
      completedAt: row.completed_at ? new Date(row.completed_at).toISOString() : null,
      lastError: row.last_error,
    };
  }
}
