import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  CLAUSE_STATES,
  CONTACT_KINDS,
  DOCUMENT_FORMATS,
  POLICY_DOCUMENTS,
  type ActionPlanView,
  type AnswerSuggestionView,
  type ClausesView,
  type ClauseStateValue,
  type ClauseView,
  type ContactKindValue,
  type DocumentFormat,
  type ObligationLineView,
  type ObligationsView,
  type Page,
  type PlanContactView,
  type PlanProblemView,
  type PlanStepView,
  type PolicyDocumentName,
  type PolicyDocumentView,
  type PortfolioRow,
  type SourceRef,
  type SuggestionsView,
  type TrendView,
} from '@aup/contracts';

const nullableText = (extra: Record<string, unknown> = {}) => ({ type: String, nullable: true, ...extra });
const nullableDate = { type: String, format: 'date', nullable: true } as const;
const nullableUuid = { type: String, format: 'uuid', nullable: true } as const;

export class SourceRefDto implements SourceRef {
  @ApiProperty({ example: 'IWF-2023' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty(nullableText()) publisher: string | null;
  @ApiProperty({ type: Number, nullable: true }) year: number | null;
  @ApiProperty(nullableText({ format: 'uri' })) url: string | null;
}

/** `sources`: each cited source once, by id. */
const SOURCES = {
  type: 'object',
  additionalProperties: { $ref: getSchemaPath(SourceRefDto) },
  description: 'Each cited source once, by id.',
} as const;

class FrameworkRefDto {
  @ApiProperty() id: string;
  @ApiProperty() version: string;
}

class RecordMetaDto {
  @ApiProperty({ description: '0 while nothing is recorded; send it back as If-Match once it is 1 or more.' })
  version: number;
  @ApiProperty(nullableUuid) updatedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
}

class ClauseVariantDto {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() text: string;
}

export class ClauseViewDto extends RecordMetaDto implements ClauseView {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Position among the clauses, from 1' }) number: number;
  @ApiProperty() title: string;
  @ApiProperty({ description: "The template's wording with the organisation's name filled in" }) text: string;
  @ApiProperty({ description: 'Whether the clause applies to the organisation profile' }) applies: boolean;
  @ApiProperty({ type: [ClauseVariantDto] }) variants: ClauseVariantDto[];
  @ApiProperty({ type: [String] }) controls: string[];
  @ApiProperty({ type: [String] }) sourceIds: string[];
  @ApiProperty({ enum: CLAUSE_STATES, nullable: true }) state: ClauseStateValue | null;
  @ApiProperty(nullableText()) variantId: string | null;
  @ApiProperty(nullableText()) wording: string | null;
  @ApiProperty(nullableText()) documentRef: string | null;
  @ApiProperty(nullableText()) reason: string | null;
  @ApiProperty(nullableUuid) ownerUserId: string | null;
  @ApiProperty(nullableDate) lastReviewedOn: string | null;
  @ApiProperty(nullableDate) adoptedOn: string | null;
}

class MissingClauseDto {
  @ApiProperty() clauseId: string;
  @ApiProperty() number: number;
  @ApiProperty() title: string;
  @ApiProperty() message: string;
}

class CoverageDto {
  @ApiProperty({ minimum: 0, maximum: 100 }) coveragePct: number;
  @ApiProperty({ description: 'Clauses that apply and are not marked not applicable' }) counted: number;
  @ApiProperty({ description: 'Of those, adopted or adapted' }) covered: number;
  @ApiProperty({ type: [MissingClauseDto] }) missing: MissingClauseDto[];
}

export class ClausesViewDto implements ClausesView {
  @ApiProperty({ type: FrameworkRefDto }) framework: FrameworkRefDto;
  @ApiProperty({ type: CoverageDto }) coverage: CoverageDto;
  @ApiProperty({ type: [ClauseViewDto] }) items: ClauseViewDto[];
  @ApiProperty(SOURCES) sources: Record<string, SourceRef>;
}

class PlanContactViewDto implements PlanContactView {
  @ApiProperty({ enum: CONTACT_KINDS }) kind: ContactKindValue;
  @ApiProperty() role: string;
  @ApiProperty() route: string;
}

export class PlanStepViewDto extends RecordMetaDto implements PlanStepView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() purpose: string;
  @ApiProperty({ type: [String] }) actions: string[];
  @ApiProperty({ type: [String], description: 'What never to do' }) never: string[];
  @ApiProperty({ example: 'security' }) ownerRole: string;
  @ApiProperty({ type: [String] }) sourceIds: string[];
  @ApiProperty() position: number;
  @ApiProperty(nullableUuid) ownerUserId: string | null;
  @ApiProperty(nullableUuid) deputyUserId: string | null;
  @ApiProperty({ type: [PlanContactViewDto] }) contacts: PlanContactViewDto[];
  @ApiProperty(nullableDate) lastExercisedOn: string | null;
  @ApiProperty(nullableText()) notes: string | null;
}

class PlanProblemViewDto implements PlanProblemView {
  @ApiProperty({ example: 'PLAN.OWNER_MISSING' }) code: string;
  @ApiPropertyOptional() stepId?: string;
  @ApiPropertyOptional() obligationId?: string;
  @ApiProperty() message: string;
}

class PlanCompletenessDto {
  @ApiProperty() complete: boolean;
  @ApiProperty({ minimum: 0, maximum: 100 }) completenessPct: number;
  @ApiProperty({ type: [PlanProblemViewDto] }) problems: PlanProblemViewDto[];
}

export class ActionPlanViewDto extends RecordMetaDto implements ActionPlanView {
  @ApiProperty({ type: FrameworkRefDto }) framework: FrameworkRefDto;
  @ApiProperty(nullableDate) reviewedOn: string | null;
  @ApiProperty({ type: PlanCompletenessDto }) completeness: PlanCompletenessDto;
  @ApiProperty({ type: [PlanStepViewDto] }) steps: PlanStepViewDto[];
  @ApiProperty(SOURCES) sources: Record<string, SourceRef>;
}

export class ObligationLineViewDto extends RecordMetaDto implements ObligationLineView {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty() jurisdictionId: string;
  @ApiProperty() jurisdictionName: string;
  @ApiProperty() binds: string;
  @ApiProperty() bindsBecause: string;
  @ApiProperty() trigger: string;
  @ApiProperty() action: string;
  @ApiProperty(nullableText()) recipient: string | null;
  @ApiProperty(nullableText()) deadline: string | null;
  @ApiProperty(nullableText()) preservation: string | null;
  @ApiProperty({ type: [String] }) prohibited: string[];
  @ApiProperty() citation: string;
  @ApiProperty({ example: 'verified', description: 'Status of the legal content' }) lawStatus: string;
  @ApiProperty() counselMustConfirm: boolean;
  @ApiProperty({ format: 'date' }) contentReviewedOn: string;
  @ApiProperty() mandatoryReport: boolean;
  @ApiProperty({ type: [String] }) sourceIds: string[];
  @ApiProperty(nullableText()) reporterRole: string | null;
  @ApiProperty(nullableUuid) reporterUserId: string | null;
  @ApiProperty(nullableText()) route: string | null;
  @ApiProperty(nullableDate) lastLegalReviewOn: string | null;
  @ApiProperty(nullableText()) notes: string | null;
}

class NotCoveredDto {
  @ApiProperty({ example: 'NL' }) country: string;
  @ApiProperty() message: string;
}

class ReportWithoutRouteDto {
  @ApiProperty() obligationId: string;
  @ApiProperty() jurisdictionName: string;
}

export class ObligationsViewDto implements ObligationsView {
  @ApiProperty({ type: FrameworkRefDto }) framework: FrameworkRefDto;
  @ApiProperty({ type: [ObligationLineViewDto] }) items: ObligationLineViewDto[];
  @ApiProperty({ type: [NotCoveredDto] }) notCovered: NotCoveredDto[];
  @ApiProperty({ type: [ReportWithoutRouteDto] }) reportsWithoutRoute: ReportWithoutRouteDto[];
  @ApiProperty(SOURCES) sources: Record<string, SourceRef>;
  @ApiProperty() notLegalAdvice: string;
}

export class PolicyDocumentViewDto implements PolicyDocumentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: POLICY_DOCUMENTS }) document: PolicyDocumentName;
  @ApiProperty({ enum: DOCUMENT_FORMATS }) format: DocumentFormat;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status: PolicyDocumentView['status'];
  @ApiProperty() attempts: number;
  @ApiProperty(nullableText({ description: 'Why the render failed' })) error: string | null;
  @ApiProperty({ example: 'policy-v3-2026-12-04.pdf' }) fileName: string;
  @ApiProperty() contentType: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Bytes' }) size: number | null;
  @ApiProperty(nullableText({ description: 'SHA-256 (hex) of the file; also Repr-Digest on download' }))
  sha256: string | null;
  @ApiProperty(nullableUuid) requestedBy: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: string | null;
  @ApiProperty(nullableText({ description: 'Relative to /api/v1, once done' })) downloadPath: string | null;
}

