import { Inject, Injectable } from '@nestjs/common';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import { CSRF_COOKIE, SESSION_COOKIE } from '@aup/contracts';
import { csrfTokenFor, randomSecret, sha256 } from './secrets';
import { rowsOf } from './sql';

export interface StartedSession {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Server-side browser sessions: an opaque cookie, stored hashed, with an absolute expiry and revocation. */
@Injectable()
export class SessionService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates a session and sets the cookies on the reply. Pass the transaction's manager when inside one. */
  async start(
    userId: string,
    req: FastifyRequest,
    reply: FastifyReply,
    manager: EntityManager = this.ds.manager,
  ): Promise<StartedSession> {
    const secret = randomSecret();
    const expiresAt = new Date(Date.now() + this.config.SESSION_TTL_HOURS * 3_600_000);
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO session (user_id, token_hash, expires_at) VALUES ($1, $2, $3) RETURNING id`,
      [userId, sha256(secret), expiresAt],
    );
    const csrfToken = csrfTokenFor(secret);
    const secure = this.config.COOKIE_SECURE || req.protocol === 'https';
    const common = { path: '/', sameSite: 'lax' as const, secure, expires: expiresAt };
    void reply.setCookie(SESSION_COOKIE, secret, { ...common, httpOnly: true });
    // Readable by the web app, which echoes it in X-CSRF-Token.
    void reply.setCookie(CSRF_COOKIE, csrfToken, { ...common, httpOnly: false });
    return { sessionId: rows[0].id, csrfToken, expiresAt };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.ds.query(`UPDATE session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
    ]);
  }

  /** Ends every live session of the person but `exceptId`; returns how many ended. */
  async revokeAllOf(
    userId: string,
    manager: EntityManager = this.ds.manager,
    exceptId?: string,
  ): Promise<number> {
    const rows = await rowsOf(
      manager,
      `UPDATE session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() AND id IS DISTINCT FROM $2::uuid RETURNING id`,
      [userId, exceptId ?? null],
    );
    return rows.length;
  }

  clearCookies(req: FastifyRequest, reply: FastifyReply): void {
    const secure = this.config.COOKIE_SECURE || req.protocol === 'https';
    void reply.clearCookie(SESSION_COOKIE, { path: '/', sameSite: 'lax', secure, httpOnly: true });
    void reply.clearCookie(CSRF_COOKIE, { path: '/', sameSite: 'lax', secure });
  }
}
