/** Columns the portfolio sorts by. */
export const PORTFOLIO_SORTS = ['name', 'rating', 'score', 'coverage', 'plan'] as const;
export type PortfolioSort = (typeof PORTFOLIO_SORTS)[number];

/** Worst first when sorted ascending, so "rating asc" lists the organisations that need attention first. */
export const RATING_ORDER: Readonly<Record<string, number>> = Object.freeze({ red: 0, amber: 1, green: 2 });

export type TrendDirection = 'up' | 'down' | 'flat';

/** Direction between the last two scored audits; null with fewer than two. Changes under one point are flat. */
export function trendDirection(
  points: readonly { readonly overall: number | null }[],
): TrendDirection | null {
  const scored = points.filter((p): p is { overall: number } => typeof p.overall === 'number');
  if (scored.length < 2) return null;
  const delta = scored[scored.length - 1].overall - scored[scored.length - 2].overall;
  return Math.abs(delta) < 1 ? 'flat' : delta > 0 ? 'up' : 'down';
}
