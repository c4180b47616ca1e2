import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Role } from '../entities/membership.entity';

export interface MembershipRecord {
  id: string;
  role: Role;
}

/**
 * `membership`: reads for access checks, and the writes of sign-up, invitations and erasure (role changes
 * and removals stay with the organisations module's service). Methods take the caller's transaction last.
 */
@Injectable()
export class MembershipRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** A person's membership of one organisation, or null when they are not a member (or it does not exist). */
  async findOne(
    userId: string,
    organisationId: string,
    m: EntityManager = this.ds.manager,
  ): Promise<MembershipRecord | null> {
    const rows: MembershipRecord[] = await m.query(
      `SELECT id, role FROM membership WHERE user_id = $1 AND organisation_id = $2`,
      [userId, organisationId],
    );
    return rows[0] ?? null;
  }

  /** Whether the account of a (lower-case) e-mail belongs to the organisation. */
  async hasMemberWithEmail(
    organisationId: string,
    email: string,
    m: EntityManager = this.ds.manager,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM membership mb JOIN "user" u ON u.id = mb.user_id WHERE mb.organisation_id = $1 AND u.email = $2`,
      [organisationId, email],
    );
    return rows.length > 0;
  }

  /** Fails with the unique violation `uq_membership_user_org` when the person is a member already. */
  async add(
    userId: string,
    organisationId: string,
    role: Role,
    m: EntityManager = this.ds.manager,
  ): Promise<void> {
    await m.query(`INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, $3)`, [
      userId,
      organisationId,
      role,
    ]);
  }

  /** Locks every membership of the person, in organisation-id order. */
  async lockAllOf(
    userId: string,
    m: EntityManager = this.ds.manager,
  ): Promise<{ organisationId: string; role: Role }[]> {
    return m.query(
      `SELECT organisation_id AS "organisationId", role FROM membership WHERE user_id = $1 ORDER BY organisation_id FOR UPDATE`,
      [userId],
    );
  }

  async deleteAllOf(userId: string, m: EntityManager = this.ds.manager): Promise<void> {
    await m.query(`DELETE FROM membership WHERE user_id = $1`, [userId]);
  }

  /** Locks the organisation's admin memberships (in user-id order) and returns the admins' ids. */
  async lockAdmins(organisationId: string, m: EntityManager = this.ds.manager): Promise<string[]> {
    const rows: { user_id: string }[] = await m.query(
      `SELECT user_id FROM membership WHERE organisation_id = $1 AND role = 'admin' ORDER BY user_id FOR UPDATE`,
      [organisationId],
    );
    return rows.map((r) => r.user_id);
  }

  /** How many members the organisation has besides this person. */
  async countOthers(
    organisationId: string,
    userId: string,
    m: EntityManager = this.ds.manager,
  ): Promise<number> {
    const [{ n }]: { n: string }[] = await m.query(
      `SELECT count(*) AS n FROM membership WHERE organisation_id = $1 AND user_id <> $2`,
      [organisationId, userId],
    );
    return Number(n);
  }
}
