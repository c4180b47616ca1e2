import { Injectable } from '@nestjs/common';
import type { Page, PortfolioRow, TrendView } from '@aup/contracts';
import { PortfolioRepository } from '@aup/db';
import { trendDirection } from '@aup/domain';
import type { PortfolioQueryDto } from './dto/portfolio.dto';

const TREND_POINTS = 50;

/** Organisations side by side for a person who belongs to several, and one organisation's trend over audits. */
@Injectable()
export class PortfolioService {
  constructor(private readonly repo: PortfolioRepository) {}

  async portfolio(userId: string, query: PortfolioQueryDto): Promise<Page<PortfolioRow>> {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const { items, total } = await this.repo.page({
      userId,
      sort: query.sort ?? 'name',
      order: query.order ?? 'asc',
      ...(query.q ? { q: query.q } : {}),
      ...(query.rating ? { rating: query.rating } : {}),
      ...(query.planComplete ? { planComplete: query.planComplete === 'true' } : {}),
      limit,
      offset,
      today: new Date().toISOString().slice(0, 10),
    });
    return {
      items: items.map((e) => ({
        organisationId: e.organisationId,
        name: e.name,
        role: e.role,
        rating: e.rating,
        overall: e.overall,
        trend: trendDirection([{ overall: e.previousOverall }, { overall: e.overall }]),
        lastAuditAt: e.lastAuditAt,
        audits: e.scoredAudits,
        openItems: e.openItems,
        overdueItems: e.overdueItems,
        coveragePct: e.coveragePct,
        planComplete: e.planComplete,
        planCompletenessPct: e.planCompletenessPct,
        countriesNotCovered: e.countriesNotCovered,
      })),
      total,
      limit,
      offset,
    };
  }

  async trend(orgId: string): Promise<TrendView> {
    const points = await this.repo.trend(orgId, TREND_POINTS);
    return { organisationId: orgId, points, direction: trendDirection(points) };
  }
}
