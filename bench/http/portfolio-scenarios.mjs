// Portfolio scenarios for `npm run bench:http`: one person who belongs to 10,000 organisations (a large
// consultancy), each with submitted audits, remediation items and policy-model figures, lists them a page at a time.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

const ORGANISATIONS = Number(process.env.BENCH_PORTFOLIO_ORGANISATIONS ?? 10_000);

/** A signed-up person with an API token, then the organisations written straight to the database in bulk. */
async function portfolioOwner(ctx) {
  const email = `bench-portfolio-${randomUUID().slice(0, 8)}@example.com`;
  const signup = await fetch(`${ctx.baseUrl}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email,
      password: 'lantern orbit meadow 7 copper',
      organisationName: 'Bench consultancy',
    }),
  });
  if (signup.status !== 201) throw new Error(`sign-up: ${signup.status} ${await signup.text()}`);
  const userId = (await signup.json()).user.id;
  const cookies = Object.fromEntries(signup.headers.getSetCookie().map((c) => c.split(';')[0].split('=')));
  const tokenRes = await fetch(`${ctx.baseUrl}/api/v1/me/tokens`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      'x-csrf-token': cookies.aup_csrf,
    },
    body: JSON.stringify({ name: 'bench' }),
  });
  const token = (await tokenRes.json()).token;

  const client = new pg.Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO framework_version (content_hash, framework_id, version, catalogue) VALUES (repeat('b', 64), 'bench', '0.0.0', '{}'::jsonb) ON CONFLICT DO NOTHING`,
    );
    const { rows: orgs } = await client.query(
      `INSERT INTO organisation (name, profile) SELECT 'Client ' || lpad(i::text, 5, '0'), '{"countries": ["GB"]}'::jsonb FROM generate_series(1, $1) i RETURNING id`,
      [ORGANISATIONS],
    );
    const ids = orgs.map((o) => o.id);
    await client.query(
      `INSERT INTO membership (user_id, organisation_id, role) SELECT $1, unnest($2::uuid[]), 'compliance_officer'`,
      [userId, ids],
    );
    // Two submitted audits each, with a snapshot (the trigger fills the score tables), scores spread over the ratings.
    await client.query(
      `WITH a AS (
         INSERT INTO audit (organisation_id, framework_id, framework_version, content_hash, title, status, created_by)
         SELECT o, 'bench', '0.0.0', repeat('b', 64), 'Audit ' || n, 'submitted', $2 FROM unnest($1::uuid[]) o, generate_series(1, 2) n
         RETURNING id, organisation_id, title
       )
       INSERT INTO result_snapshot (audit_id, organisation_id, content_hash, formula_version, result, snapshot_hash, created_at)
       SELECT id, organisation_id, repeat('b', 64), 'bench',
              jsonb_build_object('rating', (ARRAY['red', 'amber', 'green'])[1 + floor(random() * 3)::int], 'overall', round((random() * 100)::numeric, 2)),
              'bench', now() - CASE WHEN title = 'Audit 1' THEN interval '180 days' ELSE interval '1 day' END
         FROM a ORDER BY title`,
      [ids, userId],
    );
    // Two remediation items per organisation (one per audit), some done, some past their due date: the
    // trigger on remediation_item keeps the open count; overdue ones are counted for the page's rows.
    await client.query(
      `INSERT INTO remediation_item (organisation_id, origin_audit_id, plan_key, title, priority, effort, owner_role, due_date, status)
       SELECT organisation_id, id, 'GOV-01', 'Bench item', 'P2', 'S', 'compliance_officer',
              current_date + (floor(random() * 90) - 30)::int, (ARRAY['open', 'in_progress', 'blocked', 'done'])[1 + floor(random() * 4)::int]
         FROM audit WHERE organisation_id = ANY($1::uuid[])`,
      [ids],
    );
    await client.query(
      `UPDATE portfolio_org SET coverage_pct = round((random() * 100)::numeric, 1), clauses_missing = floor(random() * 10)::int, plan_complete = random() < 0.3,
              plan_completeness_pct = round((random() * 100)::numeric, 1), countries_not_covered = floor(random() * 2)::int, summary_at = now()
        WHERE organisation_id = ANY($1::uuid[])`,
      [ids],
    );
    await client.query('COMMIT');
    await client.query(
      'ANALYZE organisation; ANALYZE membership; ANALYZE portfolio_org; ANALYZE remediation_item',
    );
  } finally {
    await client.end();
  }
  return { headers: { authorization: `Bearer ${token}` } };
}

/** The setup runs once; both scenarios list the same person's organisations. */
let owner;
const setup = async (ctx) => (owner ??= await portfolioOwner(ctx));

export const PORTFOLIO_SCENARIOS = [
  { name: 'portfolio by name', baseline: 'select', request: { path: '/api/v1/portfolio?limit=20' }, setup },
  {
    name: 'portfolio by rating',
    baseline: 'select',
    request: { path: '/api/v1/portfolio?sort=rating&limit=20&offset=100' },
    setup,
  },
];
