import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import {
  ANSWER_STATUSES,
  AUDIT_STATUSES,
  EVIDENCE_KINDS,
  OWNER_ROLES,
  type AnswerHistoryEntry,
  type AnswerView,
  type AssignmentsView,
  type Attestation,
  type AuditEventView,
  type AuditResultsView,
  type AuditTrailVerification,
  type AuditVersionDiffView,
  type AuditVersionView,
  type AuditView,
  type BatchAnswersResponse,
  type CommentView,
  type CompletenessView,
  type QuestionView,
  type SectionView,
} from '@aup/contracts';
import {
  contract,
  dateOnly,
  dateTime,
  documentedEnum,
  opaqueObject,
  pageSchema,
  uuid,
} from '../../common/schema';

/*
 * The schemas of what the audits, answers and audit-trail routes answer. Each is bound to the contract type
 * the code returns (libs/contracts), so a field renamed or retyped there fails to compile here.
 */

const text = () => z.string();
const SHA256 = /^[0-9a-f]{64}$/;
const RATINGS = ['green', 'amber', 'red', 'unrated'] as const;
const ANSWER_VALUE = z
  .union([z.string(), z.number(), z.array(z.string())])
  .meta({ description: 'An option value, a list of option values, a number, or a date/text string.' });

const AttestationSchema = contract<Attestation>()(
  z.object({
    statement: text(),
    role: z.string().meta({ description: 'The function the submitter attests in.' }),
    userId: uuid(),
    at: dateTime(),
    incomplete: z
      .object({ open: z.number().int().meta({ example: 7 }), total: z.number().int().meta({ example: 54 }) })
      .optional()
      .meta({ description: 'Submitted with questions open ("submit incomplete").' }),
  }),
);

const frameworkRef = () =>
  z.object({
    id: z.string().meta({ example: 'workplace-csam-readiness' }),
    version: z.string().meta({ example: '1.0.0' }),
    contentHash: z.string().regex(SHA256),
  });

export const AuditViewSchema = contract<AuditView>()(
  z.object({
    id: uuid(),
    organisationId: uuid(),
    title: text(),
    status: z.enum(AUDIT_STATUSES),
    dueDate: dateOnly().nullable(),
    framework: frameworkRef(),
    previousAuditId: uuid().nullable(),
    createdBy: uuid().nullable(),
    createdAt: dateTime(),
    updatedAt: dateTime(),
    submittedBy: uuid().nullable(),
    submittedAt: dateTime().nullable(),
    closedAt: dateTime().nullable(),
    attestation: AttestationSchema.nullable(),
    version: z.number().int().meta({ description: 'Also the ETag; send it in If-Match.', example: 3 }),
  }),
);
export class AuditViewDto extends createZodDto(AuditViewSchema) {}
export class AuditPageDto extends createZodDto(pageSchema(AuditViewSchema)) {}

export const AssignmentsViewSchema = contract<AssignmentsView>()(
  z.object({
    auditId: uuid(),
    sections: z.array(
      z.object({
        section: z.string().meta({ example: 'it' }),
        title: text(),
        userIds: z.array(uuid()),
      }),
    ),
  }),
);
export class AssignmentsViewDto extends createZodDto(AssignmentsViewSchema) {}

const EvidenceRefViewSchema = z.object({
  title: text(),
  kind: z.enum(EVIDENCE_KINDS),
  location: z
    .string()
    .nullable()
    .meta({ description: 'An http(s) URL for a link; otherwise a document or record identifier.' }),
  ownerUserId: uuid().nullable(),
  ownerRole: z.enum(OWNER_ROLES).nullable(),
  date: dateOnly().nullable(),
  expiresOn: dateOnly().nullable(),
});

const answerShape = {
  value: ANSWER_VALUE.nullable(),
  status: z.enum(ANSWER_STATUSES),
  justification: z.string().nullable(),
  note: z.string().nullable(),
  evidence: z.array(EvidenceRefViewSchema),
};

