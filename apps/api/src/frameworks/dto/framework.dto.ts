import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  PROFILE_FIELD_TYPES,
  type FrameworkListView,
  type FrameworkSummary,
  type FrameworkVersionSummary,
  type FrameworkVersionView,
  type ProfileFieldOptionView,
  type ProfileFieldType,
  type ProfileFieldView,
} from '@aup/contracts';

export class FrameworkVersionSummaryDto implements FrameworkVersionSummary {
  @ApiProperty({ example: '1.0.0' }) version: string;
  @ApiProperty({
    example: true,
    description: 'The highest version: what a new audit uses when none is named',
  })
  latest: boolean;
}

export class FrameworkSummaryDto implements FrameworkSummary {
  @ApiProperty({ example: 'workplace-csam-readiness' }) id: string;
  @ApiProperty({ example: 'Workplace CSAM readiness' }) title: string;
  @ApiProperty({ example: '1.0.0' }) latestVersion: string;
  @ApiProperty({ type: [FrameworkVersionSummaryDto] }) versions: FrameworkVersionSummaryDto[];
}

export class FrameworkListDto implements FrameworkListView {
  @ApiProperty({ type: [FrameworkSummaryDto] }) items: FrameworkSummaryDto[];
}

export class ProfileFieldOptionDto implements ProfileFieldOptionView {
  @ApiProperty({ example: 'GB' }) value: string;
  @ApiProperty({ example: 'United Kingdom' }) label: string;
}

export class ProfileFieldAffectsDto {
  @ApiProperty({ example: 12, description: 'Questions whose applicability depends on the field' })
  questions: number;
  @ApiProperty({ example: 9, description: 'Legal obligations whose applicability depends on the field' })
  obligations: number;
}

export class ProfileFieldDto implements ProfileFieldView {
  @ApiProperty({ example: 'countries', description: 'The key in the organisation profile' }) id: string;
  @ApiProperty({ enum: PROFILE_FIELD_TYPES, example: 'multi_choice' }) type: ProfileFieldType;
  @ApiProperty({ example: 'Countries where the organisation has staff or IT' }) label: string;
  @ApiProperty({ type: String, nullable: true, example: 'Selects the legal obligations that apply.' }) help:
    string | null;
  @ApiProperty({ example: true }) required: boolean;
  @ApiPropertyOptional({ example: 1 }) min?: number;
  @ApiPropertyOptional() max?: number;
  @ApiPropertyOptional({ type: [ProfileFieldOptionDto] }) options?: ProfileFieldOptionDto[];
  @ApiProperty({
    type: ProfileFieldAffectsDto,
    description: 'Changing the field can change which of these apply',
  })
  affects: ProfileFieldAffectsDto;
}

export class FrameworkSectionDto {
  @ApiProperty({ example: 'hr' }) id: string;
  @ApiProperty({ example: 'HR' }) title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
}

export class FrameworkCountsDto {
  @ApiProperty({ example: 8 }) domains: number;
  @ApiProperty({ example: 40 }) controls: number;
  @ApiProperty({ example: 60 }) questions: number;
  @ApiProperty({ example: 30 }) obligations: number;
}

export class FrameworkVersionDto implements FrameworkVersionView {
  @ApiProperty({ example: 'workplace-csam-readiness' }) id: string;
  @ApiProperty({ example: '1.0.0' }) version: string;
  @ApiProperty({ example: true }) latest: boolean;
  @ApiProperty({ example: 'Workplace CSAM readiness' }) title: string;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({
    example: '9a4c…',
    description: 'sha256 of the compiled content; audits pinned to this version carry it',
  })
  contentHash: string;
  @ApiProperty({ type: [FrameworkSectionDto] }) sections: FrameworkSectionDto[];
  @ApiProperty({
    type: [ProfileFieldDto],
    description: 'The organisation-profile fields, in the order to ask them',
  })
  profile: ProfileFieldDto[];
  @ApiProperty({ type: FrameworkCountsDto }) counts: FrameworkCountsDto;
}
