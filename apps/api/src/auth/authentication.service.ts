import { Inject, Injectable } from '@nestjs/common';
import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { SESSION_COOKIE } from '@aup/contracts';
import type { Principal } from './principal';
import { API_TOKEN_PREFIX, csrfTokenFor, sha256 } from './secrets';

export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'authenticated'; principal: Principal; csrfToken?: string }
  | { kind: 'rejected'; code: 'AUTH.TOKEN_INVALID' | 'AUTH.SESSION_INVALID'; detail: string };

/** Resolves the credentials of a request (bearer API token first, else the session cookie) against the database. */
@Injectable()
export class AuthenticationService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async authenticate(req: FastifyRequest): Promise<Authentication> {
    const header = req.headers.authorization;
    if (header !== undefined) return this.byToken(header);
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (cookie) return this.bySession(cookie);
    return { kind: 'anonymous' };
  }

  private async byToken(header: string): Promise<Authentication> {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const secret = match?.[1];
    if (!secret || !secret.startsWith(API_TOKEN_PREFIX)) {
      return { kind: 'rejected', code: 'AUTH.TOKEN_INVALID', detail: 'Send a personal API token as `Authorization: Bearer aup_...`.' };
    }
    const rows: { id: string; user_id: string }[] = await this.ds.query(
      `SELECT t.id, t.user_id FROM api_token t JOIN "user" u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND u.erased_at IS NULL`,
      [sha256(secret)],
    );
    if (!rows.length) return { kind: 'rejected', code: 'AUTH.TOKEN_INVALID', detail: 'The API token is unknown, expired or revoked.' };
    // One write per token per minute at most keeps "last used" useful without a write on every request.
    await this.ds.query(
      `UPDATE api_token SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [rows[0].id],
    );
    return { kind: 'authenticated', principal: { userId: rows[0].user_id, method: 'token', credentialId: rows[0].id } };
  }

  private async bySession(secret: string): Promise<Authentication> {
    const rows: { id: string; user_id: string }[] = await this.ds.query(
      `SELECT s.id, s.user_id FROM session s JOIN "user" u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.erased_at IS NULL`,
      [sha256(secret)],
    );
    if (!rows.length) return { kind: 'rejected', code: 'AUTH.SESSION_INVALID', detail: 'The session has expired or was ended. Sign in again.' };
    return {
      kind: 'authenticated',
      principal: { userId: rows[0].user_id, method: 'session', credentialId: rows[0].id },
      csrfToken: csrfTokenFor(secret),
    };
  }
}
