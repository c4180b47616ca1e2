import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  ANSWER_STATUSES,
  AUDIT_STATUSES,
  EVIDENCE_KINDS,
  OWNER_ROLES,
  type AnswerHistoryEntry,
  type AnswerStatus,
  type AnswerValue,
  type AnswerView,
  type AssignmentsView,
  type Attestation,
  type AuditEventView,
  type AuditResultsView,
  type AuditStatus,
  type AuditTrailVerification,
  type AuditVersionDiffView,
  type AuditVersionView,
  type AuditView,
  type BatchAnswersResponse,
  type CommentView,
  type CompletenessView,
  type EvidenceKind,
  type OwnerRole,
  type Page,
  type QuestionOptionView,
  type QuestionView,
  type SectionAssignment,
  type SectionView,
  type SourceView,
} from '@aup/contracts';

/*
 * The OpenAPI schemas of what the audits, answers and audit-trail routes answer. Each class implements the
 * contract type the code returns (libs/contracts), so a field renamed or retyped there fails to compile here.
 */

const text = (description?: string, nullable = false) => ({
  type: String,
  nullable,
  ...(description ? { description } : {}),
});
const ANSWER_VALUE = {
  description: 'An option value, a list of option values, a number, or a date/text string.',
  oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'array', items: { type: 'string' } }],
  nullable: true,
};

export class IncompleteDto {
  @ApiProperty({ example: 7 }) open: number;
  @ApiProperty({ example: 54 }) total: number;
}

export class AttestationDto implements Attestation {
  @ApiProperty(text()) statement: string;
  @ApiProperty(text('The function the submitter attests in.')) role: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({
    type: IncompleteDto,
    description: 'Submitted with questions open ("submit incomplete").',
  })
  incomplete?: IncompleteDto;
}

export class FrameworkRefDto {
  @ApiProperty({ example: 'workplace-csam-readiness' }) id: string;
  @ApiProperty({ example: '1.0.0' }) version: string;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) contentHash: string;
}

export class AuditViewDto implements AuditView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty(text()) title: string;
  @ApiProperty({ enum: AUDIT_STATUSES }) status: AuditStatus;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueDate: string | null;
  @ApiProperty({ type: FrameworkRefDto }) framework: FrameworkRefDto;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) previousAuditId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) submittedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: string | null;
  @ApiProperty({ type: AttestationDto, nullable: true }) attestation: AttestationDto | null;
  @ApiProperty({ description: 'Also the ETag; send it in If-Match.', example: 3 }) version: number;
}

export class AuditPageDto implements Page<AuditView> {
  @ApiProperty({ type: [AuditViewDto] }) items: AuditViewDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class SectionAssignmentViewDto implements SectionAssignment {
  @ApiProperty({ example: 'it' }) section: string;
  @ApiProperty(text()) title: string;
  @ApiProperty({ type: [String], format: 'uuid' }) userIds: string[];
}

export class AssignmentsViewDto implements AssignmentsView {
  @ApiProperty({ format: 'uuid' }) auditId: string;
  @ApiProperty({ type: [SectionAssignmentViewDto] }) sections: SectionAssignmentViewDto[];
}

export class EvidenceRefViewDto {
  @ApiProperty(text()) title: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind: EvidenceKind;
  @ApiProperty(text('An http(s) URL for a link; otherwise a document or record identifier.', true)) location:
    string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ownerUserId: string | null;
  @ApiProperty({ enum: OWNER_ROLES, nullable: true }) ownerRole: OwnerRole | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) date: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) expiresOn: string | null;
}

export class AnswerViewDto implements AnswerView {
  @ApiProperty({ example: 'POL-01-Q1' }) questionId: string;
  @ApiProperty(ANSWER_VALUE) value: AnswerValue | null;
  @ApiProperty({ enum: ANSWER_STATUSES }) status: AnswerStatus;
  @ApiProperty(text(undefined, true)) justification: string | null;
  @ApiProperty(text(undefined, true)) note: string | null;
  @ApiProperty({ type: [EvidenceRefViewDto] }) evidence: EvidenceRefViewDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) answeredBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt: string | null;
  @ApiProperty({ description: 'Also the ETag; send it in If-Match on the next write.' }) version: number;
}

export class BatchAnswersResponseDto implements BatchAnswersResponse {
  @ApiProperty({ type: [AnswerViewDto] }) answers: AnswerViewDto[];
}

export class AnswerHistoryEntryDto implements AnswerHistoryEntry {
  @ApiProperty() version: number;
  @ApiProperty(ANSWER_VALUE) value: AnswerValue | null;
  @ApiProperty({ enum: ANSWER_STATUSES }) status: AnswerStatus;
  @ApiProperty(text(undefined, true)) justification: string | null;
  @ApiProperty(text(undefined, true)) note: string | null;
  @ApiProperty({ type: [EvidenceRefViewDto] }) evidence: EvidenceRefViewDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) changedBy: string | null;
  @ApiProperty({ format: 'date-time' }) changedAt: string;
}

