import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { ApiTokenCreated, ApiTokenView, CredentialsRevoked, MeResponse, Page } from '@aup/contracts';
import { AUTHENTICATED, ApiProblems, P } from '../common/api-problems.decorator';
import { PathParam, RECORD_ID } from '../common/path-param';
import { ApiTokenService } from './api-token.service';
import { CurrentPrincipal } from '../common/auth.decorators';
import { ChangePasswordDto, CreateApiTokenDto, EraseMeDto } from './dto/auth-request.dto';
import {
  ApiTokenCreatedDto,
  ApiTokenPageDto,
  CredentialsRevokedDto,
  MeResponseDto,
} from './dto/auth-response.dto';
import { pageOf, PageQueryDto } from '../common/page-query.dto';
import { MeService } from './me.service';
import type { Principal } from '../common/principal';

@ApiTags('me')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiProblems(...AUTHENTICATED)
@Controller('me')
export class MeController {
  constructor(
    private readonly me: MeService,
    private readonly tokens: ApiTokenService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user and their organisations with a role in each' })
  @ZodResponse({ status: HttpStatus.OK, type: MeResponseDto })
  get(@CurrentPrincipal() principal: Principal): Promise<MeResponse> {
    return this.me.me(principal);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Erase your account (GDPR)',
    description:
      'Removes your e-mail, name, password and MFA secret, ends all sessions and tokens and your memberships. Your id stays so records that reference it remain consistent.',
  })
  @ApiNoContentResponse()
  @ApiProblems(
    P.validation,
    [403, 'AUTH.PASSWORD_MISMATCH', 'The password is wrong'],
    [409, 'MEMBER.LAST_ADMIN', 'You are the last admin of an organisation with other members'],
  )
  async erase(@CurrentPrincipal() principal: Principal, @Body() dto: EraseMeDto): Promise<void> {
    await this.me.eraseSelf(principal, dto.password);
  }

  @Post('password')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Change your password (the current one is required); ends your other sessions and revokes every API token',
    description:
      'The session making the change stays signed in (a token cannot change the password). The answer says how many sessions ended and tokens were revoked. ' +
      'Wrong current passwords count as failed sign-ins of the account.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: CredentialsRevokedDto })
  @ApiProblems(
    P.validation,
    P.weakPassword,
    [403, 'AUTH.PASSWORD_MISMATCH', 'The current password is wrong'],
    [403, 'AUTH.SESSION_REQUIRED', 'Sign in with a session to change the password'],
    [429, 'AUTH.RATE_LIMITED', 'Too many wrong passwords for this account; see Retry-After'],
  )
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ChangePasswordDto,
  ): Promise<CredentialsRevoked> {
    return this.me.changePassword(principal, dto.currentPassword, dto.newPassword);
  }

  @Get('tokens')
  @ApiOperation({ summary: 'Your personal API tokens, newest first (never the secret)' })
  @ZodResponse({ status: HttpStatus.OK, type: ApiTokenPageDto })
  @ApiProblems(P.validation)
  listTokens(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQueryDto,
  ): Promise<Page<ApiTokenView>> {
    const { limit, offset } = pageOf(query);
    return this.tokens.list(principal.userId, limit, offset);
  }

  @Post('tokens')
  @ApiOperation({ summary: 'Create a personal API token; the secret is in this answer only' })
  @ZodResponse({ status: HttpStatus.CREATED, type: ApiTokenCreatedDto })
  @ApiProblems(P.validation, [
    403,
    'AUTH.SESSION_REQUIRED',
    'Tokens cannot create tokens: sign in with a session',
  ])
  createToken(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateApiTokenDto,
  ): Promise<ApiTokenCreated> {
    return this.tokens.create(principal, dto.name, dto.expiresInDays);
  }

  @Delete('tokens/:tokenId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke one of your API tokens (idempotent)' })
  @ApiNoContentResponse()
  @ApiProblems(P.notFound)
  async revokeToken(
    @CurrentPrincipal() principal: Principal,
    @PathParam('tokenId', RECORD_ID) tokenId: string,
  ): Promise<void> {
    await this.tokens.revoke(principal.userId, tokenId);
  }
}
