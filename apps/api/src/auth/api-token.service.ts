import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@aup/config';
import type { ApiTokenCreated, ApiTokenView, Page } from '@aup/contracts';
import { transaction } from '@aup/db';
import { AuditTrailService } from '../audit-trail/audit-trail.service';
import { ProblemException } from '../common/problem';
import { notFound } from './organisation.guard';
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

  async create(userId: string, name: string, expiresInDays = Math.min(90, this.config.API_TOKEN_MAX_DAYS)): Promise<ApiTokenCreated> {
    if (expiresInDays > this.config.API_TOKEN_MAX_DAYS) {
      throw new ProblemException(HttpStatus.BAD_REQUEST, 'VALIDATION.FAILED', 'The request is not valid', `expiresInDays must be at most ${this.config.API_TOKEN_MAX_DAYS}.`, {
        errors: [{ pointer: '/expiresInDays', message: `must not be greater than ${this.config.API_TOKEN_MAX_DAYS}` }],
      });
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
      await this.trail.append(m, { organisationId: null, actorUserId: userId, entity: 'api_token', entityId: view.id, action: 'created', after: { expiresAt: view.expiresAt } });
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
      const rows: { revoked_at: Date | null }[] = await m.query(`SELECT revoked_at FROM api_token WHERE id = $1 AND user_id = $2 FOR UPDATE`, [tokenId, userId]);
      if (!rows.length) throw notFound('The API token');
      if (rows[0].revoked_at) return;
      await m.query(`UPDATE api_token SET revoked_at = now() WHERE id = $1`, [tokenId]);
      await this.trail.append(m, { organisationId: null, actorUserId: userId, entity: 'api_token', entityId: tokenId, action: 'revoked' });
    });
  }

  private async count(userId: string): Promise<number> {
    const [{ n }]: { n: string }[] = await this.ds.query(`SELECT count(*) AS n FROM api_token WHERE user_id = $1`, [userId]);
    return Number(n);
  }
}
