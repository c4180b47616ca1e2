import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {
  InvitationAccepted,
  InvitationCreated,
  InvitationPreview,
  InvitationView,
  Page,
} from '@aup/contracts';
import { ApiProblems, ORG_SCOPED, P, type ProblemSpec } from '../common/api-problems.decorator';
import { PathParam, RECORD_ID } from '../common/path-param';
import { CurrentPrincipal, Public, Roles } from '../common/auth.decorators';
import { pageOf, PageQueryDto } from '../common/page-query.dto';
import type { Principal } from '../common/principal';
import {
  AcceptInvitationDto,
  CreateInvitationDto,
  InvitationAcceptedDto,
  InvitationCreatedDto,
  InvitationPageDto,
  InvitationPreviewDto,
  InvitationPreviewRequestDto,
  INVITATION_TOKEN,
} from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';
import { RateLimit } from '../auth/rate-limit';

@ApiTags('invitations')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiProblems(...ORG_SCOPED)
@Controller('organisations/:orgId/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Invitations of the organisation, newest first, with their status' })
  @ZodResponse({ status: HttpStatus.OK, type: InvitationPageDto })
  @ApiProblems(P.validation)
  list(
    @PathParam('orgId', RECORD_ID) orgId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<InvitationView>> {
    const { limit, offset } = pageOf(query);
    return this.invitations.list(orgId, limit, offset);
  }

  @Post()
  @Roles('admin')
  @RateLimit('invitation_create')
  @ApiOperation({
    summary: 'Invite someone by e-mail with a role',
    description:
      'The one-time link goes to the invited address only: with SMTP configured it is e-mailed in the background ' +
      '(queued with the invitation, retried until the mail server takes it); without, it is written to the server log. The answer never holds the token. ' +
      'A new invitation for the same e-mail replaces the pending one.',
  })
  @ZodResponse({ status: HttpStatus.CREATED, type: InvitationCreatedDto })
  @ApiProblems(
    P.validation,
    [409, 'MEMBER.ALREADY_MEMBER', 'That e-mail already belongs to a member'],
    [429, 'AUTH.RATE_LIMITED', 'Too many invitations from this account or address; see Retry-After'],
  )
  create(
    @PathParam('orgId', RECORD_ID) orgId: string,
    @Body() dto: CreateInvitationDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<InvitationCreated> {
    return this.invitations.create(orgId, principal.userId, dto);
  }

  @Delete(':invitationId')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Withdraw an invitation (its link stops working)' })
  @ApiNoContentResponse()
  @ApiProblems([
    409,
    'INVITATION.ALREADY_ACCEPTED',
    'Accepted invitations cannot be withdrawn; remove the member instead',
  ])
  async revoke(
    @PathParam('orgId', RECORD_ID) orgId: string,
    @PathParam('invitationId', RECORD_ID) invitationId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    await this.invitations.revoke(orgId, principal.userId, invitationId);
  }
}

const ACCEPT_PROBLEMS = [
  P.validation,
  P.weakPassword,
  [
    401,
    'INVITATION.SIGN_IN_REQUIRED',
    'The e-mail has an account: sign in as it first (a password in the body is not checked)',
  ],
  [429, 'AUTH.RATE_LIMITED', 'Too many refused attempts from this address; see Retry-After'],
  [404, 'INVITATION.NOT_FOUND', 'No invitation has this token'],
  [409, 'INVITATION.EMAIL_MISMATCH', 'You are signed in as someone other than the invitee'],
  [409, 'MEMBER.ALREADY_MEMBER', 'You already belong to the organisation'],
  [410, 'INVITATION.ALREADY_USED', 'The invitation was already accepted'],
  [410, 'INVITATION.EXPIRED', 'The invitation expired'],
  [410, 'INVITATION.REVOKED', 'The invitation was withdrawn'],
] as const satisfies readonly ProblemSpec[];

const ACCEPT_HOW =
  'New e-mail: send `password` (and optionally `displayName`) to create the account; a session starts. ' +
  'Existing account: be signed in as it (cookie with X-CSRF-Token, or bearer token); a password is never checked here. ' +
  'Refused attempts count against the sign-in allowance of the client address.';

@ApiTags('invitations')
@Controller('invitations')
export class InvitationAcceptController {
  constructor(private readonly invitations: InvitationsService) {}

  @Public()
  @Post('preview')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'What an invitation is for (organisation, role, who invited you), shown before accepting',
    description: 'The token goes in the body, as for POST /invitations/accept; nothing changes.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: InvitationPreviewDto })
  @ApiProblems(P.validation, [404, 'INVITATION.NOT_FOUND', 'The token is not valid'])
  preview(@Body() dto: InvitationPreviewRequestDto): Promise<InvitationPreview> {
    return this.invitations.preview(dto.token);
  }

  @Public()
  @Post('accept')
  @RateLimit('invitation_accept')
  @ApiOperation({
    summary: 'Accept an invitation with its one-time token in the body (preferred)',
    description: `${ACCEPT_HOW} The token goes in \`token\`, so it never appears in a URL, a proxy log or a request log.`,
  })
  @ZodResponse({ status: HttpStatus.CREATED, type: InvitationAcceptedDto })
  @ApiProblems(...ACCEPT_PROBLEMS)
  acceptWithBody(
    @Body() dto: AcceptInvitationDto,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvitationAccepted> {
    return this.invitations.accept(dto.token, dto, principal, req, reply);
  }

  @Public()
  @Post(':token/accept')
  @RateLimit('invitation_accept')
  @ApiOperation({
    summary:
      'Accept an invitation with its one-time token in the path (older form; prefer POST /invitations/accept)',
    description: `${ACCEPT_HOW} The token in the path is masked in the server's request logs.`,
  })
  @ZodResponse({ status: HttpStatus.CREATED, type: InvitationAcceptedDto })
  @ApiProblems(...ACCEPT_PROBLEMS)
  accept(
    @PathParam('token', INVITATION_TOKEN) token: string,
    @Body() dto: AcceptInvitationDto,
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InvitationAccepted> {
    return this.invitations.accept(token, dto, principal, req, reply);
  }
}
