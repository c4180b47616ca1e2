import { Inject, Injectable } from '@nestjs/common';
import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { SESSION_COOKIE } from '@aup/contracts';
import type { Role } from '@aup/db';
import { prepared, runPrepared, type PreparedStatement } from '../common/prepared-statement';
import type { MembershipLookup, Principal } from '../common/principal';
import { API_TOKEN_PREFIX, csrfTokenFor, sha256, UUID } from './secrets';

export type Authentication =
  | { kind: 'anonymous' }
  | { kind: 'authenticated'; principal: Principal; csrfToken?: string; membership?: MembershipLookup }
  | { kind: 'rejected'; code: 'AUTH.TOKEN_INVALID' | 'AUTH.SESSION_INVALID'; detail: string };

interface CredentialRow {
  id: string;
  user_id: string;
  membership_id: string | null;
  role: Role | null;
}

/*
 * One round trip per request: the credential, the caller's membership of the route's organisation (when
 * it names one), and for tokens the "last used" touch. Both are read fresh on every request, never
 * cached, so a revoked token or a removed member is refused at once.
 */
const BY_TOKEN = prepared(
  'authenticate_token',
  `
  WITH cred AS (
    SELECT t.id, t.user_id FROM api_token t JOIN "user" u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND u.erased_at IS NULL
  ), touched AS (
    -- One write per token per minute at most keeps "last used" useful without a write on every request.
    UPDATE api_token t SET last_used_at = now() FROM cred
     WHERE t.id = cred.id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute')
  )
  SELECT cred.id, cred.user_id, m.id AS membership_id, m.role
    FROM cred LEFT JOIN membership m ON m.user_id = cred.user_id AND m.organisation_id = $2::uuid`,
);

const BY_SESSION = prepared(
  'authenticate_session',
  `
  SELECT s.id, s.user_id, m.id AS membership_id, m.role
    FROM session s JOIN "user" u ON u.id = s.user_id
    LEFT JOIN membership m ON m.user_id = s.user_id AND m.organisation_id = $2::uuid
   WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.erased_at IS NULL`,
);

/** Resolves the credentials of a request (bearer API token first, else the session cookie) against the database. */
@Injectable()
export class AuthenticationService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

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
    const [row] = await this.lookup(BY_TOKEN, secret, organisationId);
    if (!row)
      return {
        kind: 'rejected',
        code: 'AUTH.TOKEN_INVALID',
        detail: 'The API token is unknown, expired or revoked.',
      };
    return {
      kind: 'authenticated',
      principal: { userId: row.user_id, method: 'token', credentialId: row.id },
      ...membershipOf(row, organisationId),
    };
  }

  private async bySession(secret: string, organisationId: string | undefined): Promise<Authentication> {
    const [row] = await this.lookup(BY_SESSION, secret, organisationId);
    if (!row)
      return {
        kind: 'rejected',
        code: 'AUTH.SESSION_INVALID',
        detail: 'The session has expired or was ended. Sign in again.',
      };
    return {
      kind: 'authenticated',
      principal: { userId: row.user_id, method: 'session', credentialId: row.id },
      csrfToken: csrfTokenFor(secret),
      ...membershipOf(row, organisationId),
    };
  }

  private lookup(
    statement: PreparedStatement,
    secret: string,
    organisationId: string | undefined,
  ): Promise<CredentialRow[]> {
    return runPrepared<CredentialRow>(this.ds, statement, [
      sha256(secret),
      organisationId !== undefined && UUID.test(organisationId) ? organisationId : null,
    ]);
  }
}

function membershipOf(
  row: CredentialRow,
  organisationId: string | undefined,
): { membership?: MembershipLookup } {
  if (organisationId === undefined) return {};
  return {
    membership: {
      organisationId: organisationId.toLowerCase(),
      membership: row.membership_id && row.role ? { id: row.membership_id, role: row.role } : null,
    },
  };
}
