import type { EntityManager } from 'typeorm';
import type { Role } from '../types';
import type { Db } from '../rows';

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
export class MembersRepository {
  async list(
    db: Db,
    orgId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: MemberRecord[]; total: number }> {
    const rows: (Row & { total: string })[] = await db.query(
      `SELECT q.*, count(*) OVER () AS total FROM (${MEMBER} WHERE m.organisation_id = $1) q
        ORDER BY q.created_at, q.user_id LIMIT $2 OFFSET $3`,
      [orgId, limit, offset],
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number(
          (
            await db.query<{ n: string }[]>(
              `SELECT count(*) AS n FROM membership WHERE organisation_id = $1`,
              [orgId],
            )
          )[0].n,
        );
    return { items: rows.map(toRecord), total };
  }

  async find(db: Db, orgId: string, userId: string): Promise<MemberRecord | null> {
    const rows: Row[] = await db.query(`${MEMBER} WHERE m.organisation_id = $1 AND m.user_id = $2`, [
      orgId,
      userId,
    ]);
    return rows.length ? toRecord(rows[0]) : null;
  }

  async isMember(db: Db, orgId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `SELECT 1 FROM membership WHERE organisation_id = $1 AND user_id = $2`,
      [orgId, userId],
    );
    return rows.length > 0;
  }

  async isAdmin(db: Db, orgId: string, userId: string | null): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `SELECT 1 FROM membership WHERE organisation_id = $1 AND user_id = $2 AND role = 'admin'`,
      [orgId, userId],
    );
    return rows.length > 0;
  }

  /** Whether the account with this (lower-case) e-mail address belongs to the organisation. */
  async hasMemberWithEmail(db: Db, orgId: string, email: string): Promise<boolean> {
    const rows: unknown[] = await db.query(
      `SELECT 1 FROM membership mb JOIN "user" u ON u.id = mb.user_id WHERE mb.organisation_id = $1 AND u.email = $2`,
      [orgId, email],
    );
    return rows.length > 0;
  }

  /** Of these people, those who are members of the organisation. */
  async membersAmong(db: Db, orgId: string, userIds: readonly string[]): Promise<Set<string>> {
    const rows: { user_id: string }[] = await db.query(
      `SELECT user_id FROM membership WHERE organisation_id = $1 AND user_id = ANY($2::uuid[])`,
      [orgId, userIds],
    );
    return new Set(rows.map((r) => r.user_id));
  }

  async add(m: EntityManager, orgId: string, userId: string, role: Role): Promise<void> {
    await m.query(`INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, $3)`, [
      userId,
      orgId,
      role,
    ]);
  }

  async setRole(m: EntityManager, orgId: string, userId: string, role: Role): Promise<void> {
    await m.query(`UPDATE membership SET role = $3 WHERE organisation_id = $1 AND user_id = $2`, [
      orgId,
      userId,
      role,
    ]);
  }

  async remove(m: EntityManager, orgId: string, userId: string): Promise<void> {
    await m.query(`DELETE FROM membership WHERE organisation_id = $1 AND user_id = $2`, [orgId, userId]);
  }

  /** Locks the organisation's admin memberships (in user-id order) and returns the admins' ids. */
  async lockAdmins(m: EntityManager, orgId: string): Promise<string[]> {
    const rows: { user_id: string }[] = await m.query(
      `SELECT user_id FROM membership WHERE organisation_id = $1 AND role = 'admin' ORDER BY user_id FOR UPDATE`,
      [orgId],
    );
    return rows.map((r) => r.user_id);
  }

  /** How many members the organisation has besides this person. */
  async countOthers(db: Db, orgId: string, userId: string): Promise<number> {
    const [{ n }]: { n: string }[] = await db.query(
      `SELECT count(*) AS n FROM membership WHERE organisation_id = $1 AND user_id <> $2`,
      [orgId, userId],
    );
    return Number(n);
  }

  /** Locks every membership of the person (in all organisations), in organisation-id order. */
  async lockAllOfUser(m: EntityManager, userId: string): Promise<{ organisationId: string; role: Role }[]> {
    return m.query(
      `SELECT organisation_id AS "organisationId", role FROM membership WHERE user_id = $1 ORDER BY organisation_id FOR UPDATE`,
      [userId],
    );
  }

  /** Removes the person from every organisation (erasure). */
  async removeAllOfUser(m: EntityManager, userId: string): Promise<void> {
    await m.query(`DELETE FROM membership WHERE user_id = $1`, [userId]);
  }
}
