import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import type {
  RemediationCommentView,
  RemediationHistoryEntry,
  RemediationItemSummary,
  RemediationItemView,
  RemediationSummaryView,
} from '@aup/contracts';
import { REMEDIATION_MOVES, REMEDIATION_STATUSES } from '@aup/domain';
import { contract, dateOnly, dateTime, uuid } from '../../common/schema';

/* Response schemas of the remediation routes. */

const RemediationStepViewSchema = z.object({
  position: z.number().int().min(0),
  text: z.string(),
  done: z.boolean(),
  doneBy: uuid().nullable(),
  doneAt: dateTime().nullable(),
  note: z.string().nullable().meta({
    description: 'Why an unticked step is not needed (required for it when the item is marked done).',
  }),
});

const RemediationControlViewSchema = z.object({
  controlId: z.string().meta({ example: 'GOV-01' }),
  criticality: z.string().meta({ example: 'critical' }),
  severity: z.number(),
  priority: z.string().meta({ example: 'P1' }),
  reason: z
    .string()
    .meta({ description: "The gap's reason as the audit found it; sources cited as `[id]`." }),
  sourceIds: z.array(z.string()),
  criticalLegal: z
    .boolean()
    .meta({ description: 'Critical, with a law among its sources: never risk-accepted.' }),
  passing: z.boolean().meta({ description: 'True once a later audit found the control passing.' }),
});

const summaryShape = {
  id: uuid(),
  organisationId: uuid(),
  originAuditId: uuid()
    .nullable()
    .meta({ description: 'The audit whose gap made the item (null for a gap in the policy model).' }),
  source: z.enum(['audit', 'policy_model']).meta({ description: 'Where the gap was found.' }),
  sourceKey: z.string().nullable().meta({
    description:
      'For a policy-model gap, which one: `clause:<id>`, `plan-step:<id>`, `plan-review` or `route:<obligationId>`.',
  }),
  title: z.string(),
  priority: z.string().meta({ example: 'P1' }),
  effort: z.string().meta({ example: 'M' }),
  ownerRole: z.string().meta({ example: 'compliance_officer' }),
  ownerUserId: uuid().nullable(),
  deputyUserId: uuid().nullable(),
  dueDate: dateOnly(),
  status: z.enum(REMEDIATION_STATUSES),
  controlIds: z.array(z.string()),
  progress: z.number().min(0).max(100).meta({ description: 'Steps ticked, in per cent.' }),
  overdue: z.boolean(),
  version: z.number().int().meta({ description: 'Send it back as If-Match (also the ETag of GET).' }),
  createdAt: dateTime(),
  updatedAt: dateTime(),
};
const RemediationItemSummarySchema = contract<RemediationItemSummary>()(z.object(summaryShape));

export const RemediationItemViewSchema = contract<RemediationItemView>()(
  z.object({
    ...summaryShape,
    statusChangedAt: dateTime(),
    blockedReason: z.string().nullable(),
    closureNote: z.string().nullable(),
    closureEvidence: z.array(
      z.object({
        title: z.string(),
        reference: z
          .string()
          .meta({ description: 'A document id or a reference in your own systems; never a file.' }),
      }),
    ),
    acceptance: z
      .object({
        justification: z.string(),
        approverUserId: uuid(),
        expiresOn: dateOnly(),
        acceptedBy: uuid(),
        acceptedAt: dateTime(),
      })
      .nullable(),
    verifiedByAuditId: uuid().nullable(),
    verifiedAt: dateTime().nullable(),
    notEffective: z
      .object({ auditId: uuid(), controlIds: z.array(z.string()) })
      .nullable()
      .meta({ description: "Set when a later audit found a `done` item's controls still failing." }),
    controls: z.array(RemediationControlViewSchema),
    steps: z.array(RemediationStepViewSchema),
    audits: z
      .array(
        z.object({
          auditId: uuid(),
          linkedAt: dateTime(),
          outcome: z
            .enum(['verified', 'not_effective', 'still_open'])
            .nullable()
            .meta({ description: "What the audit's submit found (null while it is open)." }),
          failingControls: z.array(z.string()),
        }),
      )
      .meta({ description: "The audits the item was carried over to, and what each one's submit found." }),
    moves: z
      .array(z.enum(REMEDIATION_MOVES))
      .meta({ description: 'Moves the caller may make now (POST .../transitions).' }),
  }),
);
export class RemediationItemViewDto extends createZodDto(RemediationItemViewSchema) {}

export class RemediationItemPageDto extends createZodDto(
  z.object({
    items: z.array(RemediationItemSummarySchema),
    total: z.number().int().meta({ description: 'Items matching the filters, over all pages.' }),
    limit: z.number().int(),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass it back as `cursor` for the next page; null on the last page.' }),
  }),
) {}

export const RemediationCommentViewSchema = contract<RemediationCommentView>()(
  z.object({
    id: uuid(),
    itemId: uuid(),
    authorUserId: uuid().nullable(),
    body: z.string(),
    createdAt: dateTime(),
  }),
);
export class RemediationCommentViewDto extends createZodDto(RemediationCommentViewSchema) {}

export const RemediationHistoryEntrySchema = contract<RemediationHistoryEntry>()(
  z.object({
    action: z.string().meta({ example: 'transition' }),
    actorUserId: uuid().nullable().meta({ description: 'null: the system.' }),
    at: dateTime(),
    before: z.unknown(),
    after: z.unknown(),
  }),
);
export class RemediationHistoryEntryDto extends createZodDto(RemediationHistoryEntrySchema) {}

export const RemediationSummaryViewSchema = contract<RemediationSummaryView>()(
  z.object({
    openByPriority: z.record(z.string(), z.number().int()).meta({ example: { P1: 2, P2: 5, P3: 0, P4: 1 } }),
    byStatus: z.record(z.string(), z.number().int()).meta({ example: { open: 3, done: 1 } }),
    overdue: z.number().int(),
    doneThisQuarter: z.number().int(),
    burnDown: z
      .array(z.object({ week: dateOnly(), open: z.number().int() }))
      .meta({ description: 'Open items at the end of each of the last 12 weeks, oldest first.' }),
  }),
);
export class RemediationSummaryViewDto extends createZodDto(RemediationSummaryViewSchema) {}
