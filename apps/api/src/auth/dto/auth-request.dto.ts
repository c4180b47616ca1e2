import { z } from 'zod';
import { createZodDto } from 'nestjs-zod';
import type {
  CreateApiTokenRequest,
  EraseMeRequest,
  LoginMfaRequest,
  LoginRequest,
  MfaCodeRequest,
  MfaDisableRequest,
  MfaEnrollRequest,
  PasswordResetConfirmRequest,
  PasswordResetRequest,
  SignupRequest,
} from '@aup/contracts';
import { contract, email, optional, password, plainName } from '../../common/schema';

const EXAMPLE_PASSWORD = 'river tulip granite 42 lantern';
const newPassword = () =>
  password().meta({
    description: 'At least 12 characters, at most 128; any characters; no composition rules.',
    example: EXAMPLE_PASSWORD,
  });
const currentPassword = (description = 'Your current password') =>
  password().meta({ description, example: EXAMPLE_PASSWORD });
const emailField = () => email().meta({ example: 'ciso@example.com' });
const oneTimeToken = (description: string, example: string) =>
  z.string().min(20).max(200).meta({ description, example });

const totpCode = () =>
  z
    .string()
    .regex(/^\d{6}$/, 'code must be six digits')
    .meta({ description: 'Six-digit code from the authenticator app', example: '492039' });

/** A current TOTP code or an unused recovery code (the service insists on exactly one). */
const secondFactorShape = {
  code: optional(totpCode()),
  recoveryCode: optional(
    z
      .string()
      .regex(/^[A-Za-z2-7 -]{16,24}$/, 'recoveryCode must be a recovery code')
      .meta({
        description:
          'One of the recovery codes shown when MFA was turned on (each works once); instead of `code`',
        example: 'K7QD-M2XA-P4RT-9ZLB',
      }),
  ),
};

export const SignupSchema = contract<SignupRequest>()(
  z.strictObject({
    email: emailField(),
    password: newPassword(),
    displayName: optional(plainName('person', 120).meta({ example: 'Alex Morgan' })),
    organisationName: plainName('organisation', 200).meta({ example: 'Example Manufacturing Ltd' }),
  }),
);
export class SignupDto extends createZodDto(SignupSchema) {}

export const LoginSchema = contract<LoginRequest>()(
  z.strictObject({ email: emailField(), password: password().meta({ example: EXAMPLE_PASSWORD }) }),
);
export class LoginDto extends createZodDto(LoginSchema) {}

export const LoginMfaSchema = contract<LoginMfaRequest>()(
  z.strictObject({
    ...secondFactorShape,
    challengeToken: oneTimeToken('From the login answer', 'Qm9vZ2xlLXN0eWxlLWNoYWxsZW5nZS10b2tlbi1leGFtcGxl'),
  }),
);
export class LoginMfaDto extends createZodDto(LoginMfaSchema) {}

export const MfaEnrollSchema = contract<MfaEnrollRequest>()(z.strictObject({ password: currentPassword() }));
export class MfaEnrollDto extends createZodDto(MfaEnrollSchema) {}

export const MfaDisableSchema = contract<MfaDisableRequest>()(
  z.strictObject({ ...secondFactorShape, password: currentPassword() }),
);
export class MfaDisableDto extends createZodDto(MfaDisableSchema) {}

export const MfaCodeSchema = contract<MfaCodeRequest>()(z.strictObject({ code: totpCode() }));
export class MfaCodeDto extends createZodDto(MfaCodeSchema) {}

export const PasswordResetSchema = contract<PasswordResetRequest>()(z.strictObject({ email: emailField() }));
export class PasswordResetDto extends createZodDto(PasswordResetSchema) {}

export const PasswordResetConfirmSchema = contract<PasswordResetConfirmRequest>()(
  z.strictObject({
    token: oneTimeToken('The token from the reset link', 'b3Blbi1zZXNhbWUtdGhpcy1pcy1hbi1leGFtcGxlLXRva2Vu'),
    password: newPassword(),
  }),
);
export class PasswordResetConfirmDto extends createZodDto(PasswordResetConfirmSchema) {}

export const EraseMeSchema = contract<EraseMeRequest>()(
  z.strictObject({ password: currentPassword('Your current password, to confirm') }),
);
export class EraseMeDto extends createZodDto(EraseMeSchema) {}

export const ChangePasswordSchema = z.strictObject({
  currentPassword: currentPassword(),
  newPassword: newPassword(),
});
export class ChangePasswordDto extends createZodDto(ChangePasswordSchema) {}

export const CreateApiTokenSchema = contract<CreateApiTokenRequest>()(
  z.strictObject({
    name: plainName('token', 100).meta({ example: 'reporting script' }),
    expiresInDays: optional(z.number().int().min(1).max(3650)).meta({
      description:
        'Days until it expires (at most the server limit, 365 by default, and the apiTokenMaxDays setting of each of your organisations); null or absent: 90 or the limit if lower',
      example: 90,
    }),
  }),
);
export class CreateApiTokenDto extends createZodDto(CreateApiTokenSchema) {}
