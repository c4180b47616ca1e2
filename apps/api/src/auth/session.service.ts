import { Inject, Injectable } from '@nestjs/common';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { CSRF_COOKIE, SESSION_COOKIE } from '@aup/contracts';
import { SessionRepository } from '@aup/db';
import { csrfTokenFor, randomSecret, sha256 } from './secrets';

export interface StartedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Server-side browser sessions: an opaque cookie, stored hashed, with an absolute expiry and revocation. */
@Injectable()
export class SessionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: SessionRepository,
  ) {}

  /** Creates a session and sets the cookies on the reply. */
  async start(userId: string, req: FastifyRequest, reply: FastifyReply): Promise<StartedSession> {
    const secret = randomSecret();
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3_600_000);
    const sessionId = await this.repo.insert(userId, sha256(secret), expiresAt);
    const csrfToken = csrfTokenFor(secret);
    const secure = this.config.COOKIE_SECURE || req.protocol === 'https';
    const common = { path: '/', sameSite: 'lax' as const, secure, expires: expiresAt };
    void reply.setCookie(SESSION_COOKIE, secret, { ...common, httpOnly: true });
    // Readable by the web app, which echoes it in X-CSRF-Token.
    void reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
    return { sessionId, csrfToken, expiresAt };
  }

  revoke(sessionId: string): Promise<void> {
    return this.repo.revoke(sessionId);
  }

  /** Ends every live session of the person but `exceptId`; returns how many ended. */
  revokeAllOf(userId: string, exceptId?: string): Promise<number> {
    return this.repo.revokeAllOf(userId, exceptId ?? null);
  }

  clearCookies(req: FastifyRequest, reply: FastifyReply): void {
    const secure = this.config.COOKIE_SECURE || req.protocol === 'https';
    void reply.clearCookie(SESSION_COOKIE, { path: '/', sameSite: 'lax', secure, httpOnly: true });
    void reply.clearCookie(CSRF_COOKIE, { path: '/', sameSite: 'lax', secure });
  }
}
