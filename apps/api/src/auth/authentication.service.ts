import { Injectable } from '@nestjs/common';
import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '@aup/contracts';
import { ApiTokenRepository, SessionRepository, type CredentialRecord } from '@aup/db';
import type { MembershipLookup, Principal } from '../common/principal';
import { API_TOKEN_PREFIX, csrfTokenFor, sha256, UUID } from './secrets';

export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'authenticated'; principal: Principal; csrfToken?: string; membership?: MembershipLookup }
  | { kind: 'rejected'; code: 'AUTH.TOKEN_INVALID' | 'AUTH.SESSION_INVALID'; detail: string };

/*
 * One round trip per request: the credential, the caller's membership of the route's organisation (when
 * it names one), and for tokens the "last used" touch. Both are read fresh on every request, never
 * cached, so a revoked token or a removed member is refused at once.
 *
 * Resolves the credentials of a request (bearer API token first, else the session cookie) against the database.
 */
@Injectable()
export class AuthenticationService {
  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly sessions: SessionRepository,
  ) {}

  /**
   * With `organisationId`, the caller's membership of that organisation is loaded in the same query (an
   * id that is not a UUID names no organisation: membership null).
   */
  async authenticate(req: FastifyRequest, organisationId?: string): Promise<Authentication> {
    const header = req.headers.authorization;
    if (header !== undefined) return this.byToken(header, organisationId);
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (cookie) return this.bySession(cookie, organisationId);
    return { kind: 'anonymous' };
  }

  private async byToken(header: string, organisationId: string | undefined): Promise<Authentication> {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const secret = match?.[1];
    if (!secret || !secret.startsWith(API_TOKEN_PREFIX)) {
      return {
        kind: 'rejected',
        code: 'AUTH.TOKEN_INVALID',
        detail: 'Send a personal API token as `Authorization: Bearer aup_...`.',
      };
    }
    const row = await this.tokens.authenticate(sha256(secret), organisationIdOf(organisationId));
    if (!row)
      return {
        kind: 'rejected',
        code: 'AUTH.TOKEN_INVALID',
        detail: 'The API token is unknown, expired or revoked.',
      };
    return {
      kind: 'authenticated',
      principal: { userId: row.userId, method: 'token', credentialId: row.id },
      ...membershipOf(row, organisationId),
    };
  }

  private async bySession(secret: string, organisationId: string | undefined): Promise<Authentication> {
    const row = await this.sessions.authenticate(sha256(secret), organisationIdOf(organisationId));
    if (!row)
      return {
        kind: 'rejected',
        code: 'AUTH.SESSION_INVALID',
        detail: 'The session has expired or was ended. Sign in again.',
      };
    return {
      kind: 'authenticated',
      principal: { userId: row.userId, method: 'session', credentialId: row.id },
      csrfToken: csrfTokenFor(secret),
      ...membershipOf(row, organisationId),
    };
  }
}

/** An id that is not a UUID names no organisation (membership null). */
const organisationIdOf = (id: string | undefined): string | null =>
  id !== undefined && UUID.test(id) ? id : null;

function membershipOf(
  row: CredentialRecord,
  organisationId: string | undefined,
): { membership?: MembershipLookup } {
  if (organisationId === undefined) return {};
  return {
    membership: {
      organisationId: organisationId.toLowerCase(),
      membership: row.membershipId && row.role ? { id: row.membershipId, role: row.role } : null,
    },
  };
}
