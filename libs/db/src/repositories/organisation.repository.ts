import { Injectable } from '@nestjs/common';
import { TxRepository } from '../repository';
import type { Role } from '../types';
import { rowsOf } from '../rows';

/** An organisation as stored (the profile and settings documents as they are). */
export interface OrganisationRecord<P = Record<string, unknown>> {
  id: string;
  name: string;
  profile: P;
  settings: Record<string, unknown> | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

interface Row<P> {
  id: string;
  name: string;
  profile: P;
  settings: Record<string, unknown> | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, profile, settings, version, created_at, updated_at';

const toRecord = <P>(r: Row<P>): OrganisationRecord<P> => ({
  id: r.id,
  name: r.name,
  profile: r.profile,
  settings: r.settings,
  version: r.version,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/** The only code that names `organisation` outside the features' own read models. */
@Injectable()
export class OrganisationRepository extends TxRepository {
  /** The organisations a person belongs to, by name, with their role, and how many there are in all. */
  async listForUser(
    userId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: { id: string; name: string; role: Role }[]; total: number }> {
    const rows: { id: string; name: string; role: Role; total: string }[] = await this.db.query(
      `SELECT o.id, o.name, m.role, count(*) OVER () AS total FROM membership m JOIN organisation o ON o.id = m.organisation_id
        WHERE m.user_id = $1 ORDER BY o.name, o.id LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number(
          (
            await this.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM membership WHERE user_id = $1`, [
              userId,
            ])
          )[0].n,
        );
    return { items: rows.map(({ id, name, role }) => ({ id, name, role })), total };
  }

  /** A new organisation with its creator as first admin. */
  async create<P>(name: string, profile: P, adminUserId: string): Promise<OrganisationRecord<P>> {
    const [org]: Row<P>[] = await this.db.query(
      `INSERT INTO organisation (name, profile) VALUES ($1, $2) RETURNING ${COLUMNS}`,
      [name, JSON.stringify(profile)],
    );
    await this.db.query(`INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, 'admin')`, [
      adminUserId,
      org.id,
    ]);
    return toRecord(org);
  }

  /** One organisation, or null; `forUpdate` locks its row until the transaction ends. */
  async find<P>(id: string, opts: { forUpdate?: boolean } = {}): Promise<OrganisationRecord<P> | null> {
    const rows: Row<P>[] = await this.db.query(
      `SELECT ${COLUMNS} FROM organisation WHERE id = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows.length ? toRecord(rows[0]) : null;
  }

  /** Writes name, profile and settings and moves the version on. */
  async update<P>(
    id: string,
    values: { name: string; profile: P; settings: Record<string, unknown> },
  ): Promise<OrganisationRecord<P>> {
    const [updated] = await rowsOf<Row<P>>(
      this.db,
      `UPDATE organisation SET name = $2, profile = $3, settings = $4, version = version + 1, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, values.name, JSON.stringify(values.profile), JSON.stringify(values.settings)],
    );
    return toRecord(updated);
  }

  /** The organisation's profile document (`{}` when it has none). */
  async profile<P>(id: string): Promise<P> {
    const [row]: { profile: P }[] = await this.db.query(`SELECT profile FROM organisation WHERE id = $1`, [
      id,
    ]);
    return row.profile;
  }

  /** The profile and its hash (`profile_hash`, kept by `aup_profile_hash`; the key results are cached under) from one statement. */
  async profileWithHash<P>(id: string): Promise<{ profile: P | null; profileHash: string }> {
    const [row]: { profile: P | null; profile_hash: string }[] = await this.db.query(
      `SELECT profile, profile_hash FROM organisation WHERE id = $1`,
      [id],
    );
    return { profile: row.profile, profileHash: row.profile_hash };
  }
}
