import { TxRepository } from '../repository';
import { Injectable } from '@nestjs/common';
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
  /** YYYY-MM-DD: items due before this day are overdue. */
  readonly today: string;
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
  /** Remediation items still needing work (open, in progress, blocked). */
  readonly openItems: number;
  /** Of those, the ones past their due date. */
  readonly overdueItems: number;
}

export interface ScorePoint {
  readonly auditId: string;
  readonly snapshotId: string;
  readonly at: string;
  readonly rating: string;
  readonly overall: number | null;
}

/** Sort keys as columns of portfolio_org; each has an index per direction (missing values last), ties by name then id. */
const SORT_COLUMN: Record<PortfolioSort, string | null> = {
  name: null,
  rating: 'rating_rank',
  score: 'overall',
  coverage: 'coverage_pct',
  plan: 'plan_completeness_pct',
};

const num = (v: string | null) => (v === null ? null : Number(v));
const VISIBLE = `(m.role <> 'respondent' OR p.respondents_see_scores)`;

/**
 * The organisations a person may see side by side: their memberships, except those where they are a
 * respondent and the organisation does not show respondents scores. Reads portfolio_org in the order of
 * the sort key's index and stops after the page, so a page costs the same at 10 or 10,000 organisations.
 */
@Injectable()
export class PortfolioRepository extends TxRepository {
  async page(f: PortfolioFilter): Promise<{ items: PortfolioEntry[]; total: number }> {
    const params: unknown[] = [f.userId];
    const filters: string[] = [];
    if (f.q) {
      params.push(`%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      filters.push(`p.name_key LIKE $${params.length}`);
    }
    if (f.rating === 'unrated') filters.push(`p.rating_rank IS NULL`);
    else if (f.rating) {
      params.push(f.rating);
      filters.push(`p.rating = $${params.length}`);
    }
    if (f.planComplete !== undefined) {
      params.push(f.planComplete);
      filters.push(`COALESCE(p.plan_complete, false) = $${params.length}`);
    }
    const where = [`m.user_id = $1`, VISIBLE, ...filters].join(' AND ');
    const dir = f.order === 'desc' ? 'DESC' : 'ASC';
    const column = SORT_COLUMN[f.sort];
    const order = `${column ? `p.${column} ${dir} NULLS LAST, ` : ''}p.name_key ${dir}, p.organisation_id ${dir}`;
    // Without filters the total is kept per person (triggers on membership and organisation settings); with
    // filters it is counted. Page and total come back in one round trip, the total on every row (and on one
    // row with no organisation when the page is empty).
    const total = filters.length
      ? `(SELECT count(*) FROM portfolio_org p JOIN membership m ON m.organisation_id = p.organisation_id WHERE ${where})`
      : `(SELECT visible FROM portfolio_user WHERE user_id = $1)`;
    params.push(f.today);
    const today = `$${params.length}::date`;
    // Open items are kept on portfolio_org (a trigger on remediation_item); overdue ones depend on the day,
    // so they are counted for the page's rows only, on the partial index of active items by organisation and due date.
    const rows: Record<string, string | null>[] = await this.db.query(
      `WITH page AS (
         SELECT p.organisation_id, p.name, m.role, p.rating, p.overall, p.previous_overall, p.scored_audits,
                to_char(p.last_audit_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS last_at,
                p.coverage_pct, p.plan_complete, p.plan_completeness_pct, p.countries_not_covered, p.open_items
           FROM portfolio_org p JOIN membership m ON m.organisation_id = p.organisation_id
          WHERE ${where}
          ORDER BY ${order}
          LIMIT ${Number(f.limit)} OFFSET ${Number(f.offset)}
       )
       SELECT COALESCE(${total}, 0) AS total, page.*,
              CASE WHEN page.open_items > 0 THEN (
                SELECT count(*) FROM remediation_item i
                 WHERE i.organisation_id = page.organisation_id AND i.status IN ('open', 'in_progress', 'blocked') AND i.due_date < ${today})
              ELSE 0 END AS overdue_items
         FROM (SELECT 1) one LEFT JOIN page ON true`,
      params,
    );
    return {
      total: Number(rows[0]?.total ?? 0),
      items: rows.filter((r) => r.organisation_id !== null).map(toEntry),
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
    }[] = await this.db.query(
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

function toEntry(r: Record<string, string | null>): PortfolioEntry {
  return {
    organisationId: r.organisation_id!,
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
    openItems: Number(r.open_items ?? 0),
    overdueItems: Number(r.overdue_items ?? 0),
  };
}
