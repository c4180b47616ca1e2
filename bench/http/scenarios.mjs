// What `npm run bench:http` measures. A later feature adds its routes here: a scenario names the api
// request, the baseline it is compared with (`select` for reads, `insert` for writes), and an optional
// `setup` that prepares data through the api (sign up, create an organisation, ...) and returns the
// request options (headers, body, path) to measure with.
import { AUDIT_SCENARIOS } from './audit-scenarios.mjs';
import { PORTFOLIO_SCENARIOS } from './portfolio-scenarios.mjs';
import { REMEDIATION_SCENARIOS } from './remediation-scenarios.mjs';

/**
 * @typedef {{ baseUrl: string, databaseUrl: string }} BenchContext
 * @typedef {{ path: string, method?: string, headers?: Record<string,string>, body?: string }} BenchRequest
 * @typedef {{ name: string, baseline: 'select' | 'insert', request: BenchRequest,
 *             setup?: (ctx: BenchContext) => Promise<Partial<BenchRequest>>,
 *             percentiles?: boolean }} Scenario
 */

/** @type {Scenario[]} */
export const SCENARIOS = [
  { name: 'health', baseline: 'select', request: { path: '/health' } },
  { name: 'ready', baseline: 'select', request: { path: '/ready' } },
  ...AUDIT_SCENARIOS,
  ...PORTFOLIO_SCENARIOS,
  ...REMEDIATION_SCENARIOS,
];

/**
 * Database connections of the api's pool and of the baseline's: the same, so neither side can queue more
 * work in PostgreSQL than the other (the api's DATABASE_POOL_SIZE default).
 */
export const API_POOL_SIZE = Number(process.env.BENCH_DATABASE_POOL_SIZE ?? 10);

/** @type {Record<'select' | 'insert', BenchRequest>} */
export const BASELINES = {
  select: { path: '/baseline/select' },
  insert: {
    path: '/baseline/insert',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"kind":"bench"}',
  },
};
