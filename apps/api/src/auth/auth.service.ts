import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import type { CredentialsRevoked, LoginResponse, SignupResponse } from '@aup/contracts';
import {
  isUniqueViolation,
  MfaRepository,
  OneTimeTokenRepository,
  OrganisationRepository,
  Transactions,
  UserRepository,
} from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { ProblemException } from '../common/problem';
import { MailOutbox } from '../mail/mail-outbox.service';
import { LoginThrottleService, accountKey } from './login-throttle.service';
import { ApiTokenService } from './api-token.service';
import { invalidCode, MfaService, type SecondFactor } from './mfa.service';
import { PasswordService } from './password.service';
import { randomSecret, sha256 } from './secrets';
import { SessionService } from './session.service';
import { toUserView } from './user-view';
import type { LoginDto, SignupDto } from './dto/auth-request.dto';

const MFA_CHALLENGE_MINUTES = 5;
const MFA_CHALLENGE_ATTEMPTS = 5;

export const emailTaken = () =>
  new ProblemException(
    HttpStatus.CONFLICT,
    'AUTH.EMAIL_TAKEN',
    'E-mail already registered',
    'Sign in instead, or reset your password.',
  );

const invalidCredentials = () =>
  new ProblemException(
    HttpStatus.UNAUTHORIZED,
    'AUTH.INVALID_CREDENTIALS',
    'Wrong e-mail or password',
    'The e-mail address or the password is wrong.',
  );

const invalidChallenge = () =>
  new ProblemException(
    HttpStatus.UNAUTHORIZED,
    'AUTH.MFA_CHALLENGE_INVALID',
    'Sign-in expired',
    'The sign-in challenge is unknown, expired or used up. Sign in again.',
  );

/** Sign-up, password and MFA login, password reset. Thin controllers call one method each. */
@Injectable()
export class AuthService {
  constructor(
    private readonly organisations: OrganisationRepository,
    private readonly transactions: Transactions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailOutbox,
    private readonly trail: AuditTrailService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottleService,
    private readonly mfa: MfaService,
    private readonly tokens: ApiTokenService,
    private readonly users: UserRepository,
    private readonly oneTime: OneTimeTokenRepository,
    private readonly mfaCodes: MfaRepository,
  ) {}

  /**
   * Creates the user, their organisation and their admin membership, then starts a session. An e-mail
   * that already has an account is answered 409 (see docs/SECURITY.md for why), and each such answer
   * counts against the caller's address like a failed sign-in, so addresses cannot be probed in bulk.
   */
  async signup(dto: SignupDto, req: FastifyRequest, reply: FastifyReply): Promise<SignupResponse> {
    const email = dto.email.toLowerCase();
    const address = this.throttle.addressKeyFor(req.ip);
    await this.throttle.assertNotLocked([address.key]);
    this.passwords.assertAcceptable(dto.password, [email, dto.displayName, dto.organisationName]);
    const hash = await this.passwords.hash(dto.password);
    try {
      return await this.transactions.run(async () => {
        const user = await this.users.insert(email, dto.displayName ?? null, hash);
        const org = await this.organisations.create(dto.organisationName, {}, user.id);
        const session = await this.sessions.start(user.id, req, reply);
        await this.trail.append({
          organisationId: org.id,
          actorUserId: user.id,
          entity: 'user',
          entityId: user.id,
          action: 'signed_up',
        });
        await this.trail.append({
          organisationId: org.id,
          actorUserId: user.id,
          entity: 'organisation',
          entityId: org.id,
          action: 'created',
          after: {
            via: 'signup',
            adminUserId: user.id,
            profile: {},
            settings: { respondentsSeeScores: false },
          },
        });
        return {
          mfaRequired: false as const,
          user: toUserView(user),
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt.toISOString(),
          organisation: { id: org.id, name: org.name },
        };
      });
    } catch (err) {
      if (isUniqueViolation(err, 'uq_user_email')) {
        await this.throttle.recordFailure([address]);
        throw emailTaken();
      }
      throw err;
    }
  }

