import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  ApiTokenCreated,
  ApiTokenView,
  CredentialsRevoked,
  MeResponse,
  MembershipView,
  MfaChallenge,
  MfaConfirmResponse,
  MfaEnrollResponse,
  Role,
  SessionStarted,
  SignupResponse,
  UserView,
} from '@aup/contracts';
import { ROLES } from '@aup/contracts';

export class UserViewDto implements UserView {
  @ApiProperty({ format: 'uuid', example: '0b1e2f4c-8f6a-4b51-9a51-3a0c8f3f6d10' }) id: string;
  @ApiProperty({ example: 'ciso@example.com' }) email: string;
  @ApiProperty({ type: String, nullable: true, example: 'Alex Morgan' }) displayName: string | null;
  @ApiProperty({ example: false }) mfaEnabled: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class SessionStartedDto implements SessionStarted {
  @ApiProperty({ enum: [false] }) mfaRequired: false;
  @ApiProperty({ type: UserViewDto }) user: UserViewDto;
  @ApiProperty({
    description: 'Same as the aup_csrf cookie: send it as X-CSRF-Token on writes',
    example: 'hV9fQ3l0d0s2aU5pYk1wT2JqZk1mQ2x3b0Z3bVJ4a0E',
  })
  csrfToken: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiPropertyOptional({
    description:
      'Only when the sign-in used a recovery code: how many unused recovery codes are left (turn MFA off and on again for ten new ones)',
    example: 9,
  })
  recoveryCodesLeft?: number;
}

export class MfaChallengeDto implements MfaChallenge {
  @ApiProperty({ enum: [true] }) mfaRequired: true;
  @ApiProperty({ description: 'Send with the code to POST /auth/login/mfa within 5 minutes' })
  challengeToken: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class OrganisationRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Example Manufacturing Ltd' }) name: string;
}

export class SignupResponseDto extends SessionStartedDto implements SignupResponse {
  @ApiProperty({ type: OrganisationRefDto }) organisation: OrganisationRefDto;
}

export class MembershipViewDto implements MembershipView {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ example: 'Example Manufacturing Ltd' }) organisationName: string;
  @ApiProperty({ enum: ROLES, example: 'admin' }) role: Role;
}

export class MeResponseDto implements MeResponse {
  @ApiProperty({ type: UserViewDto }) user: UserViewDto;
  @ApiProperty({ type: [MembershipViewDto] }) memberships: MembershipViewDto[];
  @ApiProperty({ enum: ['session', 'token'] }) authenticatedBy: 'session' | 'token';
}

export class MfaEnrollResponseDto implements MfaEnrollResponse {
  @ApiProperty({ example: 'JBSWY3DPEHPK3PXP' }) secret: string;
  @ApiProperty({
    example:
      'otpauth://totp/aup-audit:ciso%40example.com?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&algorithm=SHA1&issuer=aup-audit',
  })
  otpauthUri: string;
}

export class ApiTokenViewDto implements ApiTokenView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'reporting script' }) name: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
}

export class ApiTokenCreatedDto extends ApiTokenViewDto implements ApiTokenCreated {
  @ApiProperty({
    description: 'Shown once. Send as `Authorization: Bearer <token>`.',
    example: 'aup_Zm9yLWV4YW1wbGUtb25seS1ub3QtYS1yZWFsLXRva2Vu',
  })
  token: string;
}

export class ApiTokenPageDto {
  @ApiProperty({ type: [ApiTokenViewDto] }) items: ApiTokenViewDto[];
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}

export class CredentialsRevokedDto implements CredentialsRevoked {
  @ApiProperty({ description: 'Browser sessions of the account that were ended', example: 2 })
  sessionsEnded: number;
  @ApiProperty({ description: 'API tokens of the account that were revoked', example: 1 })
  tokensRevoked: number;
}

export class MfaConfirmResponseDto implements MfaConfirmResponse {
  @ApiProperty({
    type: [String],
    description: 'Ten single-use codes for when the authenticator is lost; shown once, stored hashed',
    example: ['K7QD-M2XA-P4RT-9ZLB'],
  })
  recoveryCodes: string[];
}
