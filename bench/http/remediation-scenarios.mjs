// Remediation scenario for `npm run bench:http`: one organisation's open items, filtered, sorted by due date,
// first page with totals, in a database of BENCH_REMEDIATION_ORGANISATIONS organisations holding
// BENCH_REMEDIATION_ITEMS items (10,000 and 200,000 by default; seeded once, kept for later runs).
import pg from 'pg';
import { organisation } from './audit-scenarios.mjs';

const ORGANISATIONS = Number(process.env.BENCH_REMEDIATION_ORGANISATIONS ?? 10_000);
const ITEMS = Number(process.env.BENCH_REMEDIATION_ITEMS ?? 200_000);

async function itemsList(ctx) {
  const o = await organisation(ctx.baseUrl, 'remediation');
  const db = new pg.Client({ connectionString: ctx.databaseUrl });
  await db.connect();
  try {
    const {
      rows: [audit],
    } = await db.query(`SELECT framework_id, framework_version, content_hash FROM audit WHERE id = $1`, [
      o.auditId,
    ]);
    const {
      rows: [{ n }],
    } = await db.query(`SELECT count(*)::int AS n FROM remediation_item WHERE plan_key LIKE 'bench-%'`);
    if (n < ITEMS) {
      process.stdout.write(`seeding ${ORGANISATIONS} organisations with ${ITEMS} remediation items...\n`);
      await db.query(
        `WITH orgs AS (
           INSERT INTO organisation (name) SELECT 'Bench remediation ' || g FROM generate_series(1, $1) g RETURNING id
         ), audits AS (
           INSERT INTO audit (organisation_id, framework_id, framework_version, content_hash, title, status)
           SELECT id, $3, $4, $5, 'Bench audit', 'submitted' FROM orgs RETURNING id, organisation_id
         )
         INSERT INTO remediation_item (organisation_id, origin_audit_id, plan_key, title, priority, effort, owner_role, due_date, status)
         SELECT a.organisation_id, a.id, 'bench-' || i, 'Bench item ' || i, 'P' || (1 + i % 4), 'M', 'it', current_date + (i * 7) % 180,
                (ARRAY['open', 'in_progress', 'blocked', 'done', 'verified'])[1 + i % 5]
           FROM audits a, generate_series(1, $2::int / $1::int) i`,
        [ORGANISATIONS, ITEMS, audit.framework_id, audit.framework_version, audit.content_hash],
      );
      await db.query('ANALYZE remediation_item');
    }
    // The measured organisation: 25 items, each with two controls and four steps (what a submit makes).
    await db.query(
      `WITH items AS (
         INSERT INTO remediation_item (organisation_id, origin_audit_id, plan_key, title, priority, effort, owner_role, due_date, status)
         SELECT $1, $2, 'item-' || i, 'Item ' || i, 'P' || (1 + i % 4), 'M', 'it', current_date + i, (ARRAY['open', 'in_progress', 'blocked', 'done'])[1 + i % 4]
           FROM generate_series(1, 25) i RETURNING id
       ), ctl AS (
         INSERT INTO remediation_item_control (item_id, control_id, organisation_id, criticality, severity, priority, reason, source_ids)
         SELECT id, c, $1, 'high', 2.5, 'P2', 'Bench gap', '{}' FROM items, unnest(ARRAY['GOV-01', 'GOV-02']) c
       )
       INSERT INTO remediation_step (item_id, position, text, done) SELECT id, p, 'Step ' || p, p % 2 = 0 FROM items, generate_series(0, 3) p`,
      [o.orgId, o.auditId],
    );
  } finally {
    await db.end();
  }
  return {
    path: `/api/v1/organisations/${o.orgId}/remediation-items?status=open,in_progress,blocked&sort=dueDate&limit=50`,
    headers: { authorization: `Bearer ${o.token}` },
  };
}

/** @type {import('./scenarios.mjs').Scenario[]} */
export const REMEDIATION_SCENARIOS = [
  {
    name: 'remediation items list',
    baseline: 'select',
    percentiles: true,
    request: { path: '/api/v1/organisations' },
    setup: itemsList,
  },
];
