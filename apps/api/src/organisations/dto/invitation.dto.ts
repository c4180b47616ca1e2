import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import {
  ROLES,
  type AcceptInvitationRequest,
  type CreateInvitationRequest,
  type InvitationAccepted,
  type InvitationCreated,
  type InvitationPreview,
  type InvitationPreviewRequest,
  type InvitationView,
} from '@aup/contracts';
import {
  contract,
  dateTime,
  email,
  oneTimeToken,
  optional,
  pageSchema,
  password,
  plainName,
  uuid,
} from '../../common/schema';

const invitationToken = (description: string) => oneTimeToken().meta({ description });

/** The token of an invitation link, in a path. */
export const INVITATION_TOKEN = invitationToken('The token from the invitation link');

export const CreateInvitationSchema = contract<CreateInvitationRequest>()(
  z.strictObject({
    email: email().meta({ example: 'it.lead@example.com' }),
    role: z.enum(ROLES).meta({ example: 'respondent' }),
  }),
);
export class CreateInvitationDto extends createZodDto(CreateInvitationSchema) {}

export const AcceptInvitationSchema = contract<AcceptInvitationRequest>()(
  z.strictObject({
    token: optional(
      invitationToken(
        'The token from the invitation link. Required by POST /invitations/accept; ignored by the older form with the token in the path.',
      ),
    ),
    password: optional(password()).meta({
      description:
        'New e-mail: the password of the new account. An existing account must be signed in instead; a password sent for it is not checked.',
      example: 'river tulip granite 42 lantern',
    }),
    displayName: optional(plainName('person', 120)).meta({
      example: 'Sam Lee',
      description:
        'Only used when the invitation creates the account. Letters, digits, spaces and name punctuation',
    }),
  }),
);
export class AcceptInvitationDto extends createZodDto(AcceptInvitationSchema) {}

const INVITATION_STATUSES = ['pending', 'accepted', 'revoked', 'expired'] as const;

const invitationViewShape = {
  id: uuid(),
  email: z.string().meta({ example: 'it.lead@example.com' }),
  role: z.enum(ROLES).meta({ example: 'respondent' }),
  status: z.enum(INVITATION_STATUSES).meta({ example: 'pending' }),
  invitedBy: uuid().nullable(),
  createdAt: dateTime(),
  expiresAt: dateTime(),
  acceptedAt: dateTime().nullable(),
};
const InvitationViewSchema = contract<InvitationView>()(z.object(invitationViewShape));

export const InvitationCreatedSchema = contract<InvitationCreated>()(
  z.object({
    ...invitationViewShape,
    emailed: z.boolean().meta({
      example: true,
      description:
        'true: SMTP is configured and the e-mail is being sent in the background; false: the link was written to the server log for an administrator. The token is never in this answer.',
    }),
  }),
);
export class InvitationCreatedDto extends createZodDto(InvitationCreatedSchema) {}

export class InvitationPageDto extends createZodDto(pageSchema(InvitationViewSchema)) {}

export const InvitationAcceptedSchema = contract<InvitationAccepted>()(
  z.object({
    organisationId: uuid(),
    role: z.enum(ROLES).meta({ example: 'respondent' }),
    userId: uuid(),
    accountCreated: z.boolean().meta({ example: true }),
    csrfToken: z
      .string()
      .optional()
      .meta({ description: 'Set when a session was started (new account): send as X-CSRF-Token' }),
  }),
);
export class InvitationAcceptedDto extends createZodDto(InvitationAcceptedSchema) {}

export const InvitationPreviewRequestSchema = contract<InvitationPreviewRequest>()(
  z.strictObject({ token: invitationToken('The token from the invitation link.') }),
);
export class InvitationPreviewRequestDto extends createZodDto(InvitationPreviewRequestSchema) {}

export const InvitationPreviewSchema = contract<InvitationPreview>()(
  z.object({
    organisationName: z.string().meta({ example: 'Harbour Logistics' }),
    role: z.enum(ROLES).meta({ example: 'respondent' }),
    email: z.string().meta({ format: 'email' }),
    invitedByName: z.string().nullable().meta({ example: 'Dana Officer' }),
    status: z.enum(INVITATION_STATUSES),
    expiresAt: dateTime(),
  }),
);
export class InvitationPreviewDto extends createZodDto(InvitationPreviewSchema) {}