class SuggestionFromDto {
  @ApiProperty({ enum: ['clause', 'plan_step'] }) kind: 'clause' | 'plan_step';
  @ApiProperty() id: string;
}

class AnswerSuggestionViewDto implements AnswerSuggestionView {
  @ApiProperty() questionId: string;
  @ApiProperty() controlId: string;
  @ApiProperty() section: string;
  @ApiProperty(nullableText({ description: 'The suggested option; null when only the basis is given' }))
  value: string | null;
  @ApiProperty({ example: 'clause 4 "Monitoring notice" adopted on 2026-10-01' }) basis: string;
  @ApiProperty({ type: SuggestionFromDto }) from: SuggestionFromDto;
}

export class SuggestionsViewDto implements SuggestionsView {
  @ApiProperty({ format: 'uuid' }) auditId: string;
  @ApiProperty({ type: [AnswerSuggestionViewDto] }) items: AnswerSuggestionViewDto[];
  @ApiProperty() note: string;
}

export class PortfolioRowDto implements PortfolioRow {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'admin' }) role: string;
  @ApiProperty({ enum: ['green', 'amber', 'red', 'unrated'], nullable: true }) rating: string | null;
  @ApiProperty({ type: Number, nullable: true }) overall: number | null;
  @ApiProperty({ enum: ['up', 'down', 'flat'], nullable: true }) trend: 'up' | 'down' | 'flat' | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAuditAt: string | null;
  @ApiProperty({ description: 'Submitted audits' }) audits: number;
  @ApiProperty({ description: 'Remediation items open, in progress or blocked' }) openItems: number;
  @ApiProperty({ description: 'Of those, past their due date' }) overdueItems: number;
  @ApiProperty({ type: Number, nullable: true }) coveragePct: number | null;
  @ApiProperty({ type: Boolean, nullable: true }) planComplete: boolean | null;
  @ApiProperty({ type: Number, nullable: true }) planCompletenessPct: number | null;
  @ApiProperty({ type: Number, nullable: true }) countriesNotCovered: number | null;
}

export class PortfolioPageDto implements Page<PortfolioRow> {
  @ApiProperty({ type: [PortfolioRowDto] }) items: PortfolioRowDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

class TrendPointDto {
  @ApiProperty({ format: 'uuid' }) auditId: string;
  @ApiProperty({ format: 'uuid' }) snapshotId: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ enum: ['green', 'amber', 'red', 'unrated'] }) rating: string;
  @ApiProperty({ type: Number, nullable: true }) overall: number | null;
}

export class TrendViewDto implements TrendView {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ type: [TrendPointDto] }) points: TrendPointDto[];
  @ApiProperty({ enum: ['up', 'down', 'flat'], nullable: true }) direction: 'up' | 'down' | 'flat' | null;
}