export const AnswerViewSchema = contract<AnswerView>()(
  z.object({
    questionId: z.string().meta({ example: 'POL-01-Q1' }),
    ...answerShape,
    answeredBy: uuid().nullable(),
    answeredAt: dateTime().nullable(),
    version: z.number().int().meta({ description: 'Also the ETag; send it in If-Match on the next write.' }),
  }),
);
export class AnswerViewDto extends createZodDto(AnswerViewSchema) {}

export const BatchAnswersResponseSchema = contract<BatchAnswersResponse>()(
  z.object({ answers: z.array(AnswerViewSchema) }),
);
export class BatchAnswersResponseDto extends createZodDto(BatchAnswersResponseSchema) {}

export const AnswerHistoryEntrySchema = contract<AnswerHistoryEntry>()(
  z.object({
    version: z.number().int(),
    ...answerShape,
    changedBy: uuid().nullable(),
    changedAt: dateTime(),
  }),
);
export class AnswerHistoryEntryDto extends createZodDto(AnswerHistoryEntrySchema) {}

export const CommentViewSchema = contract<CommentView>()(
  z.object({
    id: uuid(),
    questionId: text(),
    authorUserId: uuid().nullable(),
    body: text(),
    createdAt: dateTime(),
  }),
);
export class CommentViewDto extends createZodDto(CommentViewSchema) {}

const QuestionViewSchema = contract<QuestionView>()(
  z.object({
    id: z.string().meta({ example: 'POL-01-Q1' }),
    controlId: text(),
    controlTitle: text(),
    text: text(),
    type: documentedEnum(['yes_no_partial', 'choice', 'band', 'multi_choice', 'number', 'date', 'text']),
    help: z.string().nullable(),
    helpSources: z.array(
      z.object({
        id: z.string().meta({ example: 'N6' }),
        title: text(),
        publisher: z.string().optional(),
        year: z.number().int().optional(),
        url: z.string().optional().meta({ format: 'uri' }),
      }),
    ),
    options: z.array(
      z.object({
        value: text(),
        label: text(),
        help: z.string().optional(),
        alternative: z
          .boolean()
          .optional()
          .meta({ description: 'A compensating control: needs a justification.' }),
        unknown: z.boolean().optional().meta({ description: "Don't know." }),
        na: z.boolean().optional().meta({ description: 'Not applicable: needs a justification.' }),
      }),
    ),
    min: z.number().optional(),
    max: z.number().optional(),
    unit: z.string().optional(),
    maxLength: z.number().int().optional(),
    answer: AnswerViewSchema.nullable(),
    comments: z.number().int().meta({ description: 'Number of comments on the question.' }),
  }),
);

export const SectionViewSchema = contract<SectionView>()(
  z.object({
    auditId: uuid(),
    auditStatus: z.enum(AUDIT_STATUSES),
    section: z.object({
      id: z.string().meta({ example: 'it' }),
      title: text(),
      description: z.string().optional(),
    }),
    questions: z.array(QuestionViewSchema),
  }),
);
export class SectionViewDto extends createZodDto(SectionViewSchema) {}

export const AuditResultsViewSchema = contract<AuditResultsView>()(
  z.object({
    auditId: uuid(),
    kind: z.enum(['draft', 'submitted']),
    framework: frameworkRef(),
    formulaVersion: text(),
    computedAt: dateTime(),
    snapshotHash: z.string().regex(SHA256).nullable(),
    attestation: AttestationSchema.nullable(),
    result: opaqueObject<AuditResultsView['result']>(
      'The AuditResult of libs/domain (results format 2): overall, rating, ratingReason, caps, answeredPct, compliantPct, counts, domains, controls, gaps, obligations, prevalence, benchmarks, remediation, sources. See docs/SCORING.md.',
    ),
  }),
);
export class AuditResultsViewDto extends createZodDto(AuditResultsViewSchema) {}

