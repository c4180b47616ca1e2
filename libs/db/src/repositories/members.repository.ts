import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';
import type { Role } from '../types';

/** A member of an organisation as its member list shows them. */
export interface MemberRecord {
  userId: string;
  email: string | null;
  displayName: string | null;
  role: Role;
  joinedAt: Date;
}

interface Row {
  user_id: string;
  email: string | null;
  display_name: string | null;
  role: Role;
  created_at: Date;
}

const toRecord = (r: Row): MemberRecord => ({
  userId: r.user_id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  joinedAt: new Date(r.created_at),
});

const MEMBER = `SELECT m.user_id, u.email, u.display_name, m.role, m.created_at FROM membership m JOIN "user" u ON u.id = m.user_id`;

/**
 * Memberships: an organisation's members and their roles, and a person's memberships on erasure (the
 * access check's read is `MembershipRepository`).
 */
@Injectable()
export class MembersRepository extends TxRepository {
  async list(
    orgId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: MemberRecord[]; total: number }> {
    const rows: (Row & { total: string })[] = await this.db.query(
      `SELECT q.*, count(*) OVER () AS total FROM (${MEMBER} WHERE m.organisation_id = $1) q
        ORDER BY q.created_at, q.user_id LIMIT $2 OFFSET $3`,
      [orgId, limit, offset],
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number(
          (
            await this.db.query<{ n: string }[]>(
              `SELECT count(*) AS n FROM membership WHERE organisation_id = $1`,
              [orgId],
            )
          )[0].n,
        );
    return { items: rows.map(toRecord), total };
  }

  async find(orgId: string, userId: string): Promise<MemberRecord | null> {
    const rows: Row[] = await this.db.query(`${MEMBER} WHERE m.organisation_id = $1 AND m.user_id = $2`, [
      orgId,
      userId,
    ]);
    return rows.length ? toRecord(rows[0]) : null;
  }

  async isMember(orgId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM membership WHERE organisation_id = $1 AND user_id = $2`,
      [orgId, userId],
    );
    return rows.length > 0;
  }

  async isAdmin(orgId: string, userId: string | null): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM membership WHERE organisation_id = $1 AND user_id = $2 AND role = 'admin'`,
      [orgId, userId],
    );
    return rows.length > 0;
  }

  /** Whether the account with this (lower-case) e-mail address belongs to the organisation. */
  async hasMemberWithEmail(orgId: string, email: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM membership mb JOIN "user" u ON u.id = mb.user_id WHERE mb.organisation_id = $1 AND u.email = $2`,
      [orgId, email],
    );
    return rows.length > 0;
  }

  /** Of these people, those who are members of the organisation. */
  async membersAmong(orgId: string, userIds: readonly string[]): Promise<Set<string>> {
    const rows: { user_id: string }[] = await this.db.query(
      `SELECT user_id FROM membership WHERE organisation_id = $1 AND user_id = ANY($2::uuid[])`,
      [orgId, userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  async add(orgId: string, userId: string, role: Role): Promise<void> {
    await this.db.query(`INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, $3)`, [
      userId,
      orgId,
      role,
    ]);
  }

  async setRole(orgId: string, userId: string, role: Role): Promise<void> {
    await this.db.query(`UPDATE membership SET role = $3 WHERE organisation_id = $1 AND user_id = $2`, [
      orgId,
      userId,
      role,
    ]);
  }

  async remove(orgId: string, userId: string): Promise<void> {
    await this.db.query(`DELETE FROM membership WHERE organisation_id = $1 AND user_id = $2`, [
      orgId,
      userId,
    ]);
  }

  /** Locks the organisation's admin memberships (in user-id order) and returns the admins' ids. */
  async lockAdmins(orgId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await this.db.query(
      `SELECT user_id FROM membership WHERE organisation_id = $1 AND role = 'admin' ORDER BY user_id FOR UPDATE`,
      [orgId],
    );
    return rows.map((r) => r.user_id);
  }

  /** How many members the organisation has besides this person. */
  async countOthers(orgId: string, userId: string): Promise<number> {
    const [{ n }]: { n: string }[] = await this.db.query(
      `SELECT count(*) AS n FROM membership WHERE organisation_id = $1 AND user_id <> $2`,
      [orgId, userId],
    );
    return Number(n);
  }

  /** Locks every membership of the person (in all organisations), in organisation-id order. */
  async lockAllOfUser(userId: string): Promise<{ organisationId: string; role: Role }[]> {
    return this.db.query(
      `SELECT organisation_id AS "organisationId", role FROM membership WHERE user_id = $1 ORDER BY organisation_id FOR UPDATE`,
      [userId],
    );
  }

  /** Removes the person from every organisation (erasure). */
  async removeAllOfUser(userId: string): Promise<void> {
    await this.db.query(`DELETE FROM membership WHERE user_id = $1`, [userId]);
  }
}
