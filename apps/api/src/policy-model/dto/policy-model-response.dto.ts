import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import {
  CLAUSE_STATES,
  CONTACT_KINDS,
  DOCUMENT_FORMATS,
  POLICY_DOCUMENTS,
  type ActionPlanView,
  type ClausesView,
  type ClauseView,
  type ObligationsView,
  type PlanStepView,
  type PolicyDocumentView,
  type PortfolioRow,
  type SourceRef,
  type SuggestionsView,
  type TrendView,
} from '@aup/contracts';
import { contract, dateOnly, dateTime, documentedEnum, pageSchema, uuid } from '../../common/schema';

const text = () => z.string();
const nullableText = () => z.string().nullable();
const strings = () => z.array(z.string());
const RATINGS = ['green', 'amber', 'red', 'unrated'] as const;
const TREND = z.enum(['up', 'down', 'flat']).nullable();

const SourceRefSchema = contract<SourceRef>()(
  z.object({
    id: z.string().meta({ example: 'IWF-2023' }),
    title: text(),
    publisher: nullableText(),
    year: z.number().int().nullable(),
    url: z.string().nullable().meta({ format: 'uri' }),
  }),
);

/** `sources`: each cited source once, by id. */
const sources = () =>
  z.record(z.string(), SourceRefSchema).meta({ description: 'Each cited source once, by id.' });

const frameworkRef = () => z.object({ id: text(), version: text() });

const recordMetaShape = {
  version: z.number().int().meta({
    description: '0 while nothing is recorded; send it back as If-Match once it is 1 or more.',
  }),
  updatedBy: uuid().nullable(),
  updatedAt: dateTime().nullable(),
};

export const ClauseViewSchema = contract<ClauseView>()(
  z.object({
    ...recordMetaShape,
    id: text(),
    number: z.number().int().meta({ description: 'Position among the clauses, from 1' }),
    title: text(),
    text: z.string().meta({ description: "The template's wording with the organisation's name filled in" }),
    applies: z.boolean().meta({ description: 'Whether the clause applies to the organisation profile' }),
    variants: z.array(z.object({ id: text(), title: text(), text: text() })),
    controls: strings(),
    sourceIds: strings(),
    state: z.enum(CLAUSE_STATES).nullable(),
    variantId: nullableText(),
    wording: nullableText(),
    documentRef: nullableText(),
    reason: nullableText(),
    ownerUserId: uuid().nullable(),
    lastReviewedOn: dateOnly().nullable(),
    adoptedOn: dateOnly().nullable(),
  }),
);
export class ClauseViewDto extends createZodDto(ClauseViewSchema) {}

export const ClausesViewSchema = contract<ClausesView>()(
  z.object({
    framework: frameworkRef(),
    coverage: z.object({
      coveragePct: z.number().min(0).max(100),
      counted: z.number().int().meta({ description: 'Clauses that apply and are not marked not applicable' }),
      covered: z.number().int().meta({ description: 'Of those, adopted or adapted' }),
      missing: z.array(
        z.object({ clauseId: text(), number: z.number().int(), title: text(), message: text() }),
      ),
    }),
    items: z.array(ClauseViewSchema),
    sources: sources(),
  }),
);
export class ClausesViewDto extends createZodDto(ClausesViewSchema) {}

export const PlanStepViewSchema = contract<PlanStepView>()(
  z.object({
    ...recordMetaShape,
    id: text(),
    title: text(),
    purpose: text(),
    actions: strings(),
    never: strings().meta({ description: 'What never to do' }),
    ownerRole: z.string().meta({ example: 'security' }),
    sourceIds: strings(),
    position: z.number().int(),
    ownerUserId: uuid().nullable(),
    deputyUserId: uuid().nullable(),
    contacts: z.array(z.object({ kind: z.enum(CONTACT_KINDS), role: text(), route: text() })),
    lastExercisedOn: dateOnly().nullable(),
    notes: nullableText(),
  }),
);
export class PlanStepViewDto extends createZodDto(PlanStepViewSchema) {}

export const ActionPlanViewSchema = contract<ActionPlanView>()(
  z.object({
    ...recordMetaShape,
    framework: frameworkRef(),
    reviewedOn: dateOnly().nullable(),
    completeness: z.object({
      complete: z.boolean(),
      completenessPct: z.number().min(0).max(100),
      problems: z.array(
        z.object({
          code: z.string().meta({ example: 'PLAN.OWNER_MISSING' }),
          stepId: z.string().optional(),
          obligationId: z.string().optional(),
          message: text(),
        }),
      ),
    }),
    steps: z.array(PlanStepViewSchema),
    sources: sources(),
  }),
);
export class ActionPlanViewDto extends createZodDto(ActionPlanViewSchema) {}

