import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Role } from '@aup/contracts';
import { randomSecret, sha256 } from '../../apps/api/src/auth/secrets';
import { evaluateAudit, FORMULA_VERSION } from '@aup/domain';
import { loadLatestFramework, resolvePoliciesDir } from '@aup/policies';
import type { ApiClient } from '../support/auth';

/** A signed-in person the harness calls routes as. */
export interface Actor {
  userId: string;
  /** Authenticated by a personal API token (no CSRF needed). */
  client: ApiClient;
  role: Role;
}

export interface FixtureContext {
  ds: DataSource;
  /** The organisation the route is called on. */
  orgId: string;
  /** Whose record it is: the caller for role checks, the organisation's admin for the other-organisation check. */
  owner: Actor;
}

/** Creates a record the path parameter can name and returns the value to put in the path. */
export type ParamResolver = (ctx: FixtureContext) => Promise<string>;

/** A member with no password (never signs in): enough for routes that act on a member. */
async function freshMember(ctx: FixtureContext, role: Role = 'respondent'): Promise<string> {
  const [user]: { id: string }[] = await ctx.ds.query(`INSERT INTO "user" (email) VALUES ($1) RETURNING id`, [
    `fixture-${randomUUID()}@example.com`,
  ]);
  await ctx.ds.query(`INSERT INTO membership (user_id, organisation_id, role) VALUES ($1, $2, $3)`, [
    user.id,
    ctx.orgId,
    role,
  ]);
  return user.id;
}

/**
 * A draft audit in the organisation, pinned to the latest framework. When the caller is a respondent, every
 * section is assigned to them and the organisation shows them scores: the matrix checks the role gate,
 * while test/audits checks the narrower per-section and per-setting rules.
 */
async function freshAudit(ctx: FixtureContext): Promise<string> {
  const catalogue = loadLatestFramework(resolvePoliciesDir());
  await ctx.ds.query(
    `INSERT INTO framework_version (content_hash, framework_id, version, catalogue) VALUES ($1, $2, $3, $4::jsonb) ON CONFLICT DO NOTHING`,
    [catalogue.contentHash, catalogue.framework.id, catalogue.framework.version, JSON.stringify(catalogue)],
  );
  const [audit]: { id: string }[] = await ctx.ds.query(
    `INSERT INTO audit (organisation_id, framework_id, framework_version, content_hash, title, created_by) VALUES ($1, $2, $3, $4, 'Fixture audit', $5) RETURNING id`,
    [ctx.orgId, catalogue.framework.id, catalogue.framework.version, catalogue.contentHash, ctx.owner.userId],
  );
  if (ctx.owner.role === 'respondent') {
    for (const section of catalogue.sections) {
      await ctx.ds.query(
        `INSERT INTO section_assignment (audit_id, section, user_id, organisation_id) VALUES ($1, $2, $3, $4)`,
        [audit.id, section.id, ctx.owner.userId, ctx.orgId],
      );
    }
    await ctx.ds.query(
      `UPDATE organisation SET settings = settings || '{"respondentsSeeScores": true, "respondentsRequestReports": true}'::jsonb WHERE id = $1`,
      [ctx.orgId],
    );
  }
  return audit.id;
}

/**
 * A stored submission (result snapshot) of the audit `auditId` just created in the organisation (path
 * parameters resolve in order), computed by the engine from no answers; returns its version number.
 */
