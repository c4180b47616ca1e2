import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class StartPingJobDto {
  @ApiPropertyOptional({
    description: 'How long the job pretends to work, in milliseconds',
    minimum: 0,
    maximum: 10_000,
    example: 500,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  readonly delayMs?: number;

  @ApiPropertyOptional({
    description: 'Fail this many attempts on purpose (the job has 3), to see retries',
    minimum: 0,
    maximum: 5,
    example: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(5)
  readonly failTimes?: number;
}

export class PingJobView {
  @ApiPropertyOptional({ format: 'uuid' })
  readonly id: string;

  @ApiPropertyOptional({
    enum: ['pending', 'sent', 'done', 'failed'],
    description:
      'pending: waiting in the outbox; sent: handed to the queue; done: completed (once); failed: given up',
  })
  readonly status: 'pending' | 'sent' | 'done' | 'failed';

  @ApiPropertyOptional({ description: 'Hand-over attempts from the outbox to the queue' })
  readonly handOverAttempts: number;

  @ApiPropertyOptional({ description: 'Processing attempt that completed the job', nullable: true })
  readonly completedAttempt: number | null;

  @ApiPropertyOptional({ format: 'date-time', nullable: true })
  readonly completedAt: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Last hand-over or processing error' })
  readonly lastError: string | null;
}
