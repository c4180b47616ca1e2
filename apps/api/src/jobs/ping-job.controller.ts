import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { PathParam } from '../common/path-param';
import { PING_JOB_ID, PingJobView, StartPingJobDto } from './ping-job.dto';
import { PingJobService } from './ping-job.service';

/**
 * Smoke test of a deployment's job path (api -> outbox -> queue -> worker). An ops route, outside /api/v1
 * like /ready, and only present when JOBS_PING_ENABLED=true; it reads and writes nothing but its own job.
 */
@ApiTags('ops')
@Controller('ops/jobs/ping')
export class PingJobController {
  constructor(private readonly pings: PingJobService) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Start a no-op job and get its id to follow it' })
  @ZodResponse({ status: HttpStatus.ACCEPTED, type: PingJobView })
  start(@Body() body: StartPingJobDto): Promise<PingJobView> {
    return this.pings.start(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Where a ping job is: outbox, queue, done or failed' })
  @ZodResponse({ status: HttpStatus.OK, type: PingJobView })
  @ApiNotFoundResponse({ description: 'problem+json `JOB.NOT_FOUND`' })
  view(@PathParam('id', PING_JOB_ID) id: string): Promise<PingJobView> {
    return this.pings.view(id);
  }
}
