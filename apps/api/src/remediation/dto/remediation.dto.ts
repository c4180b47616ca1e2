import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import {
  REMEDIATION_SORTS,
  type ClosureEvidenceRef,
  type RemediationListQuery,
  type RemediationTransitionRequest,
  type StepPatch,
  type UpdateRemediationItemRequest,
} from '@aup/contracts';
import { REMEDIATION_MOVES } from '@aup/domain';
import {
  contract,
  dateOnly,
  NARRATIVE,
  optional,
  queryBoolean,
  queryInt,
  storableText,
  uuid,
} from '../../common/schema';

const STATUS_LIST =
  /^(open|in_progress|blocked|done|verified|risk_accepted)(,(open|in_progress|blocked|done|verified|risk_accepted))*$/;
const PRIORITY_LIST = /^P[1-4](,P[1-4])*$/;

export const RemediationListQuerySchema = contract<RemediationListQuery>()(
  z.strictObject({
    status: optional(z.string().regex(STATUS_LIST)).meta({
      example: 'open,in_progress',
      description: 'Statuses, comma-separated.',
    }),
    owner: optional(z.union([z.literal('me'), uuid()])).meta({
      description: 'Owner or deputy: a user id or `me`.',
    }),
    priority: optional(z.string().regex(PRIORITY_LIST)).meta({ example: 'P1,P2' }),
    controlId: optional(z.string().regex(/^[A-Z]{2,5}-\d{2,3}$/)).meta({ example: 'IRP-01' }),
    overdue: optional(queryBoolean()).meta({ description: 'Only items past their due date and not closed.' }),
    auditId: optional(uuid()).meta({ description: 'Items from or carried over to this audit.' }),
    sort: optional(z.enum(REMEDIATION_SORTS)).meta({ default: 'dueDate' }),
    limit: optional(queryInt(1, 200)).meta({ default: 50 }),
    cursor: optional(z.string().max(400)).meta({ description: 'nextCursor of the previous page.' }),
  }),
);
export class RemediationListQueryDto extends createZodDto(RemediationListQuerySchema) {}

const StepPatchSchema = contract<StepPatch>()(
  z.strictObject({
    position: z.number().int().min(0).max(200).meta({ example: 0 }),
    done: optional(z.boolean()),
    note: storableText(0, 1000)
      .nullish()
      .meta({ description: 'Why the step is not needed. ' + NARRATIVE }),
  }),
);

export const UpdateRemediationItemSchema = contract<UpdateRemediationItemRequest>()(
  z.strictObject({
    ownerUserId: uuid().nullish(),
    deputyUserId: uuid().nullish(),
    dueDate: optional(dateOnly()),
    steps: optional(z.array(StepPatchSchema).max(100)),
  }),
);
export class UpdateRemediationItemDto extends createZodDto(UpdateRemediationItemSchema) {}

const ClosureEvidenceSchema = contract<ClosureEvidenceRef>()(
  z.strictObject({
    title: storableText(1, 200).meta({ example: 'Approved action plan v3', description: NARRATIVE }),
    reference: storableText(1, 200).meta({
      example: 'DMS-2026-0042',
      description: 'A document id or reference in your own systems; never a file.',
    }),
  }),
);

export const RemediationTransitionSchema = contract<RemediationTransitionRequest>()(
  z.strictObject({
    move: z.enum(REMEDIATION_MOVES).meta({ description: 'See docs/REMEDIATION.md for the lifecycle table.' }),
    reason: optional(storableText(0, 2000)).meta({ description: 'block: why. ' + NARRATIVE }),
    note: optional(storableText(0, 2000)).meta({ description: 'complete: closing note. ' + NARRATIVE }),
    evidence: optional(z.array(ClosureEvidenceSchema).max(20)),
    justification: optional(storableText(0, 2000)).meta({
      description: 'accept_risk: why the risk is accepted. ' + NARRATIVE,
    }),
    approverUserId: optional(uuid()).meta({
      description: 'accept_risk: a compliance officer or admin who approved it.',
    }),
    expiresOn: optional(dateOnly()).meta({
      description: 'accept_risk: when the acceptance ends (at most 12 months ahead).',
    }),
  }),
);
export class RemediationTransitionDto extends createZodDto(RemediationTransitionSchema) {}

export const RemediationCommentSchema = z.strictObject({
  body: storableText(1, 4000).meta({
    example: 'Legal reviewed the draft; waiting for the board.',
    description: NARRATIVE,
  }),
});
export class RemediationCommentDto extends createZodDto(RemediationCommentSchema) {}
