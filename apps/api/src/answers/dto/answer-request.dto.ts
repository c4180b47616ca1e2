import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
  registerDecorator,
  ValidateNested,
} from 'class-validator';
import {
  EVIDENCE_KINDS,
  OWNER_ROLES,
  type AnswerValue,
  type BatchAnswerItem,
  type BatchAnswersRequest,
  type CreateCommentRequest,
  type SendBackRequest,
  type EvidenceKind,
  type EvidenceRef,
  type OwnerRole,
  type PutAnswerRequest,
} from '@aup/contracts';
import { isStorableText } from '@aup/domain';
import { IsStorableText } from '../../common/content-screening';

const NARRATIVE = 'Screened: no URLs, e-mail addresses, hashes or encoded data.';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
export const QUESTION_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

const storableString = (v: unknown, max: number) =>
  typeof v === 'string' && v.length <= max && isStorableText(v);

/** An answer value: an option, a list of options, a number, a date or text; `null` clears the answer. */
function IsAnswerValue(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAnswerValue',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message:
          '$property must be null, a string (up to 4,000 characters), a finite number or a list of up to 50 option values',
      },
      validator: {
        validate: (v: unknown) =>
          v === null ||
          storableString(v, 4000) ||
          (typeof v === 'number' && Number.isFinite(v)) ||
          (Array.isArray(v) && v.length <= 50 && v.every((x) => storableString(x, 200))),
      },
    });
}

export class EvidenceRefDto implements EvidenceRef {
  @ApiProperty({
    example: 'Acceptable use policy v4 (approved by the board)',
    maxLength: 200,
    description: NARRATIVE,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsStorableText()
  readonly title: string;

  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  readonly kind: EvidenceKind;

  @ApiPropertyOptional({
    nullable: true,
    maxLength: 2000,
    example: 'https://intranet.example.com/policies/aup',
    description:
      'kind `link`: an http(s) URL. Other kinds: a document or record identifier (screened like narrative).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  readonly location?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    format: 'uuid',
    description: 'A member of the organisation who owns the evidence.',
  })
  @IsOptional()
  @IsUUID()
  readonly ownerUserId?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    enum: OWNER_ROLES,
    description: 'Or the role that owns it (never a typed name).',
  })
  @IsOptional()
  @IsIn(OWNER_ROLES)
  readonly ownerRole?: OwnerRole | null;

  @ApiPropertyOptional({ nullable: true, format: 'date' })
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  readonly date?: string | null;

  @ApiPropertyOptional({ nullable: true, format: 'date' })
  @IsOptional()
  @Matches(DATE_ONLY)
  @IsISO8601({ strict: true })
  readonly expiresOn?: string | null;
}

export class PutAnswerDto implements PutAnswerRequest {
  @ApiProperty({
    nullable: true,
    oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'array', items: { type: 'string' } }],
    example: 'approved',
    description:
      'An option value, a list of option values (multi_choice), a number, a date (YYYY-MM-DD) or text (screened). `null` clears the answer.',
  })
  @IsAnswerValue()
  readonly value: AnswerValue | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2000,
    description: `Required for "not applicable" and compensating-control answers. ${NARRATIVE}`,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  readonly justification?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, description: NARRATIVE })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  readonly note?: string | null;

  @ApiPropertyOptional({
    type: [EvidenceRefDto],
    maxItems: 20,
    description: 'References only; the evidence itself is never uploaded.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => EvidenceRefDto)
  readonly evidence?: EvidenceRefDto[];
}

export class BatchAnswerItemDto extends PutAnswerDto implements BatchAnswerItem {
  @ApiProperty({ example: 'POL-01-Q1' })
  @IsString()
  @Matches(QUESTION_ID)
  readonly questionId: string;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'The version you read; omit only when the question has no answer yet.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  readonly version?: number;
}

export class BatchAnswersDto implements BatchAnswersRequest {
  @ApiProperty({ type: [BatchAnswerItemDto], minItems: 1, maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BatchAnswerItemDto)
  readonly answers: BatchAnswerItemDto[];
}

export class CreateCommentDto implements CreateCommentRequest {
  @ApiProperty({
    example: 'Please attach the board minutes that approved version 4.',
    maxLength: 4000,
    description: NARRATIVE,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  @IsStorableText()
  readonly body: string;
}

export class SendBackDto implements SendBackRequest {
  @ApiProperty({
    example: 'Please name the policy owner as a role, not a person.',
    maxLength: 4000,
    description: NARRATIVE,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  @IsStorableText()
  readonly comment: string;
}