export class CommentViewDto implements CommentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() questionId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) authorUserId: string | null;
  @ApiProperty(text()) body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SourceViewDto implements SourceView {
  @ApiProperty({ example: 'N6' }) id: string;
  @ApiProperty(text()) title: string;
  @ApiPropertyOptional(text()) publisher?: string;
  @ApiPropertyOptional() year?: number;
  @ApiPropertyOptional({ format: 'uri' }) url?: string;
}

export class QuestionOptionViewDto implements QuestionOptionView {
  @ApiProperty() value: string;
  @ApiProperty(text()) label: string;
  @ApiPropertyOptional(text()) help?: string;
  @ApiPropertyOptional({ description: 'A compensating control: needs a justification.' })
  alternative?: boolean;
  @ApiPropertyOptional({ description: "Don't know." }) unknown?: boolean;
  @ApiPropertyOptional({ description: 'Not applicable: needs a justification.' }) na?: boolean;
}

export class QuestionViewDto implements QuestionView {
  @ApiProperty({ example: 'POL-01-Q1' }) id: string;
  @ApiProperty() controlId: string;
  @ApiProperty(text()) controlTitle: string;
  @ApiProperty(text()) text: string;
  @ApiProperty({ enum: ['yes_no_partial', 'choice', 'band', 'multi_choice', 'number', 'date', 'text'] })
  type: string;
  @ApiProperty(text(undefined, true)) help: string | null;
  @ApiProperty({ type: [SourceViewDto] }) helpSources: SourceViewDto[];
  @ApiProperty({ type: [QuestionOptionViewDto] }) options: QuestionOptionViewDto[];
  @ApiPropertyOptional() min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional() unit?: string;
  @ApiPropertyOptional() maxLength?: number;
  @ApiProperty({ type: AnswerViewDto, nullable: true }) answer: AnswerViewDto | null;
  @ApiProperty({ description: 'Number of comments on the question.' }) comments: number;
}

export class SectionRefDto {
  @ApiProperty({ example: 'it' }) id: string;
  @ApiProperty(text()) title: string;
  @ApiPropertyOptional(text()) description?: string;
}

export class SectionViewDto implements SectionView {
  @ApiProperty({ format: 'uuid' }) auditId: string;
  @ApiProperty({ enum: AUDIT_STATUSES }) auditStatus: AuditStatus;
  @ApiProperty({ type: SectionRefDto }) section: SectionRefDto;
  @ApiProperty({ type: [QuestionViewDto] }) questions: QuestionViewDto[];
}

export class AuditResultsViewDto implements AuditResultsView {
  @ApiProperty({ format: 'uuid' }) auditId: string;
  @ApiProperty({ enum: ['draft', 'submitted'] }) kind: 'draft' | 'submitted';
  @ApiProperty({ type: FrameworkRefDto }) framework: FrameworkRefDto;
  @ApiProperty() formulaVersion: string;
  @ApiProperty({ format: 'date-time' }) computedAt: string;
  @ApiProperty({ type: String, nullable: true, pattern: '^[0-9a-f]{64}$' }) snapshotHash: string | null;
  @ApiProperty({ type: AttestationDto, nullable: true }) attestation: AttestationDto | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The AuditResult of libs/domain (results format 2): overall, rating, ratingReason, caps, answeredPct, compliantPct, counts, domains, controls, gaps, obligations, prevalence, benchmarks, remediation, sources. See docs/SCORING.md.',
  })
  result: AuditResultsView['result'];
}

export class CompletenessViewDto implements CompletenessView {
  @ApiProperty({ format: 'uuid' }) auditId: string;
  @ApiProperty({ description: 'Questions shown for the organisation profile.' }) total: number;
  @ApiProperty() answered: number;
  @ApiProperty({ type: [String], description: 'Visible questions without an answer.' }) open: string[];
  @ApiProperty({ type: [String], description: 'Copied answers not confirmed yet.' }) needsReview: string[];
  @ApiProperty({ type: [String], description: 'Answers sent back and not changed yet.' })
  needsChanges: string[];
  @ApiProperty({ description: 'Submittable without acknowledging open questions.' }) complete: boolean;
}

