import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import {
  AUDIT_STATUSES,
  AUDIT_TRANSITIONS,
  type AuditListQuery,
  type CreateAuditRequest,
  type PutAssignmentsRequest,
  type ReopenAuditRequest,
  type SubmitAuditRequest,
  type TransitionRequest,
  type UpdateAuditRequest,
} from '@aup/contracts';
import {
  contract,
  dateOnly,
  NARRATIVE,
  optional,
  pageQueryShape,
  policyId,
  queryInt,
  storableText,
  uuid,
} from '../../common/schema';

export const AuditListQuerySchema = contract<AuditListQuery>()(
  z.strictObject({ ...pageQueryShape, status: optional(z.enum(AUDIT_STATUSES)) }),
);
export class AuditListQueryDto extends createZodDto(AuditListQuerySchema) {}

export const CreateAuditSchema = contract<CreateAuditRequest>()(
  z.strictObject({
    title: storableText(1, 200).meta({ example: 'CSAM readiness 2026', description: NARRATIVE }),
    dueDate: optional(dateOnly().meta({ example: '2026-12-31' })),
    framework: optional(z.string().max(100)).meta({
      example: 'workplace-csam-readiness@1.0.0',
      description: '`id@version` or `id`; omitted: the latest version.',
    }),
    fromAuditId: optional(uuid()).meta({
      description: 'Copy the answers of this earlier audit, marked needs_review.',
    }),
  }),
);
export class CreateAuditDto extends createZodDto(CreateAuditSchema) {}

export const UpdateAuditSchema = contract<UpdateAuditRequest>()(
  z.strictObject({
    title: optional(storableText(1, 200)).meta({ description: NARRATIVE }),
    dueDate: dateOnly().nullish(),
  }),
);
export class UpdateAuditDto extends createZodDto(UpdateAuditSchema) {}

export const TransitionSchema = contract<TransitionRequest>()(
  z.strictObject({
    action: z.enum(AUDIT_TRANSITIONS).meta({
      description:
        'start: draft → in_progress; review: in_progress → in_review; return: in_review → in_progress; close: submitted → closed.',
    }),
  }),
);
export class TransitionDto extends createZodDto(TransitionSchema) {}

export const SubmitAuditSchema = contract<SubmitAuditRequest>()(
  z.strictObject({
    statement: storableText(10, 2000).meta({
      example: 'I confirm that these answers are complete and accurate to the best of my knowledge.',
      description: NARRATIVE,
    }),
    role: storableText(2, 200).meta({
      example: 'Chief Compliance Officer',
      description: 'The function you attest in. ' + NARRATIVE,
    }),
    acknowledgeOpenQuestions: optional(z.number().int().min(1).max(100000)).meta({
      example: 7,
      description:
        '"Submit incomplete": how many visible questions are still open (GET .../completeness). Required, and must match, when any is open; the attestation and every result show it.',
    }),
  }),
);
export class SubmitAuditDto extends createZodDto(SubmitAuditSchema) {}

export const VersionDiffQuerySchema = z.strictObject({
  from: queryInt(1, Number.MAX_SAFE_INTEGER).meta({ example: 1 }),
  to: queryInt(1, Number.MAX_SAFE_INTEGER).meta({ example: 2 }),
});
export class VersionDiffQueryDto extends createZodDto(VersionDiffQuerySchema) {}

export const ReopenAuditSchema = contract<ReopenAuditRequest>()(
  z.strictObject({
    reason: storableText(5, 2000).meta({
      example: 'The board asked for the HR section to be re-examined.',
      description: NARRATIVE,
    }),
  }),
);
export class ReopenAuditDto extends createZodDto(ReopenAuditSchema) {}

export const PutAssignmentsSchema = contract<PutAssignmentsRequest>()(
  z.strictObject({
    sections: z
      .array(
        z.strictObject({
          section: policyId('section'),
          userIds: z.array(uuid()).max(50),
        }),
      )
      .max(20),
  }),
);
export class PutAssignmentsDto extends createZodDto(PutAssignmentsSchema) {}