const ObligationLineViewSchema = z.object({
  ...recordMetaShape,
  id: text(),
  title: text(),
  jurisdictionId: text(),
  jurisdictionName: text(),
  binds: text(),
  bindsBecause: text(),
  trigger: text(),
  action: text(),
  recipient: nullableText(),
  deadline: nullableText(),
  preservation: nullableText(),
  prohibited: strings(),
  citation: text(),
  lawStatus: z.string().meta({ example: 'verified', description: 'Status of the legal content' }),
  counselMustConfirm: z.boolean(),
  contentReviewedOn: dateOnly(),
  mandatoryReport: z.boolean(),
  sourceIds: strings(),
  reporterRole: nullableText(),
  reporterUserId: uuid().nullable(),
  route: nullableText(),
  lastLegalReviewOn: dateOnly().nullable(),
  notes: nullableText(),
});
export class ObligationLineViewDto extends createZodDto(ObligationLineViewSchema) {}

export const ObligationsViewSchema = contract<ObligationsView>()(
  z.object({
    framework: frameworkRef(),
    items: z.array(ObligationLineViewSchema),
    notCovered: z.array(z.object({ country: z.string().meta({ example: 'NL' }), message: text() })),
    reportsWithoutRoute: z.array(z.object({ obligationId: text(), jurisdictionName: text() })),
    sources: sources(),
    notLegalAdvice: text(),
  }),
);
export class ObligationsViewDto extends createZodDto(ObligationsViewSchema) {}

export const PolicyDocumentViewSchema = contract<PolicyDocumentView>()(
  z.object({
    id: uuid(),
    document: z.enum(POLICY_DOCUMENTS),
    format: z.enum(DOCUMENT_FORMATS),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    attempts: z.number().int(),
    error: z.string().nullable().meta({ description: 'Why the render failed' }),
    fileName: z.string().meta({ example: 'policy-v3-2026-12-04.pdf' }),
    contentType: text(),
    size: z.number().int().nullable().meta({ description: 'Bytes' }),
    sha256: z
      .string()
      .nullable()
      .meta({ description: 'SHA-256 (hex) of the file; also Repr-Digest on download' }),
    requestedBy: uuid().nullable(),
    requestedAt: dateTime(),
    finishedAt: dateTime().nullable(),
    downloadPath: z.string().nullable().meta({ description: 'Relative to /api/v1, once done' }),
  }),
);
export class PolicyDocumentViewDto extends createZodDto(PolicyDocumentViewSchema) {}

export const SuggestionsViewSchema = contract<SuggestionsView>()(
  z.object({
    auditId: uuid(),
    items: z.array(
      z.object({
        questionId: text(),
        controlId: text(),
        section: text(),
        value: z
          .string()
          .nullable()
          .meta({ description: 'The suggested option; null when only the basis is given' }),
        basis: z.string().meta({ example: 'clause 4 "Monitoring notice" adopted on 2026-10-01' }),
        from: z.object({ kind: z.enum(['clause', 'plan_step']), id: text() }),
      }),
    ),
    note: text(),
  }),
);
export class SuggestionsViewDto extends createZodDto(SuggestionsViewSchema) {}

const PortfolioRowSchema = contract<PortfolioRow>()(
  z.object({
    organisationId: uuid(),
    name: text(),
    role: z.string().meta({ example: 'admin' }),
    rating: documentedEnum(RATINGS).nullable(),
    overall: z.number().nullable(),
    trend: TREND,
    lastAuditAt: dateTime().nullable(),
    audits: z.number().int().meta({ description: 'Submitted audits' }),
    openItems: z.number().int().meta({ description: 'Remediation items open, in progress or blocked' }),
    overdueItems: z.number().int().meta({ description: 'Of those, past their due date' }),
    coveragePct: z.number().nullable(),
    planComplete: z.boolean().nullable(),
    planCompletenessPct: z.number().nullable(),
    countriesNotCovered: z.number().int().nullable(),
  }),
);
export class PortfolioPageDto extends createZodDto(pageSchema(PortfolioRowSchema)) {}

export const TrendViewSchema = contract<TrendView>()(
  z.object({
    organisationId: uuid(),
    points: z.array(
      z.object({
        auditId: uuid(),
        snapshotId: uuid(),
        at: dateTime(),
        rating: documentedEnum(RATINGS),
        overall: z.number().nullable(),
      }),
    ),
    direction: TREND,
  }),
);
export class TrendViewDto extends createZodDto(TrendViewSchema) {}
