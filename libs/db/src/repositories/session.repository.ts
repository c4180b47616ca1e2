import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';
import type { Role } from '../types';
import { prepared, runPrepared } from '../prepared-statement';
import { rowsOf } from '../rows';

/**
 * A live credential (session or API token) found by its hash, with the holder's membership of the
 * organisation the request names (null fields when they are not a member, or no organisation was named).
 */
export interface CredentialRecord {
  id: string;
  userId: string;
  membershipId: string | null;
  role: Role | null;
}

const CREDENTIAL_BY_SESSION = prepared(
  'authenticate_session',
  `
  SELECT s.id, s.user_id AS "userId", m.id AS "membershipId", m.role
    FROM session s JOIN "user" u ON u.id = s.user_id
    LEFT JOIN membership m ON m.user_id = s.user_id AND m.organisation_id = $2::uuid
   WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.erased_at IS NULL`,
);

/** Browser sessions (`session`): stored as the SHA-256 of the cookie, absolute expiry, revocation. */
@Injectable()
export class SessionRepository extends TxRepository {
  /** The live session with this hash (read fresh on every request, never cached). */
  async authenticate(tokenHash: string, organisationId: string | null): Promise<CredentialRecord | null> {
    const [row] = await runPrepared<CredentialRecord>(this.db, CREDENTIAL_BY_SESSION, [
      tokenHash,
      organisationId,
    ]);
    return row ?? null;
  }

  async insert(userId: string, tokenHash: string, expiresAt: Date): Promise<string> {
    const [row]: { id: string }[] = await this.db.query(
      `INSERT INTO session (user_id, token_hash, expires_at) VALUES ($1, $2, $3) RETURNING id`,
      [userId, tokenHash, expiresAt],
    );
    return row.id;
  }

  async revoke(sessionId: string): Promise<void> {
    await this.db.query(`UPDATE session SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
      sessionId,
    ]);
  }

  /** Ends every live session of the person but `exceptId`; returns how many ended. */
  async revokeAllOf(userId: string, exceptId: string | null): Promise<number> {
    const rows = await rowsOf(
      this.db,
      `UPDATE session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now() AND id IS DISTINCT FROM $2::uuid RETURNING id`,
      [userId, exceptId],
    );
    return rows.length;
  }
}
