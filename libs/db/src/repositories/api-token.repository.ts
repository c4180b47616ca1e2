import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';
import { prepared, runPrepared } from '../prepared-statement';
import { rowsOf } from '../rows';
import type { CredentialRecord } from './session.repository';

/** A personal API token as its owner sees it (never the secret: only its hash is stored). */
export interface ApiTokenRecord {
  id: string;
  name: string;
  createdAt: Date;
  expiresAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `id, name, created_at AS "createdAt", expires_at AS "expiresAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt"`;

const CREDENTIAL_BY_TOKEN = prepared(
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
  SELECT cred.id, cred.user_id AS "userId", m.id AS "membershipId", m.role
    FROM cred LEFT JOIN membership m ON m.user_id = cred.user_id AND m.organisation_id = $2::uuid`,
);

/** Personal API tokens (`api_token`). */
@Injectable()
export class ApiTokenRepository extends TxRepository {
  /** The live token with this hash, its "last used" touched (at most once a minute). */
  async authenticate(tokenHash: string, organisationId: string | null): Promise<CredentialRecord | null> {
    const [row] = await runPrepared<CredentialRecord>(this.db, CREDENTIAL_BY_TOKEN, [
      tokenHash,
      organisationId,
    ]);
    return row ?? null;
  }

  async insert(
    userId: string,
    name: string,
    tokenHash: string,
    expiresInDays: number,
  ): Promise<ApiTokenRecord> {
    const [row]: ApiTokenRecord[] = await this.db.query(
      `INSERT INTO api_token (user_id, name, token_hash, expires_at) VALUES ($1, $2, $3, now() + make_interval(days => $4))
       RETURNING ${COLUMNS}`,
      [userId, name, tokenHash, expiresInDays],
    );
    return row;
  }

  /** One page of the person's tokens, newest first, and how many they have in all. */
  async page(
    userId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: ApiTokenRecord[]; total: number }> {
    const rows: (ApiTokenRecord & { total: string })[] = await this.db.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total
         FROM api_token WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
    const total = rows.length ? Number(rows[0].total) : await this.count(userId);
    return { items: rows.map(({ total: _total, ...t }) => t), total };
  }

  async count(userId: string): Promise<number> {
    const [{ n }]: { n: string }[] = await this.db.query(
      `SELECT count(*) AS n FROM api_token WHERE user_id = $1`,
      [userId],
    );
    return Number(n);
  }

  /** Locks the person's token for a change; null when they have no token with this id. */
  async lockOwned(tokenId: string, userId: string): Promise<{ revokedAt: Date | null } | null> {
    const [row]: { revokedAt: Date | null }[] = await this.db.query(
      `SELECT revoked_at AS "revokedAt" FROM api_token WHERE id = $1 AND user_id = $2 FOR UPDATE`,
      [tokenId, userId],
    );
    return row ?? null;
  }

  async markRevoked(tokenId: string): Promise<void> {
    await this.db.query(`UPDATE api_token SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
      tokenId,
    ]);
  }

  /** Revokes every live token of the person; returns how many. */
  async revokeAllOf(userId: string): Promise<number> {
    const rows = await rowsOf(
      this.db,
      `UPDATE api_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      [userId],
    );
    return rows.length;
  }

  /** The smallest `apiTokenMaxDays` setting among the person's organisations; null when none sets one. */
  async maxDaysSetting(userId: string): Promise<number | null> {
    const [row]: { days: number | null }[] = await this.db.query(
      `SELECT min((o.settings->>'apiTokenMaxDays')::int) AS days FROM membership m JOIN organisation o ON o.id = m.organisation_id
        WHERE m.user_id = $1 AND jsonb_typeof(o.settings->'apiTokenMaxDays') = 'number'`,
      [userId],
    );
    return row?.days ?? null;
  }
}
