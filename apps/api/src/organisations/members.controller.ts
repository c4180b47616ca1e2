import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { MemberView, Page } from '@aup/contracts';
import { ApiProblems, ORG_SCOPED, P } from '../common/api-problems.decorator';
import { PathParam, RECORD_ID } from '../common/path-param';
import { CurrentPrincipal, Roles } from '../common/auth.decorators';
import { pageOf, PageQueryDto } from '../common/page-query.dto';
import type { Principal } from '../common/principal';
import { MemberPageDto, MemberViewDto, UpdateMemberDto } from './dto/member.dto';
import { MembersService } from './members.service';

const LAST_ADMIN = [409, 'MEMBER.LAST_ADMIN', 'The organisation would be left without an admin'] as const;

@ApiTags('members')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiProblems(...ORG_SCOPED)
@Controller('organisations/:orgId/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @Roles('admin', 'compliance_officer', 'auditor')
  @ApiOperation({ summary: 'Members of the organisation with their roles' })
  @ZodResponse({ status: HttpStatus.OK, type: MemberPageDto })
  @ApiProblems(P.validation)
  list(
    @PathParam('orgId', RECORD_ID) orgId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<MemberView>> {
    const { limit, offset } = pageOf(query);
    return this.members.list(orgId, limit, offset);
  }

  @Patch(':userId')
  @Roles('admin')
  @ApiOperation({ summary: "Change a member's role (effective on their next request)" })
  @ZodResponse({ status: HttpStatus.OK, type: MemberViewDto })
  @ApiProblems(P.validation, LAST_ADMIN)
  changeRole(
    @PathParam('orgId', RECORD_ID) orgId: string,
    @PathParam('userId', RECORD_ID) userId: string,
    @Body() dto: UpdateMemberDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MemberView> {
    return this.members.changeRole(orgId, principal.userId, userId, dto.role);
  }

  @Delete(':userId')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary:
      'Remove a member from the organisation (their access ends with their next request); the account stays',
  })
  @ApiNoContentResponse()
  @ApiProblems(LAST_ADMIN)
  async remove(
    @PathParam('orgId', RECORD_ID) orgId: string,
    @PathParam('userId', RECORD_ID) userId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.members.remove(orgId, principal.userId, userId);
  }

  @Post(':userId/erase')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Erase (pseudonymise) a member who belongs to this organisation only',
    description:
      'Removes e-mail, name, password and MFA secret and ends their sessions and tokens; the user id stays so records referencing it remain consistent.',
  })
  @ApiNoContentResponse()
  @ApiProblems(
    LAST_ADMIN,
    [409, 'MEMBER.IN_OTHER_ORGANISATIONS', 'The person also belongs to another organisation'],
    [409, 'MEMBER.ERASE_SELF', 'Use DELETE /me to erase yourself'],
  )
  async erase(
    @PathParam('orgId', RECORD_ID) orgId: string,
    @PathParam('userId', RECORD_ID) userId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.members.erase(orgId, userId, principal.userId);
  }
}
