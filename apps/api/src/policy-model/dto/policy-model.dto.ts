import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import {
  CLAUSE_STATES,
  CONTACT_KINDS,
  DOCUMENT_FORMATS,
  POLICY_DOCUMENTS,
  type PatchActionPlanRequest,
  type PlanContactView,
  type RequestPolicyDocumentRequest,
  type PutClauseRequest,
  type PutObligationRequest,
  type PutPlanStepRequest,
} from '@aup/contracts';
import {
  contract,
  dateOnly,
  NARRATIVE,
  optional,
  pageQueryShape,
  policyId,
  storableText,
  uuid,
} from '../../common/schema';

const ROUTE =
  "A public reporting route: an https address of the unit's or hotline's public reporting page, or a switchboard telephone number. Never a person, never anything about a case.";

export const PutClauseSchema = contract<PutClauseRequest>()(
  z.strictObject({
    state: z.enum(CLAUSE_STATES).meta({
      description:
        'adopted (the template or your own wording), adapted (your wording required), missing, not_applicable (reason required)',
    }),
    variantId: policyId('clause').nullish().meta({
      example: 'works-council',
      description: 'A variant of the template that applies to the organisation',
    }),
    wording: storableText(0, 5000)
      .nullish()
      .meta({ description: "The organisation's own wording. " + NARRATIVE }),
    documentRef: storableText(0, 200)
      .nullish()
      .meta({
        example: 'Acceptable-use policy v3, section 4.2',
        description: 'Where the clause is in your own policy. ' + NARRATIVE,
      }),
    reason: storableText(0, 2000)
      .nullish()
      .meta({ description: 'Why the clause does not apply (required for not_applicable). ' + NARRATIVE }),
    ownerUserId: uuid().nullish().meta({ description: 'A member who owns the clause' }),
    lastReviewedOn: dateOnly().nullish(),
  }),
);
export class PutClauseDto extends createZodDto(PutClauseSchema) {}

const PlanContactSchema = contract<PlanContactView>()(
  z.strictObject({
    kind: z.enum(CONTACT_KINDS),
    role: storableText(2, 200).meta({
      example: 'Regional police cybercrime unit',
      description: 'A role or unit, never a person. ' + NARRATIVE,
    }),
    route: storableText(3, 300).meta({ example: '+44 20 7946 0000', description: ROUTE }),
  }),
);

export const PutPlanStepSchema = contract<PutPlanStepRequest>()(
  z.strictObject({
    position: optional(z.number().int().min(1).max(100)).meta({
      description: 'Order of the step in the plan (default: its place in the template)',
    }),
    ownerUserId: uuid().nullish().meta({ description: 'A member who owns the step' }),
    deputyUserId: uuid().nullish().meta({ description: 'A different member who stands in for the owner' }),
    contacts: optional(z.array(PlanContactSchema).max(10)),
    lastExercisedOn: dateOnly().nullish(),
    notes: storableText(0, 2000)
      .nullish()
      .meta({ description: 'Notes about the step, never about a case. ' + NARRATIVE }),
  }),
);
export class PutPlanStepDto extends createZodDto(PutPlanStepSchema) {}

export const PatchActionPlanSchema = contract<PatchActionPlanRequest>()(
  z.strictObject({
    reviewedOn: dateOnly()
      .nullish()
      .transform((v) => v ?? null)
      .meta({ description: 'When the plan was last reviewed as a whole' }),
  }),
);
export class PatchActionPlanDto extends createZodDto(PatchActionPlanSchema) {}

export const PutObligationSchema = contract<PutObligationRequest>()(
  z.strictObject({
    reporterRole: storableText(0, 200)
      .nullish()
      .meta({ example: 'Head of Legal', description: 'The role that makes the report. ' + NARRATIVE }),
    reporterUserId: uuid().nullish().meta({ description: 'The member who makes the report' }),
    route: storableText(0, 300).nullish().meta({ description: ROUTE }),
    lastLegalReviewOn: dateOnly()
      .nullish()
      .meta({ description: 'When counsel last reviewed this obligation for the organisation' }),
    notes: storableText(0, 2000).nullish().meta({ description: NARRATIVE }),
  }),
);
export class PutObligationDto extends createZodDto(PutObligationSchema) {}

export const RequestPolicyDocumentSchema = contract<RequestPolicyDocumentRequest>()(
  z.strictObject({
    document: z.enum(POLICY_DOCUMENTS).meta({ example: 'policy' }),
    format: z.enum(DOCUMENT_FORMATS).meta({ example: 'pdf' }),
  }),
);
export class RequestPolicyDocumentDto extends createZodDto(RequestPolicyDocumentSchema) {}

export const HistoryQuerySchema = z.strictObject({
  ...pageQueryShape,
  entity: z.enum(['policy_clause', 'action_plan', 'action_plan_step', 'obligation_entry']),
  entityId: optional(z.string().max(100)).meta({
    description: 'Clause, step or obligation id (omit for action_plan)',
  }),
});
export class HistoryQueryDto extends createZodDto(HistoryQuerySchema) {}