async function freshSubmission(ctx: FixtureContext): Promise<string> {
  const catalogue = loadLatestFramework(resolvePoliciesDir());
  const [audit]: { id: string }[] = await ctx.ds.query(
    `SELECT id FROM audit WHERE organisation_id = $1 ORDER BY created_at DESC, id LIMIT 1`,
    [ctx.orgId],
  );
  const framework = {
    id: catalogue.framework.id,
    version: catalogue.framework.version,
    contentHash: catalogue.contentHash,
  };
  const attestation = {
    statement: 'Fixture submission.',
    role: 'Compliance lead',
    userId: ctx.owner.userId,
    at: new Date().toISOString(),
  };
  const doc = {
    auditId: audit.id,
    organisationId: ctx.orgId,
    framework,
    formulaVersion: FORMULA_VERSION,
    profile: {},
    answers: {},
    attestation,
    result: evaluateAudit(catalogue, {}, {}),
  };
  const [row]: { version: number }[] = await ctx.ds.query(
    `INSERT INTO result_snapshot (audit_id, organisation_id, content_hash, formula_version, result, snapshot_hash, created_by)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING version`,
    [
      audit.id,
      ctx.orgId,
      catalogue.contentHash,
      FORMULA_VERSION,
      JSON.stringify(doc),
      sha256(JSON.stringify(doc)),
      ctx.owner.userId,
    ],
  );
  return String(row.version);
}

/**
 * A finished report of the audit the route's `{auditId}` just named (the newest audit of the organisation),
 * with a small file, so download answers 200. Respondents get the setting that opens reports to them.
 */
async function freshReport(ctx: FixtureContext): Promise<string> {
  const [audit]: { id: string }[] = await ctx.ds.query(
    `SELECT id FROM audit WHERE organisation_id = $1 ORDER BY created_at DESC, id LIMIT 1`,
    [ctx.orgId],
  );
  const file = Buffer.from('{}\n');
  const [row]: { id: string }[] = await ctx.ds.query(
    `INSERT INTO report (organisation_id, audit_id, draft_snapshot, snapshot_hash, draft, context, format, status, progress, file, file_name, content_type, size, sha256, requested_by, finished_at)
     VALUES ($1, $2, '{}'::jsonb, $3, true, '{}'::jsonb, 'json', 'done', 100, $4, 'fixture.json', 'application/json', $5, $6, $7, now()) RETURNING id`,
    [ctx.orgId, audit.id, sha256('snapshot'), file, file.length, sha256(file.toString()), ctx.owner.userId],
  );
  if (ctx.owner.role === 'respondent') {
    await ctx.ds.query(
      `UPDATE organisation SET settings = settings || '{"respondentsRequestReports": true}'::jsonb WHERE id = $1`,
      [ctx.orgId],
    );
  }
  return row.id;
}

/**
 * One resolver per path parameter of any route. A later feature adds its parameters here (`auditId`,
 * `itemId`, `reportId`, ...): create the record inside `ctx.orgId` (owned by `ctx.owner` where records
 * have owners) and return its id. Called once per request, so destructive routes get a fresh record.
 */
