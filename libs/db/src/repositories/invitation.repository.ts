import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../entities/membership.entity';
import { rowsOf } from '../rows';

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

/** What the invitation page shows before accepting. */
export interface InvitationPreviewRecord {
  organisationName: string;
  role: Role;
  email: string;
  inviterName: string | null;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `id, organisation_id AS "organisationId", email, role, invited_by AS "invitedBy", created_at AS "createdAt",
  expires_at AS "expiresAt", accepted_at AS "acceptedAt", revoked_at AS "revokedAt"`;

/** Invitations to an organisation (`invitation`, token as SHA-256). Methods take the caller's transaction last. */
@Injectable()
export class InvitationRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** One page of the organisation's invitations, newest first, and how many it has in all. */
  async page(
    organisationId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: InvitationRecord[]; total: number }> {
    const rows: (InvitationRecord & { total: string })[] = await this.ds.query(
      `SELECT ${COLUMNS}, count(*) OVER () AS total FROM invitation WHERE organisation_id = $1
        ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [organisationId, limit, offset],
    );
    if (rows.length) return { items: rows.map(({ total: _t, ...r }) => r), total: Number(rows[0].total) };
    const [{ n }]: { n: string }[] = await this.ds.query(
      `SELECT count(*) AS n FROM invitation WHERE organisation_id = $1`,
      [organisationId],
    );
    return { items: [], total: Number(n) };
  }

  async insert(
    invitation: {
      organisationId: string;
      email: string;
      role: Role;
      tokenHash: string;
      invitedBy: string;
      ttlHours: number;
    },
    m: EntityManager = this.ds.manager,
  ): Promise<InvitationRecord> {
    const i = invitation;
    const [row]: InvitationRecord[] = await m.query(
      `INSERT INTO invitation (organisation_id, email, role, token_hash, invited_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6)) RETURNING ${COLUMNS}`,
      [i.organisationId, i.email, i.role, i.tokenHash, i.invitedBy, i.ttlHours],
    );
    return row;
  }

  /** Withdraws the pending invitations to an address in the organisation; returns their ids. */
  async withdrawPendingTo(
    organisationId: string,
    email: string,
    m: EntityManager = this.ds.manager,
  ): Promise<string[]> {
    const rows = await rowsOf<{ id: string }>(
      m,
      `UPDATE invitation SET revoked_at = now() WHERE organisation_id = $1 AND email = $2 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [organisationId, email],
    );
    return rows.map((r) => r.id);
  }

  /** Withdraws the pending invitations one person sent in the organisation; returns their ids. */
  async withdrawPendingFrom(
    organisationId: string,
    inviterId: string,
    m: EntityManager = this.ds.manager,
  ): Promise<string[]> {
    const rows = await rowsOf<{ id: string }>(
      m,
      `UPDATE invitation SET revoked_at = now() WHERE organisation_id = $1 AND invited_by = $2 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING id`,
      [organisationId, inviterId],
    );
    return rows.map((r) => r.id);
  }

  /** Locks the organisation's invitation for a change; null when it has none with this id. */
  async lock(
    organisationId: string,
    id: string,
    m: EntityManager = this.ds.manager,
  ): Promise<InvitationRecord | null> {
    const [row]: InvitationRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM invitation WHERE id = $1 AND organisation_id = $2 FOR UPDATE`,
      [id, organisationId],
    );
    return row ?? null;
  }

  async markRevoked(id: string, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(`UPDATE invitation SET revoked_at = now() WHERE id = $1`, [id]);
  }

  async findByTokenHash(tokenHash: string): Promise<InvitationRecord | null> {
    const [row]: InvitationRecord[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM invitation WHERE token_hash = $1`,
      [tokenHash],
    );
    return row ?? null;
  }

  async preview(tokenHash: string): Promise<InvitationPreviewRecord | null> {
    const [row]: InvitationPreviewRecord[] = await this.ds.query(
      `SELECT o.name AS "organisationName", i.role, i.email, u.display_name AS "inviterName", i.expires_at AS "expiresAt",
              i.accepted_at AS "acceptedAt", i.revoked_at AS "revokedAt"
         FROM invitation i JOIN organisation o ON o.id = i.organisation_id LEFT JOIN "user" u ON u.id = i.invited_by
        WHERE i.token_hash = $1`,
      [tokenHash],
    );
    return row ?? null;
  }

  /** Claims a pending invitation; false when it was used, withdrawn or expired meanwhile. */
  async claim(id: string, m: EntityManager = this.ds.manager): Promise<boolean> {
    const rows = await rowsOf(
      m,
      `UPDATE invitation SET accepted_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now() RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  async setAcceptedBy(id: string, userId: string, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(`UPDATE invitation SET accepted_by = $2 WHERE id = $1`, [id, userId]);
  }
}
