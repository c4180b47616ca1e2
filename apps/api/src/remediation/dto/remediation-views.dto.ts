import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  ClosureEvidenceRef,
  CursorPage,
  RemediationCommentView,
  RemediationControlView,
  RemediationHistoryEntry,
  RemediationItemSummary,
  RemediationItemView,
  RemediationStepView,
  RemediationSummaryView,
  RiskAcceptanceView,
} from '@aup/contracts';
import {
  REMEDIATION_MOVES,
  REMEDIATION_STATUSES,
  type RemediationMove,
  type RemediationStatus,
} from '@aup/domain';

/* Response schemas of the remediation routes (OpenAPI only: the service builds the plain objects). */

export class RemediationStepViewDto implements RemediationStepView {
  @ApiProperty({ minimum: 0 }) position: number;
  @ApiProperty() text: string;
  @ApiProperty() done: boolean;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) doneBy: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) doneAt: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Why an unticked step is not needed (required for it when the item is marked done).',
  })
  note: string | null;
}

export class RemediationControlViewDto implements RemediationControlView {
  @ApiProperty({ example: 'GOV-01' }) controlId: string;
  @ApiProperty({ example: 'critical' }) criticality: string;
  @ApiProperty() severity: number;
  @ApiProperty({ example: 'P1' }) priority: string;
  @ApiProperty({ description: "The gap's reason as the audit found it; sources cited as `[id]`." })
  reason: string;
  @ApiProperty({ type: [String] }) sourceIds: string[];
  @ApiProperty({ description: 'Critical, with a law among its sources: never risk-accepted.' })
  criticalLegal: boolean;
  @ApiProperty({ description: 'True once a later audit found the control passing.' }) passing: boolean;
}

export class ClosureEvidenceRefDto implements ClosureEvidenceRef {
  @ApiProperty() title: string;
  @ApiProperty({ description: 'A document id or a reference in your own systems; never a file.' })
  reference: string;
}

export class RiskAcceptanceViewDto implements RiskAcceptanceView {
  @ApiProperty() justification: string;
  @ApiProperty({ format: 'uuid' }) approverUserId: string;
  @ApiProperty({ format: 'date' }) expiresOn: string;
  @ApiProperty({ format: 'uuid' }) acceptedBy: string;
  @ApiProperty({ format: 'date-time' }) acceptedAt: string;
}

export class NotEffectiveDto {
  @ApiProperty({ format: 'uuid' }) auditId: string;
  @ApiProperty({ type: [String] }) controlIds: string[];
}

export class RemediationItemAuditDto {
  @ApiProperty({ format: 'uuid' }) auditId: string;
  @ApiProperty({ format: 'date-time' }) linkedAt: string;
  @ApiPropertyOptional({
    type: String,
    enum: ['verified', 'not_effective', 'still_open'],
    nullable: true,
    description: "What the audit's submit found (null while it is open).",
  })
  outcome: 'verified' | 'not_effective' | 'still_open' | null;
  @ApiProperty({ type: [String] }) failingControls: string[];
}

export class RemediationItemSummaryDto implements RemediationItemSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The audit whose gap made the item (null for a gap in the policy model).',
  })
  originAuditId: string | null;
  @ApiProperty({ enum: ['audit', 'policy_model'], description: 'Where the gap was found.' })
  source: 'audit' | 'policy_model';
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'For a policy-model gap, which one: `clause:<id>`, `plan-step:<id>`, `plan-review` or `route:<obligationId>`.',
  })
  sourceKey: string | null;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'P1' }) priority: string;
  @ApiProperty({ example: 'M' }) effort: string;
  @ApiProperty({ example: 'compliance_officer' }) ownerRole: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) ownerUserId: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) deputyUserId: string | null;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: REMEDIATION_STATUSES }) status: RemediationStatus;
  @ApiProperty({ type: [String] }) controlIds: string[];
  @ApiProperty({ minimum: 0, maximum: 100, description: 'Steps ticked, in per cent.' }) progress: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ description: 'Send it back as If-Match (also the ETag of GET).' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class RemediationItemViewDto extends RemediationItemSummaryDto implements RemediationItemView {
  @ApiProperty({ format: 'date-time' }) statusChangedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) blockedReason: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) closureNote: string | null;
  @ApiProperty({ type: [ClosureEvidenceRefDto] }) closureEvidence: ClosureEvidenceRefDto[];
  @ApiPropertyOptional({ type: RiskAcceptanceViewDto, nullable: true })
  acceptance: RiskAcceptanceViewDto | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) verifiedByAuditId: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) verifiedAt: string | null;
  @ApiPropertyOptional({
    type: NotEffectiveDto,
    nullable: true,
    description: "Set when a later audit found a `done` item's controls still failing.",
  })
  notEffective: NotEffectiveDto | null;
  @ApiProperty({ type: [RemediationControlViewDto] }) controls: RemediationControlViewDto[];
  @ApiProperty({ type: [RemediationStepViewDto] }) steps: RemediationStepViewDto[];
  @ApiProperty({
    type: [RemediationItemAuditDto],
    description: "The audits the item was carried over to, and what each one's submit found.",
  })
  audits: RemediationItemAuditDto[];
  @ApiProperty({
    enum: REMEDIATION_MOVES,
    isArray: true,
    description: 'Moves the caller may make now (POST .../transitions).',
  })
  moves: RemediationMove[];
}

export class RemediationItemPageDto implements CursorPage<RemediationItemSummary> {
  @ApiProperty({ type: [RemediationItemSummaryDto] }) items: RemediationItemSummaryDto[];
  @ApiProperty({ description: 'Items matching the filters, over all pages.' }) total: number;
  @ApiProperty() limit: number;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Pass it back as `cursor` for the next page; null on the last page.',
  })
  nextCursor: string | null;
}

export class RemediationCommentViewDto implements RemediationCommentView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) itemId: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) authorUserId: string | null;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class RemediationHistoryEntryDto implements RemediationHistoryEntry {
  @ApiProperty({ example: 'transition' }) action: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'null: the system.' })
  actorUserId: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) before: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true }) after: unknown;
}

export class BurnDownWeekDto {
  @ApiProperty({ format: 'date' }) week: string;
  @ApiProperty() open: number;
}

export class RemediationSummaryViewDto implements RemediationSummaryView {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { P1: 2, P2: 5, P3: 0, P4: 1 },
  })
  openByPriority: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { open: 3, done: 1 } })
  byStatus: Record<string, number>;
  @ApiProperty() overdue: number;
  @ApiProperty() doneThisQuarter: number;
  @ApiProperty({
    type: [BurnDownWeekDto],
    description: 'Open items at the end of each of the last 12 weeks, oldest first.',
  })
  burnDown: BurnDownWeekDto[];
}
