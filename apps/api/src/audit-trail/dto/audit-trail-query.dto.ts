import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { AuditTrailQuery } from '@aup/contracts';
import { PageQueryDto } from '../../common/page-query.dto';

const NAME = /^[a-z][a-z0-9_.-]{0,63}$/;

export class AuditTrailQueryDto extends PageQueryDto implements AuditTrailQuery {
  @ApiPropertyOptional({
    example: 'answer',
    description: 'Kind of record: audit, answer, answer_comment, membership, ...',
  })
  @IsOptional()
  @IsString()
  @Matches(NAME)
  readonly entity?: string;

  @ApiPropertyOptional({ description: 'Id of the record (as in the events).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9_.:@-]+$/)
  readonly entityId?: string;

  @ApiPropertyOptional({ example: 'submitted' })
  @IsOptional()
  @IsString()
  @Matches(NAME)
  readonly action?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  readonly actorUserId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Inclusive.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Exclusive.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly to?: string;
}
