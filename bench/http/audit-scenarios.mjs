// Audit scenarios for `npm run bench:http`: saving answers (If-Match, the permission check and an audit-trail
// event per write) spread over 50 organisations, and the draft results of a fully answered audit.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { parse } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;
const SECTIONS = ['it', 'hr', 'legal', 'security', 'leadership'];
const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 50);
const fixture = parse(readFileSync(`${root}test/fixtures/answers/ok/multinational-12000.yaml`, 'utf8'));

async function call(baseUrl, method, path, { token, cookie, csrf, body, headers = {} } = {}) {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(cookie ? { cookie } : {}),
      ...(csrf ? { 'x-csrf-token': csrf } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return { body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** A new account with its own organisation, its profile set, and a personal API token. */
export async function organisation(baseUrl, label) {
  const signup = await fetch(`${baseUrl}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `bench-${label}-${randomUUID().slice(0, 8)}@example.com`,
      password: 'lantern orbit meadow 7 copper',
      organisationName: `Bench ${label}`,
    }),
  });
  if (signup.status !== 201) throw new Error(`sign-up: ${signup.status} ${await signup.text()}`);
  const orgId = (await signup.json()).organisation.id;
  const cookies = Object.fromEntries(signup.headers.getSetCookie().map((c) => c.split(';')[0].split('=')));
  const cookie = Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
  const token = (
    await call(baseUrl, 'POST', '/me/tokens', { cookie, csrf: cookies.aup_csrf, body: { name: 'bench' } })
  ).body.token;
  const org = await call(baseUrl, 'GET', `/organisations/${orgId}`, { token });
  await call(baseUrl, 'PATCH', `/organisations/${orgId}`, {
    token,
    body: { profile: fixture.profile },
    headers: { 'if-match': org.headers.get('etag') },
  });
  const auditId = (
    await call(baseUrl, 'POST', `/organisations/${orgId}/audits`, {
      token,
      body: { title: 'Benchmark audit' },
    })
  ).body.id;
  const questions = [];
  for (const s of SECTIONS) {
    const { body } = await call(baseUrl, 'GET', `/organisations/${orgId}/audits/${auditId}/sections/${s}`, {
      token,
    });
    questions.push(...body.questions.map((q) => ({ ...q, section: s })));
  }
  return { orgId, auditId, token, questions };
}

/** The fixture's answer where it has one, otherwise a plain option. */
function answerFor(q) {
  if (fixture.answers[q.id]) return fixture.answers[q.id];
  const plain = q.options.filter((o) => !o.na && !o.alternative && !o.unknown);
  return q.type === 'multi_choice' ? { value: [plain[0].value] } : { value: plain[plain.length - 1].value };
}

/**
 * Each request takes a free (organisation, question) slot from a round-robin queue, sends the version it
 * last saw in If-Match, and puts the slot back with the new version, so concurrent connections never
 * write the same answer and every request is a successful save. Half of each organisation's questions
 * go to the api; the other half are saved straight through the database function the api calls
 * (`database`), so the two measurements never change each other's versions.
 */
async function answerSave(ctx) {
  const orgs = [];
  for (let i = 0; i < ORGANISATIONS; i++) orgs.push(await organisation(ctx.baseUrl, `org${i}`));
  const perOrg = Math.min(...orgs.map((o) => o.questions.length));
  const slots = [];
  for (let j = 0; j < perOrg; j += 2) {
    for (const o of orgs) {
      const q = o.questions[j];
      slots.push({
        path: `/api/v1/organisations/${o.orgId}/audits/${o.auditId}/answers/${q.id}`,
        token: o.token,
        body: JSON.stringify(answerFor(q)),
        version: undefined,
      });
    }
  }
  const free = [...slots];
  return {
    // Only a label: every request gets its own path from setupRequest.
    path: '/api/v1/organisations/{orgId}/audits/{auditId}/answers/{questionId}',
    method: 'PUT',
    requests: [
      {
        method: 'PUT',
        setupRequest: (req, context) => {
          const slot = free.shift();
          context.slot = slot;
          return {
            ...req,
            path: slot.path,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${slot.token}`,
              ...(slot.version ? { 'if-match': `"${slot.version}"` } : {}),
            },
            body: slot.body,
          };
        },
        onResponse: (status, body, context) => {
          const slot = context.slot;
          try {
            const doc = JSON.parse(body);
            slot.version = status === 200 ? doc.version : (doc.current?.version ?? slot.version);
          } catch {
            // keep the version; the next request tells
          }
          free.push(slot);
        },
      },
    ],
    database: await databaseSaves(ctx.databaseUrl, orgs, perOrg),
  };
}

