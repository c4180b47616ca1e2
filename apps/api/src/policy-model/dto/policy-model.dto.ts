import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
  ValidateNested,
} from 'class-validator';
import {
  CLAUSE_STATES,
  CONTACT_KINDS,
  DOCUMENT_FORMATS,
  POLICY_DOCUMENTS,
  type ClauseStateValue,
  type ContactKindValue,
  type DocumentFormat,
  type PatchActionPlanRequest,
  type PlanContactView,
  type PolicyDocumentName,
  type RequestPolicyDocumentRequest,
  type PutClauseRequest,
  type PutObligationRequest,
  type PutPlanStepRequest,
} from '@aup/contracts';
import { PageQueryDto } from '../../common/page-query.dto';
import { IsStorableText } from '../../common/content-screening';

const NARRATIVE = 'Screened: no URLs, e-mail addresses, hashes or encoded data.';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = { message: '$property must be YYYY-MM-DD' };
const ROUTE =
  "A public reporting route: an https address of the unit's or hotline's public reporting page, or a switchboard telephone number. Never a person, never anything about a case.";

export class PutClauseDto implements PutClauseRequest {
  @ApiProperty({
    enum: CLAUSE_STATES,
    description:
      'adopted (the template or your own wording), adapted (your wording required), missing, not_applicable (reason required)',
  })
  @IsIn(CLAUSE_STATES)
  readonly state: ClauseStateValue;

  @ApiPropertyOptional({
    nullable: true,
    example: 'works-council',
    description: 'A variant of the template that applies to the organisation',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/)
  readonly variantId?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    maxLength: 5000,
    description: "The organisation's own wording. " + NARRATIVE,
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  @IsStorableText()
  readonly wording?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    maxLength: 200,
    example: 'Acceptable-use policy v3, section 4.2',
    description: 'Where the clause is in your own policy. ' + NARRATIVE,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsStorableText()
  readonly documentRef?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 2000,
    description: 'Why the clause does not apply (required for not_applicable). ' + NARRATIVE,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  readonly reason?: string | null;

  @ApiPropertyOptional({ nullable: true, format: 'uuid', description: 'A member who owns the clause' })
  @IsOptional()
  @IsUUID()
  readonly ownerUserId?: string | null;

  @ApiPropertyOptional({ nullable: true, format: 'date' })
  @IsOptional()
  @Matches(DATE_ONLY, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  readonly lastReviewedOn?: string | null;
}

export class PlanContactDto implements PlanContactView {
  @ApiProperty({ enum: CONTACT_KINDS })
  @IsIn(CONTACT_KINDS)
  readonly kind: ContactKindValue;

  @ApiProperty({
    example: 'Regional police cybercrime unit',
    maxLength: 200,
    description: 'A role or unit, never a person. ' + NARRATIVE,
  })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  @IsStorableText()
  readonly role: string;

  @ApiProperty({ example: '+44 20 7946 0000', maxLength: 300, description: ROUTE })
  @IsString()
  @MinLength(3)
  @MaxLength(300)
  @IsStorableText()
  readonly route: string;
}

export class PutPlanStepDto implements PutPlanStepRequest {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100,
    description: 'Order of the step in the plan (default: its place in the template)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  readonly position?: number;

  @ApiPropertyOptional({ nullable: true, format: 'uuid', description: 'A member who owns the step' })
  @IsOptional()
  @IsUUID()
  readonly ownerUserId?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    format: 'uuid',
    description: 'A different member who stands in for the owner',
  })
  @IsOptional()
  @IsUUID()
  readonly deputyUserId?: string | null;

  @ApiPropertyOptional({ type: [PlanContactDto], maxItems: 10 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PlanContactDto)
  readonly contacts?: PlanContactDto[];

  @ApiPropertyOptional({ nullable: true, format: 'date' })
  @IsOptional()
  @Matches(DATE_ONLY, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  readonly lastExercisedOn?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    maxLength: 2000,
    description: 'Notes about the step, never about a case. ' + NARRATIVE,
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  readonly notes?: string | null;
}

export class PatchActionPlanDto implements PatchActionPlanRequest {
  @ApiProperty({ nullable: true, format: 'date', description: 'When the plan was last reviewed as a whole' })
  @IsOptional()
  @Matches(DATE_ONLY, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  readonly reviewedOn: string | null;
}

export class PutObligationDto implements PutObligationRequest {
  @ApiPropertyOptional({
    nullable: true,
    maxLength: 200,
    example: 'Head of Legal',
    description: 'The role that makes the report. ' + NARRATIVE,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsStorableText()
  readonly reporterRole?: string | null;

  @ApiPropertyOptional({ nullable: true, format: 'uuid', description: 'The member who makes the report' })
  @IsOptional()
  @IsUUID()
  readonly reporterUserId?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 300, description: ROUTE })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @IsStorableText()
  readonly route?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    format: 'date',
    description: 'When counsel last reviewed this obligation for the organisation',
  })
  @IsOptional()
  @Matches(DATE_ONLY, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  readonly lastLegalReviewOn?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 2000, description: NARRATIVE })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsStorableText()
  readonly notes?: string | null;
}

export class RequestPolicyDocumentDto implements RequestPolicyDocumentRequest {
  @ApiProperty({ enum: POLICY_DOCUMENTS, example: 'policy' })
  @IsIn(POLICY_DOCUMENTS)
  readonly document: PolicyDocumentName;

  @ApiProperty({ enum: DOCUMENT_FORMATS, example: 'pdf' })
  @IsIn(DOCUMENT_FORMATS)
  readonly format: DocumentFormat;
}

export class HistoryQueryDto extends PageQueryDto {
  @ApiProperty({ enum: ['policy_clause', 'action_plan', 'action_plan_step', 'obligation_entry'] })
  @IsIn(['policy_clause', 'action_plan', 'action_plan_step', 'obligation_entry'])
  readonly entity: string;

  @ApiPropertyOptional({ description: 'Clause, step or obligation id (omit for action_plan)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  readonly entityId?: string;
}
