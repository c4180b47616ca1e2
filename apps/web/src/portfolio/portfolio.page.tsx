import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { Link } from 'react-router-dom';
import type { PortfolioQuery, PortfolioRow, PortfolioSortKey } from '@aup/contracts';
import { ErrorAlert, Loading } from '../components/alerts';
import { TextField } from '../components/fields';
import { Page } from '../components/page';
import { PORTFOLIO_SORT_KEYS, policyModelApi } from '../policy-model/api';
import { SelectField } from '../policy-model/fields';
import '../policy-model/policy-model.css';

const PAGE = 20;
const SORT_LABELS: Record<PortfolioSortKey, string> = {
  name: 'Name',
  rating: 'Rating (worst first)',
  score: 'Score',
  coverage: 'Policy coverage',
  plan: 'Plan completeness',
};
const TREND: Record<string, string> = { up: 'Improving', down: 'Declining', flat: 'Steady' };
const pct = (v: number | null) => (v === null ? 'Not started' : `${v} %`);

function OrganisationCard({ row }: { row: PortfolioRow }) {
  return (
    <li className="card">
      <h2>
        <Link className="link" to={`/organisations/${row.organisationId}/audits`}>
          {row.name}
        </Link>{' '}
        <span className="muted">({row.role.replace('_', ' ')})</span>
      </h2>
      <dl>
        <div>
          <dt>Rating</dt>
          <dd>
            {row.rating ? (
              <span
                className={`badge ${row.rating === 'green' ? 'badge-ok' : row.rating === 'red' ? 'badge-bad' : 'badge-warn'}`}
              >
                {row.rating}
              </span>
            ) : (
              'No submitted audit'
            )}
          </dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd>{row.overall ?? '–'}</dd>
        </div>
        <div>
          <dt>Trend</dt>
          <dd>{row.trend ? TREND[row.trend] : 'Not enough audits'}</dd>
        </div>
        <div>
          <dt>Policy coverage</dt>
          <dd>{pct(row.coveragePct)}</dd>
        </div>
        <div>
          <dt>Plan completeness</dt>
          <dd>{row.planComplete ? 'Complete' : pct(row.planCompletenessPct)}</dd>
        </div>
        <div>
          <dt>Countries not covered</dt>
          <dd>{row.countriesNotCovered ?? '–'}</dd>
        </div>
        <div>
          <dt>Open / overdue items</dt>
          <dd>{`${row.openItems} / ${row.overdueItems}`}</dd>
        </div>
      </dl>
    </li>
  );
}

/** The organisations the person may see, side by side. */
export function PortfolioPage() {
  const [query, setQuery] = useState<PortfolioQuery>({ sort: 'name', order: 'asc', limit: PAGE, offset: 0 });
  const [search, setSearch] = useState('');
  const portfolio = useQuery({
    queryKey: ['portfolio', query],
    queryFn: () => policyModelApi.portfolio(query),
    placeholderData: keepPreviousData,
  });
  const update = (patch: Partial<PortfolioQuery>) => setQuery({ ...query, offset: 0, ...patch });
  const offset = query.offset ?? 0;
  const total = portfolio.data?.total ?? 0;
  return (
    <Page
      id="portfolio"
      title="Portfolio"
      intro="Every organisation you may see: rating, trend over audits, policy coverage and plan completeness."
    >
      <section className="card" aria-label="Sort and filter">
        <form
          className="pm-grid"
          onSubmit={(e) => {
            e.preventDefault();
            update({ q: search.trim() || undefined });
          }}
        >
          <TextField label="Name contains" value={search} onChange={setSearch} />
          <SelectField
            label="Sort by"
            value={query.sort ?? 'name'}
            onChange={(v) => update({ sort: v as PortfolioSortKey })}
            options={PORTFOLIO_SORT_KEYS.map((k) => ({ value: k, label: SORT_LABELS[k] }))}
          />
          <SelectField
            label="Order"
            value={query.order ?? 'asc'}
            onChange={(v) => update({ order: v as 'asc' | 'desc' })}
            options={[
              { value: 'asc', label: 'Ascending' },
              { value: 'desc', label: 'Descending' },
            ]}
          />
          <SelectField
            label="Rating"
            value={query.rating ?? ''}
            onChange={(v) => update({ rating: (v || undefined) as PortfolioQuery['rating'] })}
            options={[
              { value: '', label: 'Any' },
              ...['red', 'amber', 'green', 'unrated'].map((r) => ({
                value: r,
                label: r[0].toUpperCase() + r.slice(1),
              })),
            ]}
          />
          <div className="form-actions">
            <Button type="submit" className="button">
              Search
            </Button>
          </div>
        </form>
      </section>
      {portfolio.isPending ? <Loading /> : null}
      <ErrorAlert error={portfolio.error} />
      {portfolio.data ? (
        <>
          <p role="status">
            {total === 0
              ? 'No organisations match.'
              : `Showing ${offset + 1}–${Math.min(offset + PAGE, total)} of ${total} organisations.`}
          </p>
          <ol className="pm-cards" aria-label="Organisations">
            {portfolio.data.items.map((r) => (
              <OrganisationCard key={r.organisationId} row={r} />
            ))}
          </ol>
          <nav aria-label="Pages" className="form-actions">
            <Button
              className="button"
              isDisabled={offset === 0}
              onPress={() => setQuery({ ...query, offset: Math.max(0, offset - PAGE) })}
            >
              Previous page
            </Button>
            <Button
              className="button"
              isDisabled={offset + PAGE >= total}
              onPress={() => setQuery({ ...query, offset: offset + PAGE })}
            >
              Next page
            </Button>
          </nav>
        </>
      ) : null}
    </Page>
  );
}