export const CompletenessViewSchema = contract<CompletenessView>()(
  z.object({
    auditId: uuid(),
    total: z.number().int().meta({ description: 'Questions shown for the organisation profile.' }),
    answered: z.number().int(),
    open: z.array(z.string()).meta({ description: 'Visible questions without an answer.' }),
    needsReview: z.array(z.string()).meta({ description: 'Copied answers not confirmed yet.' }),
    needsChanges: z.array(z.string()).meta({ description: 'Answers sent back and not changed yet.' }),
    complete: z.boolean().meta({ description: 'Submittable without acknowledging open questions.' }),
  }),
);
export class CompletenessViewDto extends createZodDto(CompletenessViewSchema) {}

export const AuditVersionViewSchema = contract<AuditVersionView>()(
  z.object({
    version: z.number().int().meta({ example: 1 }),
    snapshotId: uuid(),
    submittedAt: dateTime(),
    submittedBy: uuid().nullable(),
    snapshotHash: z.string().regex(SHA256),
    attestation: AttestationSchema,
    overall: z.number().nullable(),
    rating: documentedEnum(RATINGS),
  }),
);
export class AuditVersionViewDto extends createZodDto(AuditVersionViewSchema) {}

const numberChange = () => z.object({ from: z.number().nullable(), to: z.number().nullable() });
const gapRef = () =>
  z.object({ controlId: text(), title: text(), priority: documentedEnum(['P1', 'P2', 'P3', 'P4']) });
const scoredAnswer = () => z.object({ value: ANSWER_VALUE, justification: z.string().optional() }).nullable();

export const AuditVersionDiffViewSchema = contract<AuditVersionDiffView>()(
  z.object({
    auditId: uuid(),
    from: z.number().int(),
    to: z.number().int(),
    overall: numberChange(),
    rating: z.object({ from: text(), to: text() }),
    answeredPct: z.object({ from: z.number(), to: z.number() }),
    domains: z.array(numberChange().extend({ domainId: text(), title: text() })),
    gapsOpened: z.array(gapRef()),
    gapsClosed: z.array(gapRef()),
    answers: z.array(z.object({ questionId: text(), from: scoredAnswer(), to: scoredAnswer() })),
  }),
);
export class AuditVersionDiffViewDto extends createZodDto(AuditVersionDiffViewSchema) {}

const AuditEventViewSchema = contract<AuditEventView>()(
  z.object({
    id: text(),
    seq: z.number().int(),
    actorUserId: uuid().nullable(),
    entity: z.string().meta({ example: 'audit' }),
    entityId: text(),
    action: z.string().meta({ example: 'submitted' }),
    before: z.unknown().meta({
      description:
        'The record before the change (ids only, never names or e-mail addresses); null when created.',
    }),
    after: z.unknown().meta({ description: 'The record after the change; null when deleted.' }),
    at: dateTime(),
    prevHash: text(),
    hash: text(),
  }),
);
export class AuditEventPageDto extends createZodDto(pageSchema(AuditEventViewSchema)) {}

const check = (description: string) => z.enum(['passed', 'failed', 'not_run']).meta({ description });

export const AuditTrailVerificationSchema = contract<AuditTrailVerification>()(
  z.object({
    valid: z.boolean(),
    checked: z.number().int(),
    headHash: text(),
    checks: z
      .object({
        chain: check('Links and hashes of the chain'),
        head: check("The chain's head record"),
        snapshots: check('Sealed results against their hash and the trail'),
        anchors: check('The chain position each result was sealed at'),
      })
      .meta({ description: 'Which check failed, if any' }),
    snapshotsChecked: z
      .number()
      .int()
      .meta({ description: 'Sealed result snapshots checked (organisation chains only)' }),
    firstBroken: z
      .object({
        id: z.string().nullable(),
        seq: z.number().int(),
        reason: text(),
        message: text(),
        snapshotId: z.string().optional().meta({
          description: 'The sealed result snapshot that failed, when a snapshot or anchor check failed',
        }),
      })
      .nullable(),
  }),
);
export class AuditTrailVerificationDto extends createZodDto(AuditTrailVerificationSchema) {}
