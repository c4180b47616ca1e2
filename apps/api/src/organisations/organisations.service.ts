import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OrganisationProfile, OrganisationSummary, OrganisationView, Page, Role } from '@aup/contracts';
import { transaction } from '@aup/db';
import { ProblemException } from '../common/problem';
import { notFound } from '../auth/organisation.guard';
import type { CreateOrganisationDto, OrganisationProfileDto, UpdateOrganisationDto } from './dto/organisation.dto';
import { rowsOf } from '../auth/sql';

interface OrganisationRow {
  id: string;
  name: string;
  profile: OrganisationProfile;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toView = (o: OrganisationRow): OrganisationView => ({
  id: o.id,
  name: o.name,
  profile: o.profile,
  version: o.version,
  createdAt: new Date(o.created_at).toISOString(),
  updatedAt: new Date(o.updated_at).toISOString(),
});

const COLUMNS = 'id, name, profile, version, created_at, updated_at';

/** Keeps the fields that are set; `null` (a PATCH clearing a field) and absent fields drop out. */
function mergeProfile(stored: OrganisationProfile, patch: OrganisationProfileDto | undefined | null): OrganisationProfile {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  const profile = merged as OrganisationProfile;
  const outside = (profile.regions ?? []).filter((r) => !(profile.countries ?? []).includes(r.slice(0, 2)));
  if (outside.length) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'VALIDATION.FAILED',
      'The request is not valid',
      `Regions must lie in one of the organisation's countries: ${outside.join(', ')}.`,
      { errors: [{ pointer: '/profile/regions', message: `not within countries: ${outside.join(', ')}` }] },
    );
  }
  return profile;
}

/** Parses `If-Match: "3"` (or W/"3", or 3). Missing: 428, so a client cannot overwrite blindly. */
export function versionFromIfMatch(ifMatch: string | undefined): number {
  if (ifMatch === undefined || ifMatch.trim() === '') {
    throw new ProblemException(
      HttpStatus.PRECONDITION_REQUIRED,
      'REQUEST.PRECONDITION_REQUIRED',
      'If-Match required',
      'Send the version you edited in If-Match (the ETag of GET), so a concurrent change is not overwritten.',
    );
  }
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
  if (!match) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'REQUEST.INVALID_IF_MATCH', 'Invalid If-Match', 'If-Match must be the ETag from GET, e.g. "3".');
  }
  return Number(match[1]);
}

export const etagOf = (version: number) => `"${version}"`;

@Injectable()
export class OrganisationsService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async listMine(userId: string, limit: number, offset: number): Promise<Page<OrganisationSummary>> {
    const rows: { id: string; name: string; role: Role; total: string }[] = await this.ds.query(
      `SELECT o.id, o.name, m.role, count(*) OVER () AS total FROM membership m JOIN organisation o ON o.id = m.organisation_id
        WHERE m.user_id = $1 ORDER BY o.name, o.id LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
    const total = rows.length
      ? Number(rows[0].total)
      : Number((await this.ds.query(`SELECT count(*) AS n FROM membership WHERE user_id = $1`, [userId]))[0].n);
    return { items: rows.map(({ id, name, role }) => ({ id, name, role })), total, limit, offset };
  }

  /** The creator becomes the organisation's first admin. */
  async create(userId: string, dto: CreateOrganisationDto): Promise<OrganisationView> {
    const profile = mergeProfile({}, dto.profile);
    return transaction(this.ds, async (m) => {
      const [org]: OrganisationRow[] = await m.query(`INSERT INTO organisation (name, profile) VALUES ($1, $2) RETURNING ${COLUMNS}`, [
        dto.name,
        JSON.stringify(profile),
      ]);
      await m.query(`INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, 'admin')`, [userId, org.id]);
      return toView(org);
    });
  }

  async get(orgId: string): Promise<OrganisationView> {
    const rows: OrganisationRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM organisation WHERE id = $1`, [orgId]);
    if (!rows.length) throw notFound('The organisation');
    return toView(rows[0]);
  }

  /** Optimistic concurrency: the write applies only if the organisation is still at `expectedVersion`. */
  async update(orgId: string, expectedVersion: number, dto: UpdateOrganisationDto): Promise<OrganisationView> {
    return transaction(this.ds, async (m) => {
      const rows: OrganisationRow[] = await m.query(`SELECT ${COLUMNS} FROM organisation WHERE id = $1 FOR UPDATE`, [orgId]);
      if (!rows.length) throw notFound('The organisation');
      const current = rows[0];
      if (current.version !== expectedVersion) {
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'ORGANISATION.VERSION_CONFLICT',
          'Changed by someone else',
          `The organisation is at version ${current.version}, not ${expectedVersion}. Reload, re-apply your change and send the new version.`,
          { currentVersion: current.version },
        );
      }
      const profile = mergeProfile(current.profile, dto.profile);
      const [updated] = await rowsOf<OrganisationRow>(
        m,
        `UPDATE organisation SET name = $2, profile = $3, version = version + 1, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [orgId, dto.name ?? current.name, JSON.stringify(profile)],
      );
      return toView(updated);
    });
  }
}