export const PARAM_RESOLVERS: Record<string, ParamResolver> = {
  orgId: async (ctx) => ctx.orgId,
  auditId: (ctx) => freshAudit(ctx),
  questionId: async () => loadLatestFramework(resolvePoliciesDir()).domains[0].controls[0].questions[0].id,
  section: async () => loadLatestFramework(resolvePoliciesDir()).sections[0].id,
  frameworkId: async () => loadLatestFramework(resolvePoliciesDir()).framework.id,
  version: async () => loadLatestFramework(resolvePoliciesDir()).framework.version,
  userId: (ctx) => freshMember(ctx),
  submission: (ctx) => freshSubmission(ctx),
  reportId: (ctx) => freshReport(ctx),
  tokenId: async (ctx) => {
    const [row]: { id: string }[] = await ctx.ds.query(
      `INSERT INTO api_token (user_id, name, token_hash, expires_at) VALUES ($1, 'fixture', $2, now() + interval '1 day') RETURNING id`,
      [ctx.owner.userId, sha256(randomSecret())],
    );
    return row.id;
  },
  invitationId: async (ctx) => {
    const [row]: { id: string }[] = await ctx.ds.query(
      `INSERT INTO invitation (organisation_id, email, role, token_hash, invited_by, expires_at)
       VALUES ($1, $2, 'respondent', $3, $4, now() + interval '1 day') RETURNING id`,
      [ctx.orgId, `invitee-${randomUUID()}@example.com`, sha256(randomSecret()), ctx.owner.userId],
    );
    return row.id;
  },
  itemId: async (ctx) => {
    const auditId = await freshAudit(ctx);
    const [item]: { id: string }[] = await ctx.ds.query(
      `INSERT INTO remediation_item (organisation_id, origin_audit_id, plan_key, title, priority, effort, owner_role, owner_user_id, due_date)
       VALUES ($1, $2, 'GOV-01', 'Fixture item', 'P2', 'S', 'compliance_officer', $3, current_date + 30) RETURNING id`,
      [ctx.orgId, auditId, ctx.owner.userId],
    );
    await ctx.ds.query(
      `INSERT INTO remediation_step (item_id, position, text) VALUES ($1, 0, 'Fixture step')`,
      [item.id],
    );
    return item.id;
  },
  notificationId: async (ctx) => {
    const itemId = await PARAM_RESOLVERS.itemId(ctx);
    const [row]: { id: string }[] = await ctx.ds.query(
      `INSERT INTO notification (organisation_id, item_id, threshold, subject_date, scan_date, text, recipient_ids)
       VALUES ($1, $2, 'due_7', current_date, current_date, 'Fixture reminder', ARRAY[$3::uuid]) RETURNING id`,
      [ctx.orgId, itemId, ctx.owner.userId],
    );
    return row.id;
  },
  jobId: async (ctx) => {
    const [row]: { id: string }[] = await ctx.ds.query(
      `INSERT INTO outbox (queue, name, payload, status, failed_at, last_error) VALUES ('notifications', 'notification.webhook', $1::jsonb, 'failed', now(), 'fixture') RETURNING id`,
      [JSON.stringify({ organisationId: ctx.orgId, test: true })],
    );
    return row.id;
  },
  clauseId: async () => loadLatestFramework(resolvePoliciesDir()).clauses[0].id,
  // A rendered policy document with a small file, so status and download answer 200.
  documentId: async (ctx) => {
    const file = Buffer.from('%PDF-fixture\n');
    const [row]: { id: string }[] = await ctx.ds.query(
      `INSERT INTO policy_document (organisation_id, document, format, model, status, file, file_name, content_type, size, sha256, requested_by, finished_at)
       VALUES ($1, 'policy', 'pdf', '{}'::jsonb, 'done', $2, 'policy-v1.pdf', 'application/pdf', $3, $4, $5, now()) RETURNING id`,
      [ctx.orgId, file, file.length, sha256(file.toString()), ctx.owner.userId],
    );
    return row.id;
  },
  stepId: async () => loadLatestFramework(resolvePoliciesDir()).actionPlan[0].id,
  // The matrix organisation has no countries, so no obligation binds it and any obligation id would be a 404
  // (which the matrix reads as a tenant refusal): give it a country first.
  obligationId: async (ctx) => {
    await ctx.ds.query(
      `UPDATE organisation SET profile = profile || '{"countries": ["GB"]}'::jsonb WHERE id = $1`,
      [ctx.orgId],
    );
    return loadLatestFramework(resolvePoliciesDir()).jurisdictions.find((j) => j.id === 'GB')!.obligations[0]
      .id;
  },
  token: async (ctx) => {
    const token = randomSecret();
    await ctx.ds.query(
      `INSERT INTO invitation (organisation_id, email, role, token_hash, expires_at) VALUES ($1, $2, 'respondent', $3, now() + interval '1 day')`,
      [ctx.orgId, `invitee-${randomUUID()}@example.com`, sha256(token)],
    );
    return token;
  },
};

/**
 * Parameters that name published content shared by every organisation (the framework catalogue), not a
 * record of one: a route whose parameters are all of these has no "another organisation's record" to hide.
 */
export const SHARED_CONTENT_PARAMS: ReadonlySet<string> = new Set(['frameworkId', 'version']);
