import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import {
  ROLES,
  type AcceptInvitationRequest,
  type CreateInvitationRequest,
  type InvitationAccepted,
  type InvitationCreated,
  type InvitationPreview,
  type InvitationPreviewRequest,
  type InvitationStatus,
  type InvitationView,
  type Role,
} from '@aup/contracts';
import { IsPlainName } from '../../common/content-screening';

export class CreateInvitationDto implements CreateInvitationRequest {
  @ApiProperty({ example: 'it.lead@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  readonly email: string;

  @ApiProperty({ enum: ROLES, example: 'respondent' })
  @IsIn(ROLES)
  readonly role: Role;
}

export class AcceptInvitationDto implements AcceptInvitationRequest {
  @ApiPropertyOptional({
    description:
      'The token from the invitation link. Required by POST /invitations/accept; ignored by the older form with the token in the path.',
    example: 'aW52aXRhdGlvbi10b2tlbi1leGFtcGxlLW5vdC1yZWFsLTEyMw',
  })
  @IsOptional()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  readonly token?: string;

  @ApiPropertyOptional({
    description:
      'New e-mail: the password of the new account. An existing account must be signed in instead; a password sent for it is not checked.',
    example: 'river tulip granite 42 lantern',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly password?: string;

  @ApiPropertyOptional({
    example: 'Sam Lee',
    maxLength: 120,
    description:
      'Only used when the invitation creates the account. Letters, digits, spaces and name punctuation',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @IsPlainName('person')
  readonly displayName?: string;
}

export class InvitationViewDto implements InvitationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'it.lead@example.com' }) email: string;
  @ApiProperty({ enum: ROLES, example: 'respondent' }) role: Role;
  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'], example: 'pending' })
  status: InvitationStatus;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) invitedBy: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acceptedAt: string | null;
}

export class InvitationCreatedDto extends InvitationViewDto implements InvitationCreated {
  @ApiProperty({
    example: true,
    description:
      'true: SMTP is configured and the e-mail is being sent in the background; false: the link was written to the server log for an administrator. The token is never in this answer.',
  })
  emailed: boolean;
}

export class InvitationPageDto {
  @ApiProperty({ type: [InvitationViewDto] }) items: InvitationViewDto[];
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}

export class InvitationAcceptedDto implements InvitationAccepted {
  @ApiProperty({ format: 'uuid' }) organisationId: string;
  @ApiProperty({ enum: ROLES, example: 'respondent' }) role: Role;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ example: true }) accountCreated: boolean;
  @ApiPropertyOptional({ description: 'Set when a session was started (new account): send as X-CSRF-Token' })
  csrfToken?: string;
}

export class InvitationPreviewRequestDto implements InvitationPreviewRequest {
  @ApiProperty({
    description: 'The token from the invitation link.',
    example: 'aW52aXRhdGlvbi10b2tlbi1leGFtcGxlLW5vdC1yZWFsLTEyMw',
  })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  readonly token: string;
}

export class InvitationPreviewDto implements InvitationPreview {
  @ApiProperty({ example: 'Harbour Logistics' }) organisationName: string;
  @ApiProperty({ enum: ROLES, example: 'respondent' }) role: Role;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty({ type: String, nullable: true, example: 'Dana Officer' }) invitedByName: string | null;
  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'] }) status: InvitationStatus;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}
