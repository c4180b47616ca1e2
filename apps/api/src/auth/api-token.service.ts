import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import type { ApiTokenCreated, ApiTokenView, Page } from '@aup/contracts';
import { transaction } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { ProblemException } from '../common/problem';
import { notFound } from './organisation.guard';
import type { Principal } from '../common/principal';
import { rowsOf } from './sql';
import { API_TOKEN_PREFIX, randomSecret, sha256 } from './secrets';

interface TokenRow {
  id: string;
  name: string;
  created_at: Date;
  expires_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const toView = (t: TokenRow): ApiTokenView => ({
  id: t.id,
  name: t.name,
  createdAt: new Date(t.created_at).toISOString(),
  expiresAt: new Date(t.expires_at).toISOString(),
  lastUsedAt: iso(t.last_used_at),
  revokedAt: iso(t.revoked_at),
});

/**
 * Personal API tokens: named, expiring, revocable; the secret is returned once and stored as SHA-256.
 * Creating and revoking one is recorded in the account trail (organisation-less chain): a token belongs
 * to a person, not to one of their organisations.
 */
@Injectable()
export class ApiTokenService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly trail: AuditTrailService,
  ) {}

  /**
   * Only a signed-in person (a session) mints tokens: a token cannot mint another, so a leaked token cannot
   * outlive its own expiry or revocation. The lifetime is capped by API_TOKEN_MAX_DAYS and by the
   * `apiTokenMaxDays` setting of every organisation the person belongs to (the smallest wins).
   */
  async create(principal: Principal, name: string, requestedDays?: number | null): Promise<ApiTokenCreated> {
    if (principal.method !== 'session') {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'AUTH.SESSION_REQUIRED',
        'Sign in to create tokens',
        'API tokens cannot create API tokens; sign in with your password to create one.',
      );
    }
    const userId = principal.userId;
    const maxDays = await this.maxDaysFor(userId);
    const expiresInDays = requestedDays ?? Math.min(90, maxDays);
    if (expiresInDays > maxDays) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'VALIDATION.FAILED',
        'The request is not valid',
        `expiresInDays must be at most ${maxDays}.`,
        {
          errors: [
            {
              pointer: '/expiresInDays',
              message: `must not be greater than ${maxDays} (the limit of this server and of your organisations)`,
            },
          ],
        },
      );
    }
    const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
    return transaction(this.ds, async (m) => {
      const rows: TokenRow[] = await m.query(
        `INSERT INTO api_token (user_id, name, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4))
         RETURNING id, name, created_at, expires_at, last_used_at, revoked_at`,
        [userId, name, sha256(token), expiresInDays],
      );
      const view = toView(rows[0]);
      // The token's name is free text typed by its owner: the event keeps the id and the expiry only.
      await this.trail.append(m, {
        organisationId: null,
        actorUserId: userId,
        entity: 'api_token',
        entityId: view.id,
        action: 'created',
        after: { expiresAt: view.expiresAt },
      });
      return { ...view, token };
    });
  }

  async list(userId: string, limit: number, offset: number): Promise<Page<ApiTokenView>> {
    const rows: (TokenRow & { total: string })[] = await this.ds.query(
      `SELECT id, name, created_at, expires_at, last_used_at, revoked_at, count(*) OVER () AS total
         FROM api_token WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
    const total = rows.length ? Number(rows[0].total) : await this.count(userId);
    return { items: rows.map(toView), total, limit, offset };
  }

  /** Revoking is idempotent (a second revocation records nothing); another user's token id is a 404. */
  async revoke(userId: string, tokenId: string): Promise<void> {
    await transaction(this.ds, async (m) => {
      const rows: { revoked_at: Date | null }[] = await m.query(
        `SELECT revoked_at FROM api_token WHERE id = $1 AND user_id = $2 FOR UPDATE`,
        [tokenId, userId],
      );
      if (!rows.length) throw notFound('The API token');
      if (rows[0].revoked_at) return;
      await m.query(`UPDATE api_token SET revoked_at = now() WHERE id = $1`, [tokenId]);
      await this.trail.append(m, {
        organisationId: null,
        actorUserId: userId,
        entity: 'api_token',
        entityId: tokenId,
        action: 'revoked',
      });
    });
  }

  /** Revokes every live token of the person (password reset or change); returns how many. */
  async revokeAllOf(m: EntityManager, userId: string): Promise<number> {
    const rows = await rowsOf(
      m,
      `UPDATE api_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      [userId],
    );
    return rows.length;
  }

  private async maxDaysFor(userId: string): Promise<number> {
    const [row]: { days: number | null }[] = await this.ds.query(
      `SELECT min((o.settings->>'apiTokenMaxDays')::int) AS days FROM membership m JOIN organisation o ON o.id = m.organisation_id
        WHERE m.user_id = $1 AND jsonb_typeof(o.settings->'apiTokenMaxDays') = 'number'`,
      [userId],
    );
    return Math.min(this.config.API_TOKEN_MAX_DAYS, row?.days ?? Number.MAX_SAFE_INTEGER);
  }

  private async count(userId: string): Promise<number> {
    const [{ n }]: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM api_token WHERE user_id = $1`,
      [userId],
    );
    return Number(n);
  }
}