const SAVE_ANSWERS = {
  name: 'bench_save_answers',
  text: 'SELECT aup_save_answers($1, $2, $3, $4, $5, $6, $7::jsonb) AS r',
};

/**
 * The database side of an answer save alone: the same call the api makes (`aup_save_answers` with one item, the
 * audit's catalogue hash, the profile's hash and the caller's role as the api passes them), over the
 * other half of the questions, round-robin as above.
 */
async function databaseSaves(databaseUrl, orgs, perOrg) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let rows;
  try {
    ({ rows } = await client.query(
      `SELECT a.id AS audit_id, a.organisation_id, a.content_hash, m.user_id,
              aup_profile_hash(o.profile) AS profile_hash
         FROM audit a JOIN organisation o ON o.id = a.organisation_id JOIN membership m ON m.organisation_id = o.id AND m.role = 'admin'
        WHERE a.id = ANY($1::uuid[])`,
      [orgs.map((o) => o.auditId)],
    ));
  } finally {
    await client.end();
  }
  const byAudit = new Map(rows.map((r) => [r.audit_id, r]));
  const free = [];
  for (let j = 1; j < perOrg; j += 2) {
    for (const o of orgs) {
      const q = o.questions[j];
      const { value, justification } = answerFor(q);
      free.push({
        audit: byAudit.get(o.auditId),
        q,
        value,
        justification: justification ?? null,
        version: null,
      });
    }
  }
  return () => {
    const slot = free.shift();
    const a = slot.audit;
    return {
      ...SAVE_ANSWERS,
      values: [
        a.audit_id,
        a.organisation_id,
        a.user_id,
        true,
        a.content_hash,
        a.profile_hash,
        JSON.stringify([
          {
            questionId: slot.q.id,
            section: slot.q.section,
            expected: slot.version,
            value: slot.value,
            status: 'answered',
            justification: slot.justification,
            note: null,
            evidence: [],
          },
        ]),
      ],
      done: (row) => {
        if (row) slot.version = row.r.answers[0].version;
        free.push(slot);
      },
    };
  };
}

/** Draft results (computed on every request from the pinned catalogue) of a fully answered audit. */
async function draftResults(ctx) {
  const o = await organisation(ctx.baseUrl, 'results');
  const answers = o.questions.map((q) => ({ questionId: q.id, ...answerFor(q) }));
  await call(ctx.baseUrl, 'POST', `/organisations/${o.orgId}/audits/${o.auditId}/answers`, {
    token: o.token,
    body: { answers },
  });
  // Sent the way a browser asks for it (gzip accepted).
  return {
    path: `/api/v1/organisations/${o.orgId}/audits/${o.auditId}/results`,
    headers: { authorization: `Bearer ${o.token}`, 'accept-encoding': 'gzip, deflate, br' },
  };
}

/** @type {import('./scenarios.mjs').Scenario[]} */
export const AUDIT_SCENARIOS = [
  {
    name: 'answer save',
    baseline: 'insert',
    request: { path: '/api/v1/organisations', method: 'PUT' },
    setup: answerSave,
  },
  {
    name: 'draft results',
    baseline: 'select',
    request: { path: '/api/v1/organisations' },
    setup: draftResults,
  },
];
