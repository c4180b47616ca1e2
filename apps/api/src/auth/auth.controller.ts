import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCookieAuth,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type {
  CredentialsRevoked,
  LoginResponse,
  MfaConfirmResponse,
  MfaEnrollResponse,
  SignupResponse,
} from '@aup/contracts';
import { AUTHENTICATED, ApiProblems, P } from '../common/api-problems.decorator';
import { CurrentPrincipal, Public } from '../common/auth.decorators';
import { csrfFailed } from './auth.guard';
import { AuthService } from './auth.service';
import {
  LoginDto,
  LoginMfaDto,
  MfaCodeDto,
  MfaDisableDto,
  MfaEnrollDto,
  PasswordResetConfirmDto,
  PasswordResetDto,
  SignupDto,
} from './dto/auth-request.dto';
import {
  CredentialsRevokedDto,
  LoginResponseDto,
  MfaConfirmResponseDto,
  MfaEnrollResponseDto,
  SignupResponseDto,
} from './dto/auth-response.dto';
import { MfaService } from './mfa.service';
import type { Principal } from '../common/principal';
import { SessionService } from './session.service';
import { RateLimit } from './rate-limit';

const RATE_LIMITED = [
  429,
  'AUTH.RATE_LIMITED',
  'Too many failed sign-ins for this account or address; see Retry-After',
] as const;
const RESET_RATE_LIMITED = [
  429,
  'AUTH.RATE_LIMITED',
  'Too many reset requests for this e-mail or from this address; see Retry-After',
] as const;
const ACCOUNT_RATE_LIMITED = [
  429,
  'AUTH.RATE_LIMITED',
  'Too many wrong passwords or codes for this account; see Retry-After',
] as const;
const PASSWORD_MISMATCH = [403, 'AUTH.PASSWORD_MISMATCH', 'The current password is wrong'] as const;
const SIGNUP_RATE_LIMITED = [
  429,
  'AUTH.RATE_LIMITED',
  'Too many refused sign-ins or sign-ups from this address; see Retry-After',
] as const;

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly mfa: MfaService,
    private readonly sessions: SessionService,
  ) {}

  @Public()
  @Post('signup')
  @RateLimit('signup')
  @ApiOperation({
    summary: 'Create an account and its organisation (you become its admin); starts a session',
  })
  @ZodResponse({
    status: HttpStatus.CREATED,
    type: SignupResponseDto,
    description: 'Sets the aup_session (httpOnly) and aup_csrf cookies',
  })
  @ApiProblems(
    P.validation,
    P.weakPassword,
    [409, 'AUTH.EMAIL_TAKEN', 'An account with this e-mail exists'],
    SIGNUP_RATE_LIMITED,
  )
  signup(
    @Body() dto: SignupDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SignupResponse> {
    return this.auth.signup(dto, req, reply);
  }

  @Public()
  @Post('login')
  @RateLimit('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Sign in with e-mail and password',
    description:
      'Without MFA: starts a session (cookies set). With MFA: answers `mfaRequired: true` and a challenge token for POST /auth/login/mfa. ' +
      'Failed attempts are limited per account and per address with exponential back-off.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: LoginResponseDto })
  @ApiProblems(P.validation, [401, 'AUTH.INVALID_CREDENTIALS', 'Wrong e-mail or password'], RATE_LIMITED)
  login(
    @Body() dto: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    return this.auth.login(dto, req, reply);
  }

  @Public()
  @Post('login/mfa')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Second sign-in step: the challenge token and a code from the authenticator app; starts a session',
  })
  @ZodResponse({ status: HttpStatus.OK, type: LoginResponseDto })
  @ApiProblems(
    P.validation,
    [
      401,
      'AUTH.MFA_CHALLENGE_INVALID',
      'The challenge is unknown, expired, used or had too many wrong codes',
    ],
    [401, 'AUTH.MFA_INVALID_CODE', 'The code or recovery code is wrong or was already used'],
    RATE_LIMITED,
  )
  loginMfa(
    @Body() dto: LoginMfaDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    return this.auth.loginMfa(
      dto.challengeToken,
      { code: dto.code, recoveryCode: dto.recoveryCode },
      req,
      reply,
    );
  }

  @Public()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'End the browser session (revoked server-side) and clear its cookies; harmless without one',
  })
  @ApiNoContentResponse()
  @ApiProblems(P.csrf)
  async logout(
    @CurrentPrincipal() principal: Principal | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    if (req.csrfRejected) throw csrfFailed();
    if (principal?.method === 'session') await this.sessions.revoke(principal.credentialId);
    this.sessions.clearCookies(req, reply);
  }

  @Public()
  @Post('password-reset')
  @RateLimit('password_reset')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Ask for a password-reset link',
    description:
      '202 whether or not the e-mail has an account. The link is e-mailed in the background (or, without SMTP, written to the server log). ' +
      'Requests are limited per e-mail address and per client address, alike for addresses with and without an account.',
  })
  @ApiAcceptedResponse()
  @ApiProblems(P.validation, RESET_RATE_LIMITED)
  async requestReset(@Body() dto: PasswordResetDto, @Req() req: FastifyRequest): Promise<void> {
    await this.auth.requestPasswordReset(dto.email, req.ip);
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Set a new password with the token from the reset link; ends every session and revokes every API token of the account',
    description:
      'The answer says how many sessions ended and tokens were revoked. MFA stays on: the next sign-in still asks for a code or a recovery code.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: CredentialsRevokedDto })
  @ApiProblems(P.validation, P.weakPassword, [
    400,
    'AUTH.RESET_TOKEN_INVALID',
    'The link is unknown, expired or used',
  ])
  confirmReset(@Body() dto: PasswordResetConfirmDto): Promise<CredentialsRevoked> {
    return this.auth.confirmPasswordReset(dto.token, dto.password);
  }

  @Post('mfa/enroll')
  @HttpCode(HttpStatus.OK)
  @ApiCookieAuth('session')
  @ApiBearerAuth('token')
  @ApiOperation({
    summary:
      'Start MFA enrolment with your current password: a new TOTP secret and otpauth URI (MFA is on only after confirm)',
  })
  @ZodResponse({ status: HttpStatus.OK, type: MfaEnrollResponseDto })
  @ApiProblems(
    ...AUTHENTICATED,
    P.validation,
    PASSWORD_MISMATCH,
    [409, 'AUTH.MFA_ALREADY_ENABLED', 'MFA is already on'],
    ACCOUNT_RATE_LIMITED,
  )
  enroll(@CurrentPrincipal() principal: Principal, @Body() dto: MfaEnrollDto): Promise<MfaEnrollResponse> {
    return this.mfa.enroll(principal.userId, dto.password);
  }

  @Post('mfa/confirm')
  @HttpCode(HttpStatus.OK)
  @ApiCookieAuth('session')
  @ApiBearerAuth('token')
  @ApiOperation({
    summary:
      'Turn MFA on with a code from the enrolled authenticator; answers ten recovery codes, shown once',
  })
  @ApiBody({ type: MfaCodeDto })
  @ZodResponse({ status: HttpStatus.OK, type: MfaConfirmResponseDto })
  @ApiProblems(
    ...AUTHENTICATED,
    P.validation,
    [401, 'AUTH.MFA_INVALID_CODE', 'The code is wrong or was already used'],
    [409, 'AUTH.MFA_NOT_ENROLLED', 'Enrol first'],
    [409, 'AUTH.MFA_ALREADY_ENABLED', 'MFA is already on'],
    ACCOUNT_RATE_LIMITED,
  )
  confirm(@CurrentPrincipal() principal: Principal, @Body() dto: MfaCodeDto): Promise<MfaConfirmResponse> {
    return this.mfa.confirm(principal.userId, dto.code);
  }

  @Post('mfa/disable')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiCookieAuth('session')
  @ApiBearerAuth('token')
  @ApiOperation({
    summary: 'Turn MFA off with your current password and a current code or an unused recovery code',
  })
  @ApiNoContentResponse()
  @ApiProblems(
    ...AUTHENTICATED,
    P.validation,
    PASSWORD_MISMATCH,
    [401, 'AUTH.MFA_INVALID_CODE', 'The code is wrong or was already used'],
    [409, 'AUTH.MFA_NOT_ENABLED', 'MFA is off'],
    ACCOUNT_RATE_LIMITED,
  )
  async disable(@CurrentPrincipal() principal: Principal, @Body() dto: MfaDisableDto): Promise<void> {
    await this.mfa.disable(principal.userId, dto.password, {
      code: dto.code,
      recoveryCode: dto.recoveryCode,
    });
  }
}
