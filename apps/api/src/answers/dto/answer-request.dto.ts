import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import {
  EVIDENCE_KINDS,
  OWNER_ROLES,
  type BatchAnswersRequest,
  type CreateCommentRequest,
  type EvidenceRef,
  type PutAnswerRequest,
  type SendBackRequest,
} from '@aup/contracts';
import { contract, dateOnly, NARRATIVE, optional, storableText, uuid } from '../../common/schema';

export const QUESTION_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** An answer value: an option, a list of options, a number, a date or text; `null` clears the answer. */
const AnswerValueSchema = z
  .union([storableText(0, 4000), z.number(), z.array(storableText(0, 200)).max(50), z.null()])
  .meta({
    example: 'approved',
    description:
      'An option value, a list of option values (multi_choice), a number, a date (YYYY-MM-DD) or text (screened). `null` clears the answer.',
  });

export const EvidenceRefSchema = contract<EvidenceRef>()(
  z.strictObject({
    title: storableText(1, 200).meta({
      example: 'Acceptable use policy v4 (approved by the board)',
      description: NARRATIVE,
    }),
    kind: z.enum(EVIDENCE_KINDS),
    location: storableText(0, 2000).nullish().meta({
      example: 'https://intranet.example.com/policies/aup',
      description:
        'kind `link`: an http(s) URL. Other kinds: a document or record identifier (screened like narrative).',
    }),
    ownerUserId: uuid()
      .nullish()
      .meta({ description: 'A member of the organisation who owns the evidence.' }),
    ownerRole: z
      .enum(OWNER_ROLES)
      .nullish()
      .meta({ description: 'Or the role that owns it (never a typed name).' }),
    date: dateOnly().nullish(),
    expiresOn: dateOnly().nullish(),
  }),
);

const answerShape = {
  value: AnswerValueSchema,
  justification: storableText(0, 2000)
    .nullish()
    .meta({ description: `Required for "not applicable" and compensating-control answers. ${NARRATIVE}` }),
  note: storableText(0, 2000).nullish().meta({ description: NARRATIVE }),
  evidence: optional(z.array(EvidenceRefSchema).max(20)).meta({
    description: 'References only; the evidence itself is never uploaded.',
  }),
};

export const PutAnswerSchema = contract<PutAnswerRequest>()(z.strictObject(answerShape));
export class PutAnswerDto extends createZodDto(PutAnswerSchema) {}

export const BatchAnswersSchema = contract<BatchAnswersRequest>()(
  z.strictObject({
    answers: z
      .array(
        z.strictObject({
          ...answerShape,
          questionId: z.string().regex(QUESTION_ID).meta({ example: 'POL-01-Q1' }),
          version: optional(z.number().int().min(1).max(1_000_000_000)).meta({
            description: 'The version you read; omit only when the question has no answer yet.',
          }),
        }),
      )
      .min(1)
      .max(100),
  }),
);
export class BatchAnswersDto extends createZodDto(BatchAnswersSchema) {}

export const CreateCommentSchema = contract<CreateCommentRequest>()(
  z.strictObject({
    body: storableText(1, 4000).meta({
      example: 'Please attach the board minutes that approved version 4.',
      description: NARRATIVE,
    }),
  }),
);
export class CreateCommentDto extends createZodDto(CreateCommentSchema) {}

export const SendBackSchema = contract<SendBackRequest>()(
  z.strictObject({
    comment: storableText(1, 4000).meta({
      example: 'Please name the policy owner as a role, not a person.',
      description: NARRATIVE,
    }),
  }),
);
export class SendBackDto extends createZodDto(SendBackSchema) {}

export type BatchAnswerItemDto = BatchAnswersDto['answers'][number];
