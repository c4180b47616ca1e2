import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';
import type { Role } from '../types';
import { rowsOf } from '../rows';

/** An invitation as stored, without its token's hash. */
export interface InvitationRecord {
  id: string;
  organisationId: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: Date;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

/** What the invitation page shows before anyone signs in. */
export interface InvitationPreviewRecord {
  organisationName: string;
  role: Role;
  email: string;
  inviterName: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  organisation_id: string;
  email: string;
  role: Role;
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS =
  'id, organisation_id, email, role, invited_by, created_at, expires_at, accepted_at, revoked_at';

const toRecord = (r: Row): InvitationRecord => ({
  id: r.id,
  organisationId: r.organisation_id,
  email: r.email,
  role: r.role,
  invitedBy: r.invited_by,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  acceptedAt: r.accepted_at ? new Date(r.accepted_at) : null,
  revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
});

const PENDING = 'accepted_at IS NULL AND revoked_at IS NULL';

/** Invitations to an organisation (`invitation`, the token stored as its SHA-256). */
@Injectable()
export class InvitationRepository extends TxRepository {
  async list(
    orgId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: InvitationRecord[]; total: number }> {
    const rows: (Row & { total: string })[] = await this.db.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM invitation WHERE organisation_id = $1
        ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [orgId, limit, offset],
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number(
          (
            await this.db.query<{ n: string }[]>(
              `SELECT count(*) AS n FROM invitation WHERE organisation_id = $1`,
              [orgId],
            )
          )[0].n,
        );
    return { items: rows.map(toRecord), total };
  }

  /** Withdraws the pending invitations to this address; returns their ids. */
  async revokePendingTo(orgId: string, email: string): Promise<string[]> {
    const rows = await rowsOf<{ id: string }>(
      this.db,
      `UPDATE invitation SET revoked_at = now() WHERE organisation_id = $1 AND email = $2 AND ${PENDING} RETURNING id`,
      [orgId, email],
    );
    return rows.map((r) => r.id);
  }

  /** Withdraws the pending invitations one person sent in the organisation; returns their ids. */
  async revokePendingSentBy(orgId: string, inviterId: string): Promise<string[]> {
    const rows = await rowsOf<{ id: string }>(
      this.db,
      `UPDATE invitation SET revoked_at = now() WHERE organisation_id = $1 AND invited_by = $2 AND ${PENDING} RETURNING id`,
      [orgId, inviterId],
    );
    return rows.map((r) => r.id);
  }

  async create(invitation: {
    orgId: string;
    email: string;
    role: Role;
    tokenHash: string;
    invitedBy: string;
    ttlHours: number;
  }): Promise<InvitationRecord> {
    const [row]: Row[] = await this.db.query(
      `INSERT INTO invitation (organisation_id, email, role, token_hash, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6)) RETURNING ${COLUMNS}`,
      [
        invitation.orgId,
        invitation.email,
        invitation.role,
        invitation.tokenHash,
        invitation.invitedBy,
        invitation.ttlHours,
      ],
    );
    return toRecord(row);
  }

  /** One invitation of the organisation, locked until the transaction ends; null if there is none. */
  async findForUpdate(orgId: string, id: string): Promise<InvitationRecord | null> {
    const rows: Row[] = await this.db.query(
      `SELECT ${COLUMNS} FROM invitation WHERE id = $1 AND organisation_id = $2 FOR UPDATE`,
      [id, orgId],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }

  async revoke(id: string): Promise<void> {
    await this.db.query(`UPDATE invitation SET revoked_at = now() WHERE id = $1`, [id]);
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationRecord | null> {
    const rows: Row[] = await this.db.query(`SELECT ${COLUMNS} FROM invitation WHERE token_hash = $1`, [
      tokenHash,
    ]);
    return rows.length ? toRecord(rows[0]) : null;
  }

  async previewByTokenHash(tokenHash: string): Promise<InvitationPreviewRecord | null> {
    const rows: {
      name: string;
      role: Role;
      email: string;
      inviter: string | null;
      expires_at: Date;
      accepted_at: Date | null;
      revoked_at: Date | null;
    }[] = await this.db.query(
      `SELECT o.name, i.role, i.email, u.display_name AS inviter, i.expires_at, i.accepted_at, i.revoked_at
         FROM invitation i JOIN organisation o ON o.id = i.organisation_id LEFT JOIN "user" u ON u.id = i.invited_by
        WHERE i.token_hash = $1`,
      [tokenHash],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      organisationName: r.name,
      role: r.role,
      email: r.email,
      inviterName: r.inviter,
      expiresAt: new Date(r.expires_at),
      acceptedAt: r.accepted_at ? new Date(r.accepted_at) : null,
      revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
    };
  }

  /** Claims a pending, unexpired invitation (single use); false when it no longer is. */
  async claim(id: string): Promise<boolean> {
    const rows = await rowsOf(
      this.db,
      `UPDATE invitation SET accepted_at = now() WHERE id = $1 AND ${PENDING} AND expires_at > now() RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async setAcceptedBy(id: string, userId: string): Promise<void> {
    await this.db.query(`UPDATE invitation SET accepted_by = $2 WHERE id = $1`, [id, userId]);
  }
}
