import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import type { CredentialsRevoked, LoginResponse, SignupResponse } from '@aup/contracts';
import { isUniqueViolation, transaction } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { ProblemException } from '../common/problem';
import { MailOutbox } from '../mail/mail-outbox.service';
import { LoginThrottleService, accountKey } from './login-throttle.service';
import { ApiTokenService } from './api-token.service';
import { invalidCode, MfaService, type SecondFactor } from './mfa.service';
import { PasswordService } from './password.service';
import { randomSecret, sha256 } from './secrets';
import { SessionService } from './session.service';
import { toUserView, USER_COLUMNS, type UserRow } from './user-view';
import type { LoginDto, SignupDto } from './dto/auth-request.dto';
import { rowsOf } from './sql';

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
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailOutbox,
    private readonly trail: AuditTrailService,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottleService,
    private readonly mfa: MfaService,
    private readonly tokens: ApiTokenService,
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
      return await transaction(this.ds, async (m) => {
        const [user]: UserRow[] = await m.query(
          `INSERT INTO "user" (email, display_name, password_hash, password_changed_at) VALUES ($1, $2, $3, now())
           RETURNING id, email, display_name, mfa_enabled_at, created_at`,
          [email, dto.displayName ?? null, hash],
        );
        const [org]: { id: string; name: string }[] = await m.query(
          `INSERT INTO organisation (name) VALUES ($1) RETURNING id, name`,
          [dto.organisationName],
        );
        await m.query(`INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, 'admin')`, [
          user.id,
          org.id,
        ]);
        const session = await this.sessions.start(user.id, req, reply, m);
        await this.trail.append(m, {
          organisationId: org.id,
          actorUserId: user.id,
          entity: 'user',
          entityId: user.id,
          action: 'signed_up',
        });
        await this.trail.append(m, {
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
    const rows: (UserRow & { password_hash: string | null })[] = await this.ds.query(
      `SELECT ${USER_COLUMNS}, u.password_hash FROM "user" u WHERE u.email = $1 AND u.erased_at IS NULL`,
      [email],
    );
    const user = rows[0];
    if (!(await this.passwords.verify(user?.password_hash, dto.password))) {
      await this.throttle.recordFailure(keys);
      throw invalidCredentials();
    }
    await this.throttle.reset(accountKey(email));
    if (user.mfa_enabled_at) {
      const challengeToken = randomSecret();
      const [row]: { expires_at: Date }[] = await this.ds.query(
        `INSERT INTO one_time_token (user_id, purpose, token_hash, expires_at)
         VALUES ($1, 'mfa_challenge', $2, now() + make_interval(mins => $3)) RETURNING expires_at`,
        [user.id, sha256(challengeToken), MFA_CHALLENGE_MINUTES],
      );
      return { mfaRequired: true, challengeToken, expiresAt: new Date(row.expires_at).toISOString() };
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
    const rows: (UserRow & { challenge_id: string; mfa_secret: string | null })[] = await this.ds.query(
      `SELECT ${USER_COLUMNS}, u.mfa_secret, t.id AS challenge_id FROM one_time_token t JOIN "user" u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.purpose = 'mfa_challenge' AND t.used_at IS NULL AND t.expires_at > now()
          AND t.attempts < $2 AND u.erased_at IS NULL`,
      [sha256(challengeToken), MFA_CHALLENGE_ATTEMPTS],
    );
    const user = rows[0];
    if (!user || !user.mfa_secret || !user.email) throw invalidChallenge();
    const keys = this.throttle.keysFor(user.email, req.ip);
    await this.throttle.assertNotLocked(keys.map((k) => k.key));
    if (!(await this.mfa.verifySecondFactor(this.ds.manager, user.id, user.mfa_secret, factor))) {
      await this.ds.query(`UPDATE one_time_token SET attempts = attempts + 1 WHERE id = $1`, [
        user.challenge_id,
      ]);
      await this.throttle.recordFailure(keys);
      throw invalidCode();
    }
    return transaction(this.ds, async (m) => {
      const used = await rowsOf(
        m,
        `UPDATE one_time_token SET used_at = now() WHERE id = $1 AND used_at IS NULL RETURNING id`,
        [user.challenge_id],
      );
      if (!used.length) throw invalidChallenge();
      const session = await this.sessions.start(user.id, req, reply, m);
      return {
        mfaRequired: false as const,
        user: toUserView(user),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
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
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM "user" WHERE email = $1 AND erased_at IS NULL`,
      [email],
    );
    if (!rows.length) return;
    const token = randomSecret();
    await transaction(this.ds, async (m) => {
      const [reset]: { id: string }[] = await m.query(
        `INSERT INTO one_time_token (user_id, purpose, token_hash, expires_at)
         VALUES ($1, 'password_reset', $2, now() + make_interval(mins => $3)) RETURNING id`,
        [rows[0].id, sha256(token), this.config.PASSWORD_RESET_TTL_MINUTES],
      );
      await this.mail.queue(m, { template: 'password_reset', resetId: reset.id, token });
    });
  }

  /**
   * Sets the new password, uses up the token (and any other open reset link), ends every session and
   * revokes every API token (the answer says how many). MFA stays on: a reset proves the mailbox only, so
   * the next sign-in still asks for a code (or a recovery code).
   */
  async confirmPasswordReset(token: string, password: string): Promise<CredentialsRevoked> {
    const rows: { id: string; user_id: string; email: string | null; display_name: string | null }[] =
      await this.ds.query(
        `SELECT t.id, t.user_id, u.email, u.display_name FROM one_time_token t JOIN "user" u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.purpose = 'password_reset' AND t.used_at IS NULL AND t.expires_at > now() AND u.erased_at IS NULL`,
        [sha256(token)],
      );
    const row = rows[0];
    if (!row) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'AUTH.RESET_TOKEN_INVALID',
        'Reset link not valid',
        'The link is unknown, expired or was already used. Ask for a new one.',
      );
    }
    this.passwords.assertAcceptable(password, [row.email, row.display_name]);
    const hash = await this.passwords.hash(password);
    const revoked = await transaction(this.ds, async (m) => {
      const used = await rowsOf(
        m,
        `UPDATE one_time_token SET used_at = now() WHERE user_id = $1 AND purpose = 'password_reset' AND used_at IS NULL RETURNING id`,
        [row.user_id],
      );
      if (!used.length)
        throw new ProblemException(
          HttpStatus.BAD_REQUEST,
          'AUTH.RESET_TOKEN_INVALID',
          'Reset link not valid',
        );
      await m.query(`UPDATE "user" SET password_hash = $2, password_changed_at = now() WHERE id = $1`, [
        row.user_id,
        hash,
      ]);
      const counts = {
        sessionsEnded: await this.sessions.revokeAllOf(row.user_id, m),
        tokensRevoked: await this.tokens.revokeAllOf(m, row.user_id),
      };
      await this.trail.append(m, {
        organisationId: null,
        actorUserId: row.user_id,
        entity: 'user',
        entityId: row.user_id,
        action: 'password_reset',
        after: counts,
      });
      return counts;
    });
    if (row.email) await this.throttle.reset(accountKey(row.email));
    return revoked;
  }
}
