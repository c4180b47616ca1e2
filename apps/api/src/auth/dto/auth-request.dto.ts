import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
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
import { IsPlainName } from '../../common/content-screening';

// Length is checked by the password policy (422 with a reason); this bound only stops absurd bodies.
const PASSWORD_FIELD = {
  description: 'At least 12 characters, at most 128; any characters; no composition rules.',
  example: 'river tulip granite 42 lantern',
};

export class SignupDto implements SignupRequest {
  @ApiProperty({ example: 'ciso@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  readonly email: string;

  @ApiProperty(PASSWORD_FIELD)
  @IsString()
  @MaxLength(1024)
  readonly password: string;

  @ApiPropertyOptional({
    example: 'Alex Morgan',
    maxLength: 120,
    description: 'Letters, digits, spaces and name punctuation; no links, addresses or line breaks',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @IsPlainName('person')
  readonly displayName?: string;

  @ApiProperty({
    example: 'Example Manufacturing Ltd',
    maxLength: 200,
    description: 'Letters, digits, spaces and name punctuation; no links, addresses or line breaks',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsPlainName('organisation')
  readonly organisationName: string;
}

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'ciso@example.com' })
  @IsEmail()
  @MaxLength(254)
  readonly email: string;

  @ApiProperty({ example: 'river tulip granite 42 lantern' })
  @IsString()
  @MaxLength(1024)
  readonly password: string;
}

const CODE = { description: 'Six-digit code from the authenticator app', example: '492039' };

const RECOVERY_CODE = {
  description: 'One of the recovery codes shown when MFA was turned on (each works once); instead of `code`',
  example: 'K7QD-M2XA-P4RT-9ZLB',
};

/** A current TOTP code or an unused recovery code (the service insists on exactly one). */
class SecondFactorDto {
  @ApiPropertyOptional(CODE)
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  readonly code?: string;

  @ApiPropertyOptional(RECOVERY_CODE)
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z2-7 -]{16,24}$/, { message: 'recoveryCode must be a recovery code' })
  readonly recoveryCode?: string;
}

export class LoginMfaDto extends SecondFactorDto implements LoginMfaRequest {
  @ApiProperty({
    description: 'From the login answer',
    example: 'Qm9vZ2xlLXN0eWxlLWNoYWxsZW5nZS10b2tlbi1leGFtcGxl',
  })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  readonly challengeToken: string;
}

export class MfaEnrollDto implements MfaEnrollRequest {
  @ApiProperty({ description: 'Your current password', example: 'river tulip granite 42 lantern' })
  @IsString()
  @MaxLength(1024)
  readonly password: string;
}

export class MfaDisableDto extends SecondFactorDto implements MfaDisableRequest {
  @ApiProperty({ description: 'Your current password', example: 'river tulip granite 42 lantern' })
  @IsString()
  @MaxLength(1024)
  readonly password: string;
}

export class MfaCodeDto implements MfaCodeRequest {
  @ApiProperty(CODE)
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  readonly code: string;
}

export class PasswordResetDto implements PasswordResetRequest {
  @ApiProperty({ example: 'ciso@example.com' })
  @IsEmail()
  @MaxLength(254)
  readonly email: string;
}

export class PasswordResetConfirmDto implements PasswordResetConfirmRequest {
  @ApiProperty({
    description: 'The token from the reset link',
    example: 'b3Blbi1zZXNhbWUtdGhpcy1pcy1hbi1leGFtcGxlLXRva2Vu',
  })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  readonly token: string;

  @ApiProperty(PASSWORD_FIELD)
  @IsString()
  @MaxLength(1024)
  readonly password: string;
}

export class EraseMeDto implements EraseMeRequest {
  @ApiProperty({
    description: 'Your current password, to confirm',
    example: 'river tulip granite 42 lantern',
  })
  @IsString()
  @MaxLength(1024)
  readonly password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'Your current password', example: 'river tulip granite 42 lantern' })
  @IsString()
  @MaxLength(1024)
  readonly currentPassword: string;

  @ApiProperty(PASSWORD_FIELD)
  @IsString()
  @MaxLength(1024)
  readonly newPassword: string;
}

export class CreateApiTokenDto implements CreateApiTokenRequest {
  @ApiProperty({
    example: 'reporting script',
    maxLength: 100,
    description: 'Letters, digits, spaces and name punctuation; no links, addresses or line breaks',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @IsPlainName('token')
  readonly name: string;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    description:
      'Days until it expires (at most the server limit, 365 by default, and the apiTokenMaxDays setting of each of your organisations); null or absent: 90 or the limit if lower',
    example: 90,
    minimum: 1,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  readonly expiresInDays?: number;
}
