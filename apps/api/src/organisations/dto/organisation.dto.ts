import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  INCIDENT_BANDS,
  ROLES,
  type CreateOrganisationRequest,
  type IncidentBand,
  type OrganisationProfile,
  type OrganisationSettings,
  type OrganisationSummary,
  type OrganisationView,
  type Role,
  type UpdateOrganisationRequest,
} from '@aup/contracts';
import { IsPlainName } from '../../common/content-screening';

const flag = (description: string) => ({ type: Boolean, nullable: true, description });

/**
 * The framework's organisation-profile fields (docs/POLICY-FORMAT.md). Every field is optional; on PATCH a
 * `null` clears a field. Unknown fields are rejected.
 */
export class OrganisationProfileDto implements OrganisationProfile {
  @ApiPropertyOptional({
    type: 'integer',
    nullable: true,
    minimum: 1,
    maximum: 10_000_000,
    example: 1200,
    description: 'Number of employees',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  readonly headcount?: number;

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['GB', 'SE'],
    description: 'ISO 3166-1 alpha-2 codes of the countries it operates in',
  })
  @IsOptional()
  @ArrayMaxSize(250)
  @ArrayUnique()
  @IsISO31661Alpha2({ each: true })
  @Matches(/^[A-Z]{2}$/, {
    each: true,
    message: 'each country must be an upper-case ISO 3166-1 alpha-2 code',
  })
  readonly countries?: string[];

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    example: ['AU-NSW'],
    description:
      'ISO 3166-2 subdivisions where state or province law matters; each within one of `countries`',
  })
  @IsOptional()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, {
    each: true,
    message: 'each region must be an ISO 3166-2 code such as AU-NSW',
  })
  readonly regions?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'manufacturing',
    description: 'Sector id from the framework (lower-case, letters, digits and _)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,40}$/, { message: 'sector must be a lower-case id such as manufacturing' })
  readonly sector?: string;

  @ApiPropertyOptional(flag('Offers internet access to the public'))
  @IsOptional()
  @IsBoolean()
  readonly provides_internet_access?: boolean;

  @ApiPropertyOptional(flag('Offers an e-mail service to the public'))
  @IsOptional()
  @IsBoolean()
  readonly provides_email?: boolean;

  @ApiPropertyOptional(flag('Offers hosting or cloud storage to the public'))
  @IsOptional()
  @IsBoolean()
  readonly provides_hosting?: boolean;

  @ApiPropertyOptional(flag('Offers a messaging or user-to-user service to the public'))
  @IsOptional()
  @IsBoolean()
  readonly provides_messaging?: boolean;

  @ApiPropertyOptional(flag('Runs guest Wi-Fi'))
  @IsOptional()
  @IsBoolean()
  readonly guest_wifi?: boolean;

  @ApiPropertyOptional(flag('Has a works council or a recognised union with consultation rights'))
  @IsOptional()
  @IsBoolean()
  readonly works_council?: boolean;

  @ApiPropertyOptional(flag('Any filtering, detection or logging of employee IT use is in place'))
  @IsOptional()
  @IsBoolean()
  readonly monitoring_in_use?: boolean;

  @ApiPropertyOptional(flag('Works with children'))
  @IsOptional()
  @IsBoolean()
  readonly works_with_children?: boolean;

  @ApiPropertyOptional({
    enum: INCIDENT_BANDS,
    nullable: true,
    example: '0',
    description: 'Times CSAM was found on company IT in the last 24 months, as a band; never details',
  })
  @IsOptional()
  @IsIn(INCIDENT_BANDS)
  readonly incident_band?: IncidentBand;
}

/** Admin-only switches. On PATCH a `null` puts a setting back to its default. Unknown settings are rejected. */
export class OrganisationSettingsDto implements Partial<OrganisationSettings> {
  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    example: false,
    default: false,
    description:
      'Respondents may read audit results (scores, gaps, plan). Off by default: respondents then see only the questions assigned to them.',
  })
  @IsOptional()
  @IsBoolean()
  readonly respondentsSeeScores?: boolean;

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 365,
    example: 30,
    description:
      'Longest lifetime, in days, of a personal API token created by any member (the smallest limit of their organisations applies). Unset: the server limit.',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  readonly apiTokenMaxDays?: number;
  @ApiPropertyOptional({
    type: Boolean,
    nullable: true,
    example: false,
    default: false,
    description: 'Respondents may request and download reports. Off by default.',
  })
  @IsOptional()
  @IsBoolean()
  readonly respondentsRequestReports?: boolean;
}

export class OrganisationSettingsViewDto implements OrganisationSettings {
  @ApiProperty({ example: false }) respondentsSeeScores: boolean;
  @ApiPropertyOptional({ example: 30, description: 'Present when set' }) apiTokenMaxDays?: number;
  @ApiProperty({ example: false }) respondentsRequestReports: boolean;
}

export class CreateOrganisationDto implements CreateOrganisationRequest {
  @ApiProperty({
    example: 'Example Manufacturing Ltd',
    maxLength: 200,
    description: 'Letters, digits, spaces and name punctuation; no links, addresses or line breaks',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsPlainName('organisation')
  readonly name: string;

  @ApiPropertyOptional({ type: OrganisationProfileDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganisationProfileDto)
  readonly profile?: OrganisationProfileDto;
}

export class UpdateOrganisationDto implements UpdateOrganisationRequest {
  @ApiPropertyOptional({
    example: 'Example Manufacturing Ltd',
    maxLength: 200,
    description: 'Letters, digits, spaces and name punctuation; no links, addresses or line breaks',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @IsPlainName('organisation')
  readonly name?: string;

  @ApiPropertyOptional({
    type: OrganisationProfileDto,
    description:
      "Merged into the stored profile; a null field is cleared. The result is checked against the latest framework's profile definition (422 PROFILE.*).",
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganisationProfileDto)
  readonly profile?: OrganisationProfileDto;

  @ApiPropertyOptional({
    type: OrganisationSettingsDto,
    description: 'Admins only (403 AUTH.FORBIDDEN for other roles); merged like the profile',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrganisationSettingsDto)
  readonly settings?: OrganisationSettingsDto;
}

export class OrganisationViewDto implements OrganisationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Example Manufacturing Ltd' }) name: string;
  @ApiProperty({
    type: OrganisationProfileDto,
    example: { headcount: 1200, countries: ['GB', 'SE'], incident_band: '0', guest_wifi: true },
  })
  profile: OrganisationProfile;
  @ApiProperty({ type: OrganisationSettingsViewDto }) settings: OrganisationSettingsViewDto;
  @ApiProperty({ example: 3, description: 'Also the ETag; send it in If-Match on PATCH' }) version: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class OrganisationSummaryDto implements OrganisationSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Example Manufacturing Ltd' }) name: string;
  @ApiProperty({ enum: ROLES, example: 'admin' }) role: Role;
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationSummaryDto] }) items: OrganisationSummaryDto[];
  @ApiProperty({ example: 2 }) total: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}
