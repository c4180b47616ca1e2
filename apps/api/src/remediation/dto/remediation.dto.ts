import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  REMEDIATION_SORTS,
  type ClosureEvidenceRef,
  type RemediationListQuery,
  type RemediationSort,
  type RemediationTransitionRequest,
  type StepPatch,
  type UpdateRemediationItemRequest,
} from '@aup/contracts';
import { REMEDIATION_MOVES, type RemediationMove } from '@aup/domain';
import { IsStorableText } from '../../common/content-screening';

const NARRATIVE = 'Screened: no URLs, e-mail addresses, hashes or encoded data.';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const STATUS_LIST =
  /^(open|in_progress|blocked|done|verified|risk_accepted)(,(open|in_progress|blocked|done|verified|risk_accepted))*$/;
const PRIORITY_LIST = /^P[1-4](,P[1-4])*$/;

export class RemediationListQueryDto implements RemediationListQuery {
  @ApiPropertyOptional({ example: 'open,in_progress', description: 'Statuses, comma-separated.' })
  @IsOptional()
  @Matches(STATUS_LIST)
  readonly status?: string;

  @ApiPropertyOptional({ description: 'Owner or deputy: a user id or `me`.' })
  @IsOptional()
  @ValidateIf((o: RemediationListQueryDto) => o.owner !== 'me')
  @IsUUID()
  readonly owner?: string;

  @ApiPropertyOptional({ example: 'P1,P2' })
  @IsOptional()
  @Matches(PRIORITY_LIST)
  readonly priority?: string;

  @ApiPropertyOptional({ example: 'IRP-01' })
  @IsOptional()
  @Matches(/^[A-Z]{2,5}-\d{2,3}$/)
  readonly controlId?: string;

  @ApiPropertyOptional({ description: 'Only items past their due date and not closed.' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  readonly overdue?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Items from or carried over to this audit.' })
  @IsOptional()
  @IsUUID()
  readonly auditId?: string;

  @ApiPropertyOptional({ enum: REMEDIATION_SORTS, default: 'dueDate' })
  @IsOptional()
  @IsIn(REMEDIATION_SORTS)
  readonly sort?: RemediationSort;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  readonly limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(400)
  readonly cursor?: string;
}

export class StepPatchDto implements StepPatch {
  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(0)
  @Max(200)
  readonly position: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  readonly done?: boolean;

  @ApiPropertyOptional({
    type: String,
    maxLength: 1000,
    nullable: true,
    description: 'Why the step is not needed. ' + NARRATIVE,
  })
  @IsOptional()
  @ValidateIf((o: StepPatchDto) => o.note !== null)
  @IsString()
  @MaxLength(1000)
  @IsStorableText()
  readonly note?: string | null;
}

export class UpdateRemediationItemDto implements UpdateRemediationItemRequest {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((o: UpdateRemediationItemDto) => o.ownerUserId !== null)
  @IsUUID()
  readonly ownerUserId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @ValidateIf((o: UpdateRemediationItemDto) => o.deputyUserId !== null)
  @IsUUID()
  readonly deputyUserId?: string | null;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'dueDate must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  readonly dueDate?: string;

  @ApiPropertyOptional({ type: [StepPatchDto], maxItems: 100 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => StepPatchDto)
  readonly steps?: StepPatchDto[];
}

export class ClosureEvidenceDto implements ClosureEvidenceRef {
  @ApiProperty({ example: 'Approved action plan v3', maxLength: 200, description: NARRATIVE })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsStorableText()
  readonly title: string;

  @ApiProperty({
    example: 'DMS-2026-0042',
    maxLength: 200,
    description: 'A document id or reference in your own systems; never a file.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsStorableText()
  readonly reference: string;
}

export class RemediationTransitionDto implements RemediationTransitionRequest {
  @ApiProperty({ enum: REMEDIATION_MOVES, description: 'See docs/REMEDIATION.md for the lifecycle table.' })
  @IsIn(REMEDIATION_MOVES)
  readonly move: RemediationMove;

  @ApiPropertyOptional({ maxLength: 2000, description: 'block: why. ' + NARRATIVE })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  readonly reason?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'complete: closing note. ' + NARRATIVE })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  readonly note?: string;

  @ApiPropertyOptional({ type: [ClosureEvidenceDto], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ClosureEvidenceDto)
  readonly evidence?: ClosureEvidenceDto[];

  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'accept_risk: why the risk is accepted. ' + NARRATIVE,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  readonly justification?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'accept_risk: a compliance officer or admin who approved it.',
  })
  @IsOptional()
  @IsUUID()
  readonly approverUserId?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'accept_risk: when the acceptance ends (at most 12 months ahead).',
  })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'expiresOn must be YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  readonly expiresOn?: string;
}

export class RemediationCommentDto {
  @ApiProperty({
    example: 'Legal reviewed the draft; waiting for the board.',
    maxLength: 4000,
    description: NARRATIVE,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  @IsStorableText()
  readonly body: string;
}
