import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PortfolioSort } from '@aup/domain';

export interface PortfolioFilter {
  readonly userId: string;
  readonly sort: PortfolioSort;
  readonly order: 'asc' | 'desc';
  readonly q?: string;
  readonly rating?: string;
  readonly planComplete?: boolean;
  readonly limit: number;
  readonly offset: number;
}

export interface PortfolioEntry {
  readonly organisationId: string;
  readonly name: string;
  readonly role: string;
  readonly rating: string | null;
  readonly overall: number | null;
  readonly previousOverall: number | null;
  readonly scoredAudits: number;
  readonly lastAuditAt: string | null;
  readonly coveragePct: number | null;
  readonly planComplete: boolean | null;
  readonly planCompletenessPct: number | null;
  readonly countriesNotCovered: number | null;
}

export interface ScorePoint {
  readonly auditId: string;
  readonly snapshotId: string;
  readonly at: string;
  readonly rating: string;
  readonly overall: number | null;
}

/** Sort keys as SQL over the portfolio's join; every one ends on name and id so pages never overlap. */
const SORT_SQL: Record<PortfolioSort, string> = {
  name: 'lower(o.name)',
  rating: "CASE l.rating WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 END",
  score: 'l.overall',
  coverage: 's.coverage_pct',
  plan: 's.plan_completeness_pct',
};

const num = (v: string | null) => (v === null ? null : Number(v));

/**
 * The organisations a person may see side by side: their memberships, except those where they are a
 * respondent and the organisation does not show respondents scores. Reads only the summary tables
 * (latest score, policy model summary), never a results document.
 */
@Injectable()
export class PortfolioRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async page(f: PortfolioFilter): Promise<{ items: PortfolioEntry[]; total: number }> {
    const params: unknown[] = [f.userId];
    const where = [
      `m.user_id = $1`,
      `(m.role <> 'respondent' OR o.settings -> 'respondentsSeeScores' = 'true'::jsonb)`,
    ];
    if (f.q) {
      params.push(`%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`o.name ILIKE $${params.length}`);
    }
    if (f.rating === 'unrated') where.push(`(l.rating IS NULL OR l.rating = 'unrated')`);
    else if (f.rating) {
      params.push(f.rating);
      where.push(`l.rating = $${params.length}`);
    }
    if (f.planComplete !== undefined) {
      params.push(f.planComplete);
      where.push(`COALESCE(s.plan_complete, false) = $${params.length}`);
    }
    const from = `FROM membership m JOIN organisation o ON o.id = m.organisation_id
      LEFT JOIN organisation_latest_score l ON l.organisation_id = o.id
      LEFT JOIN policy_model_summary s ON s.organisation_id = o.id
      WHERE ${where.join(' AND ')}`;
    const dir = f.order === 'desc' ? 'DESC' : 'ASC';
    const rows: Record<string, string | null>[] = await this.ds.query(
      `SELECT o.id, o.name, m.role, l.rating, l.overall, l.previous_overall, l.scored_audits,
              to_char(l.last_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last_at,
              s.coverage_pct, s.plan_complete, s.plan_completeness_pct, s.countries_not_covered,
              count(*) OVER () AS total
         ${from}
        ORDER BY ${SORT_SQL[f.sort]} ${dir} NULLS LAST, lower(o.name) ${dir}, o.id
        LIMIT ${Number(f.limit)} OFFSET ${Number(f.offset)}`,
      params,
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && f.offset > 0) {
      const [{ n }]: { n: string }[] = await this.ds.query(`SELECT count(*) AS n ${from}`, params);
      total = Number(n);
    }
    return {
      total,
      items: rows.map((r) => ({
        organisationId: r.id!,
        name: r.name!,
        role: r.role!,
        rating: r.rating,
        overall: num(r.overall),
        previousOverall: num(r.previous_overall),
        scoredAudits: Number(r.scored_audits ?? 0),
        lastAuditAt: r.last_at,
        coveragePct: num(r.coverage_pct),
        planComplete: r.plan_complete as unknown as boolean | null,
        planCompletenessPct: num(r.plan_completeness_pct),
        countriesNotCovered: r.countries_not_covered === null ? null : Number(r.countries_not_covered),
      })),
    };
  }

  /** Rating and score of every submitted audit of the organisation, oldest first (the last `limit`). */
  async trend(orgId: string, limit: number): Promise<ScorePoint[]> {
    const rows: {
      audit_id: string;
      snapshot_id: string;
      at: string;
      rating: string;
      overall: string | null;
    }[] = await this.ds.query(
      `SELECT * FROM (
         SELECT audit_id, snapshot_id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at, rating, overall, created_at
           FROM audit_score_point WHERE organisation_id = $1 ORDER BY created_at DESC LIMIT $2
       ) p ORDER BY created_at`,
      [orgId, limit],
    );
    return rows.map((r) => ({
      auditId: r.audit_id,
      snapshotId: r.snapshot_id,
      at: r.at,
      rating: r.rating,
      overall: num(r.overall),
    }));
  }
}
