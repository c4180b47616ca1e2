import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  Max,
  Min,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  AUDIT_STATUSES,
  AUDIT_TRANSITIONS,
  type AuditListQuery,
  type AuditStatus,
  type AuditTransition,
  type CreateAuditRequest,
  type PutAssignmentsRequest,
  type ReopenAuditRequest,
  type SubmitAuditRequest,
  type TransitionRequest,
  type UpdateAuditRequest,
} from '@aup/contracts';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsStorableText } from '../../common/content-screening';

const NARRATIVE = 'Screened: no URLs, e-mail addresses, hashes or encoded data.';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export class AuditListQueryDto extends PageQueryDto implements AuditListQuery {
  @ApiPropertyOptional({ enum: AUDIT_STATUSES })
  @IsOptional()
  @IsIn(AUDIT_STATUSES)
  readonly status?: AuditStatus;
}

export class CreateAuditDto implements CreateAuditRequest {
  @ApiProperty({ example: 'CSAM readiness 2026', maxLength: 200, description: NARRATIVE })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsStorableText()
  readonly title: string;

  @ApiPropertyOptional({ example: '2026-12-31', format: 'date' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'dueDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  readonly dueDate?: string;

  @ApiPropertyOptional({
    example: 'workplace-csam-readiness@1.0.0',
    description: '`id@version` or `id`; omitted: the latest version.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  readonly framework?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Copy the answers of this earlier audit, marked needs_review.',
  })
  @IsOptional()
  @IsUUID()
  readonly fromAuditId?: string;
}

export class UpdateAuditDto implements UpdateAuditRequest {
  @ApiPropertyOptional({ maxLength: 200, description: NARRATIVE })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsStorableText()
  readonly title?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'dueDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  readonly dueDate?: string | null;
}

export class TransitionDto implements TransitionRequest {
  @ApiProperty({
    enum: AUDIT_TRANSITIONS,
    description:
      'start: draft → in_progress; review: in_progress → in_review; return: in_review → in_progress; close: submitted → closed.',
  })
  @IsIn(AUDIT_TRANSITIONS)
  readonly action: AuditTransition;
}

export class SubmitAuditDto implements SubmitAuditRequest {
  @ApiProperty({
    example: 'I confirm that these answers are complete and accurate to the best of my knowledge.',
    maxLength: 2000,
    description: NARRATIVE,
  })
  @IsString()
  @MinLength(10)
  @MaxLength(2000)
  @IsStorableText()
  readonly statement: string;

  @ApiProperty({
    example: 'Chief Compliance Officer',
    maxLength: 200,
    description: 'The function you attest in. ' + NARRATIVE,
  })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @IsStorableText()
  readonly role: string;

  @ApiPropertyOptional({
    example: 7,
    minimum: 1,
    description:
      '"Submit incomplete": how many visible questions are still open (GET .../completeness). Required, and must match, when any is open; the attestation and every result show it.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  readonly acknowledgeOpenQuestions?: number;
}

export class VersionDiffQueryDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly from: number;

  @ApiProperty({ example: 2, minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  readonly to: number;
}

export class ReopenAuditDto implements ReopenAuditRequest {
  @ApiProperty({
    example: 'The board asked for the HR section to be re-examined.',
    maxLength: 2000,
    description: NARRATIVE,
  })
  @IsString()
  @MinLength(5)
  @MaxLength(2000)
  @IsStorableText()
  readonly reason: string;
}

export class SectionAssignmentDto {
  @ApiProperty({ example: 'it' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,31}$/)
  readonly section: string;

  @ApiProperty({ type: [String], format: 'uuid', maxItems: 50 })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  readonly userIds: string[];
}

export class PutAssignmentsDto implements PutAssignmentsRequest {
  @ApiProperty({ type: [SectionAssignmentDto], maxItems: 20 })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => SectionAssignmentDto)
  readonly sections: SectionAssignmentDto[];
}
