import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import {
  ROLES,
  type ApiTokenCreated,
  type ApiTokenView,
  type CredentialsRevoked,
  type MeResponse,
  type MfaChallenge,
  type MfaConfirmResponse,
  type MfaEnrollResponse,
  type SessionStarted,
  type SignupResponse,
  type UserView,
} from '@aup/contracts';
import { contract, dateTime, pageSchema, uuid } from '../../common/schema';

const UserViewSchema = contract<UserView>()(
  z.object({
    id: uuid().meta({ example: '0b1e2f4c-8f6a-4b51-9a51-3a0c8f3f6d10' }),
    email: z.string().meta({ example: 'ciso@example.com' }),
    displayName: z.string().nullable().meta({ example: 'Alex Morgan' }),
    mfaEnabled: z.boolean().meta({ example: false }),
    createdAt: dateTime(),
  }),
);

const sessionStartedShape = {
  mfaRequired: z.literal(false),
  user: UserViewSchema,
  csrfToken: z.string().meta({
    description: 'Same as the aup_csrf cookie: send it as X-CSRF-Token on writes',
    example: 'hV9fQ3l0d0s2aU5pYk1wT2JqZk1mQ2x3b0Z3bVJ4a0E',
  }),
  expiresAt: dateTime(),
  recoveryCodesLeft: z.number().int().optional().meta({
    description:
      'Only when the sign-in used a recovery code: how many unused recovery codes are left (turn MFA off and on again for ten new ones)',
    example: 9,
  }),
};

export const SessionStartedSchema = contract<SessionStarted>()(z.object(sessionStartedShape));
export class SessionStartedDto extends createZodDto(SessionStartedSchema) {}

export const MfaChallengeSchema = contract<MfaChallenge>()(
  z.object({
    mfaRequired: z.literal(true),
    challengeToken: z
      .string()
      .meta({ description: 'Send with the code to POST /auth/login/mfa within 5 minutes' }),
    expiresAt: dateTime(),
  }),
);
export class MfaChallengeDto extends createZodDto(MfaChallengeSchema) {}

/** What a sign-in answers: a session, or a second-factor challenge. */
export const LoginResponseSchema = z.union([SessionStartedSchema, MfaChallengeSchema]);
/** A union is no class to extend: the DTO is named for the OpenAPI document by hand. */
export const LoginResponseDto = Object.defineProperty(createZodDto(LoginResponseSchema), 'name', {
  value: 'LoginResponseDto',
});

export const SignupResponseSchema = contract<SignupResponse>()(
  z.object({
    ...sessionStartedShape,
    organisation: z.object({
      id: uuid(),
      name: z.string().meta({ example: 'Example Manufacturing Ltd' }),
    }),
  }),
);
export class SignupResponseDto extends createZodDto(SignupResponseSchema) {}

export const MeResponseSchema = contract<MeResponse>()(
  z.object({
    user: UserViewSchema,
    memberships: z.array(
      z.object({
        organisationId: uuid(),
        organisationName: z.string().meta({ example: 'Example Manufacturing Ltd' }),
        role: z.enum(ROLES).meta({ example: 'admin' }),
      }),
    ),
    authenticatedBy: z.enum(['session', 'token']),
  }),
);
export class MeResponseDto extends createZodDto(MeResponseSchema) {}

export const MfaEnrollResponseSchema = contract<MfaEnrollResponse>()(
  z.object({
    secret: z.string().meta({ example: 'JBSWY3DPEHPK3PXP' }),
    otpauthUri: z.string().meta({
      example:
        'otpauth://totp/aup-audit:ciso%40example.com?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&algorithm=SHA1&issuer=aup-audit',
    }),
  }),
);
export class MfaEnrollResponseDto extends createZodDto(MfaEnrollResponseSchema) {}

const apiTokenViewShape = {
  id: uuid(),
  name: z.string().meta({ example: 'reporting script' }),
  createdAt: dateTime(),
  expiresAt: dateTime(),
  lastUsedAt: dateTime().nullable(),
  revokedAt: dateTime().nullable(),
};
const ApiTokenViewSchema = contract<ApiTokenView>()(z.object(apiTokenViewShape));

export const ApiTokenCreatedSchema = contract<ApiTokenCreated>()(
  z.object({
    ...apiTokenViewShape,
    token: z.string().meta({
      description: 'Shown once. Send as `Authorization: Bearer <token>`.',
      example: 'aup_Zm9yLWV4YW1wbGUtb25seS1ub3QtYS1yZWFsLXRva2Vu',
    }),
  }),
);
export class ApiTokenCreatedDto extends createZodDto(ApiTokenCreatedSchema) {}

export class ApiTokenPageDto extends createZodDto(pageSchema(ApiTokenViewSchema)) {}

export const CredentialsRevokedSchema = contract<CredentialsRevoked>()(
  z.object({
    sessionsEnded: z
      .number()
      .int()
      .meta({ description: 'Browser sessions of the account that were ended', example: 2 }),
    tokensRevoked: z
      .number()
      .int()
      .meta({ description: 'API tokens of the account that were revoked', example: 1 }),
  }),
);
export class CredentialsRevokedDto extends createZodDto(CredentialsRevokedSchema) {}

export const MfaConfirmResponseSchema = contract<MfaConfirmResponse>()(
  z.object({
    recoveryCodes: z.array(z.string()).meta({
      description: 'Ten single-use codes for when the authenticator is lost; shown once, stored hashed',
      example: ['K7QD-M2XA-P4RT-9ZLB'],
    }),
  }),
);
export class MfaConfirmResponseDto extends createZodDto(MfaConfirmResponseSchema) {}