export class AuditVersionViewDto implements AuditVersionView {
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty({ format: 'uuid' }) snapshotId: string;
  @ApiProperty({ format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) submittedBy: string | null;
  @ApiProperty({ pattern: '^[0-9a-f]{64}$' }) snapshotHash: string;
  @ApiProperty({ type: AttestationDto }) attestation: AttestationDto;
  @ApiProperty({ type: Number, nullable: true }) overall: number | null;
  @ApiProperty({ enum: ['green', 'amber', 'red', 'unrated'] }) rating: string;
}

class NumberChangeDto {
  @ApiProperty({ type: Number, nullable: true }) from: number | null;
  @ApiProperty({ type: Number, nullable: true }) to: number | null;
}
class TextChangeDto {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
}
class PctChangeDto {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
}
class DomainChangeDto extends NumberChangeDto {
  @ApiProperty() domainId: string;
  @ApiProperty(text()) title: string;
}
class GapRefDto {
  @ApiProperty() controlId: string;
  @ApiProperty(text()) title: string;
  @ApiProperty({ enum: ['P1', 'P2', 'P3', 'P4'] }) priority: string;
}
class ScoredAnswerDto {
  @ApiProperty(ANSWER_VALUE) value: AnswerValue;
  @ApiPropertyOptional(text()) justification?: string;
}
class AnswerChangeDto {
  @ApiProperty() questionId: string;
  @ApiProperty({ nullable: true, allOf: [{ $ref: getSchemaPath(ScoredAnswerDto) }] })
  from: ScoredAnswerDto | null;
  @ApiProperty({ nullable: true, allOf: [{ $ref: getSchemaPath(ScoredAnswerDto) }] })
  to: ScoredAnswerDto | null;
}

export class AuditVersionDiffViewDto implements AuditVersionDiffView {
  @ApiProperty({ format: 'uuid' }) auditId: string;
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ type: NumberChangeDto }) overall: NumberChangeDto;
  @ApiProperty({ type: TextChangeDto }) rating: TextChangeDto;
  @ApiProperty({ type: PctChangeDto }) answeredPct: PctChangeDto;
  @ApiProperty({ type: [DomainChangeDto] }) domains: DomainChangeDto[];
  @ApiProperty({ type: [GapRefDto] }) gapsOpened: GapRefDto[];
  @ApiProperty({ type: [GapRefDto] }) gapsClosed: GapRefDto[];
  @ApiProperty({ type: [AnswerChangeDto] }) answers: AnswerChangeDto[];
}

/** Schemas only referenced by $ref (register with @ApiExtraModels). */
export const AUDIT_EXTRA_MODELS = [ScoredAnswerDto];

export class AuditEventViewDto implements AuditEventView {
  @ApiProperty() id: string;
  @ApiProperty() seq: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorUserId: string | null;
  @ApiProperty({ example: 'audit' }) entity: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ example: 'submitted' }) action: string;
  @ApiProperty({
    description:
      'The record before the change (ids only, never names or e-mail addresses); null when created.',
    nullable: true,
    type: 'object',
    additionalProperties: true,
  })
  before: unknown;
  @ApiProperty({
    description: 'The record after the change; null when deleted.',
    nullable: true,
    type: 'object',
    additionalProperties: true,
  })
  after: unknown;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class AuditEventPageDto implements Page<AuditEventView> {
  @ApiProperty({ type: [AuditEventViewDto] }) items: AuditEventViewDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

class BrokenLinkDto {
  @ApiProperty({ type: String, nullable: true }) id: string | null;
  @ApiProperty() seq: number;
  @ApiProperty() reason: string;
  @ApiProperty(text()) message: string;
  @ApiPropertyOptional({
    description: 'The sealed result snapshot that failed, when a snapshot or anchor check failed',
  })
  snapshotId?: string;
}

const CHECK = { type: String, enum: ['passed', 'failed', 'not_run'] };

class TrailChecksDto {
  @ApiProperty({ ...CHECK, description: 'Links and hashes of the chain' }) chain:
    'passed' | 'failed' | 'not_run';
  @ApiProperty({ ...CHECK, description: "The chain's head record" }) head: 'passed' | 'failed' | 'not_run';
  @ApiProperty({ ...CHECK, description: 'Sealed results against their hash and the trail' }) snapshots:
    'passed' | 'failed' | 'not_run';
  @ApiProperty({ ...CHECK, description: 'The chain position each result was sealed at' }) anchors:
    'passed' | 'failed' | 'not_run';
}

export class AuditTrailVerificationDto implements AuditTrailVerification {
  @ApiProperty() valid: boolean;
  @ApiProperty() checked: number;
  @ApiProperty() headHash: string;
  @ApiProperty({ type: TrailChecksDto, description: 'Which check failed, if any' }) checks: TrailChecksDto;
  @ApiProperty({ description: 'Sealed result snapshots checked (organisation chains only)' })
  snapshotsChecked: number;
  @ApiProperty({ type: BrokenLinkDto, nullable: true }) firstBroken: BrokenLinkDto | null;
}