  async login(dto: LoginDto, req: FastifyRequest, reply: FastifyReply): Promise<LoginResponse> {
    const email = dto.email.toLowerCase();
    const keys = this.throttle.keysFor(email, req.ip);
    await this.throttle.assertNotLocked(keys.map((k) => k.key));
    const user = await this.users.findForSignIn(email);
    // Unknown e-mails are checked against a dummy hash: the same time as a known one.
    if (!(await this.passwords.verify(user?.passwordHash, dto.password)) || !user) {
      await this.throttle.recordFailure(keys);
      throw invalidCredentials();
    }
    await this.throttle.reset(accountKey(email));
    if (user.mfaEnabledAt) {
      const challengeToken = randomSecret();
      const challenge = await this.oneTime.insert(
        user.id,
        'mfa_challenge',
        sha256(challengeToken),
        MFA_CHALLENGE_MINUTES,
      );
      return { mfaRequired: true, challengeToken, expiresAt: new Date(challenge.expiresAt).toISOString() };
    }
    const session = await this.sessions.start(user.id, req, reply);
    return {
      mfaRequired: false,
      user: toUserView(user),
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  /** Second step of an MFA login: the challenge from /auth/login plus a current code or an unused recovery code. */
  async loginMfa(
    challengeToken: string,
    factor: SecondFactor,
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<LoginResponse> {
    const user = await this.oneTime.findMfaChallenge(sha256(challengeToken), MFA_CHALLENGE_ATTEMPTS);
    if (!user || !user.sealedSecret || !user.email) throw invalidChallenge();
    const keys = this.throttle.keysFor(user.email, req.ip);
    await this.throttle.assertNotLocked(keys.map((k) => k.key));
    if (!(await this.mfa.verifySecondFactor(user.id, user.sealedSecret, factor))) {
      await this.oneTime.countWrongAttempt(user.challengeId);
      await this.throttle.recordFailure(keys);
      throw invalidCode();
    }
    return this.transactions.run(async () => {
      if (!(await this.oneTime.use(user.challengeId))) throw invalidChallenge();
      const session = await this.sessions.start(user.id, req, reply);
      return {
        mfaRequired: false as const,
        user: toUserView(user),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
        // Signing in with a recovery code spends it: say how many are left, so the person can act in time.
        ...(factor.recoveryCode !== undefined
          ? { recoveryCodesLeft: await this.mfaCodes.recoveryCodesLeft(user.id) }
          : {}),
      };
    });
  }

  /**
   * 202 from the caller's view whether or not the e-mail has an account, so the answer never reveals one.
   * Requests are limited per e-mail address and per client address (429 with Retry-After), counted alike
   * for addresses with and without an account. The link is e-mailed through the job outbox, queued in the
   * transaction that stores its token.
   */
  async requestPasswordReset(rawEmail: string, ip: string): Promise<void> {
    const email = rawEmail.toLowerCase();
    const keys = this.throttle.resetKeysFor(email, ip);
    await this.throttle.assertNotLocked(
      keys.map((k) => k.key),
      'Too many password-reset requests',
    );
    await this.throttle.recordFailure(keys);
    const userId = await this.users.idByEmail(email);
    if (!userId) return;
    const token = randomSecret();
    await this.transactions.run(async () => {
      const reset = await this.oneTime.insert(
        userId,
        'password_reset',
        sha256(token),
        this.config.PASSWORD_RESET_TTL_MINUTES,
      );
      await this.mail.queue({ template: 'password_reset', resetId: reset.id, token });
    });
  }

  /**
   * Sets the new password, uses up the token (and any other open reset link), ends every session and
   * revokes every API token (the answer says how many). MFA stays on: a reset proves the mailbox only, so
   * the next sign-in still asks for a code (or a recovery code).
   */
  async confirmPasswordReset(token: string, password: string): Promise<CredentialsRevoked> {
    const row = await this.oneTime.findPasswordReset(sha256(token));
    if (!row) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'AUTH.RESET_TOKEN_INVALID',
        'Reset link not valid',
        'The link is unknown, expired or was already used. Ask for a new one.',
      );
    }
    this.passwords.assertAcceptable(password, [row.email, row.displayName]);
    const hash = await this.passwords.hash(password);
    const revoked = await this.transactions.run(async () => {
      if (!(await this.oneTime.useAllPasswordResets(row.userId)))
        throw new ProblemException(
          HttpStatus.BAD_REQUEST,
          'AUTH.RESET_TOKEN_INVALID',
          'Reset link not valid',
        );
      await this.users.setPassword(row.userId, hash);
      const counts = {
        sessionsEnded: await this.sessions.revokeAllOf(row.userId),
        tokensRevoked: await this.tokens.revokeAllOf(row.userId),
      };
      await this.trail.append({
        organisationId: null,
        actorUserId: row.userId,
        entity: 'user',
        entityId: row.userId,
        action: 'password_reset',
        after: counts,
      });
      return counts;
    });
    if (row.email) await this.throttle.reset(accountKey(row.email));
    return revoked;
  }
}
