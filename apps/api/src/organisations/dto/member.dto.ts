import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ROLES, type MemberView, type Role, type UpdateMemberRequest } from '@aup/contracts';

export class UpdateMemberDto implements UpdateMemberRequest {
  @ApiProperty({ enum: ROLES, example: 'compliance_officer' })
  @IsIn(ROLES)
  readonly role: Role;
}

export class MemberViewDto implements MemberView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ type: String, nullable: true, example: 'it.lead@example.com' }) email: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Sam Lee' }) displayName: string | null;
  @ApiProperty({ enum: ROLES, example: 'respondent' }) role: Role;
  @ApiProperty({ format: 'date-time' }) joinedAt: string;
}

export class MemberPageDto {
  @ApiProperty({ type: [MemberViewDto] }) items: MemberViewDto[];
  @ApiProperty({ example: 4 }) total: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}
