// `npm run bench:reports`: report rendering, each figure against a baseline measured in the same run.
//  1. Through the queue vs directly: a PDF requested over HTTP (api -> outbox -> Redis -> worker -> stored
//     file, polled until done) against renderReport() in this process of the same input the worker read (the
//     stored snapshot, catalogue and request-time context). Target: overhead <= 20 %.
//  2. Our PDF of a full audit vs a plain pdfkit document of the same pages (the same text per page, the
//     same embedded font, no layout). Target: <= 1.5x.
// Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench, created if missing),
// BENCH_REDIS_URL (default redis://127.0.0.1:6379/15), BENCH_ROUNDS (default 7). Writes docs/BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildIfNeeded, root } from '../../scripts/build-if-needed.mjs';
import { ensureDatabase } from '../lib/database.mjs';
import { median } from '../lib/load.mjs';
import { startNode, stop } from '../lib/processes.mjs';
import { fmt, machine, table, today, writeSection } from '../lib/report.mjs';

buildIfNeeded('dist/apps/api/src/main.js');
const require = createRequire(import.meta.url);
const dist = (p) => require(join(root, 'dist', p));
const { renderReport, PDF_FONTS } = dist('libs/reports/src/index.js');
const { loadFrameworkRef, resolvePoliciesDir } = dist('libs/policies/src/index.js');
const { loadConfig } = dist('libs/config/src/index.js');
const { createApiApp } = dist('apps/api/src/bootstrap.js');
const PDFDocument = require('pdfkit');

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bench';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const FIXTURE = 'multinational-12000';
const fixture = parse(readFileSync(join(root, 'test/fixtures/answers/ok', `${FIXTURE}.yaml`), 'utf8'));
const catalogue = loadFrameworkRef(resolvePoliciesDir(), fixture.framework);
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;

/** A plain pdfkit document with the given text on each page, in the same embedded font: the floor for a PDF of this size. */
function plainPdf(pages) {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', autoFirstPage: false });
    const chunks = [];
    doc.on('data', (c) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('body', PDF_FONTS.regular);
    for (const text of pages) {
      doc.addPage({ margin: 50 });
      doc.font('body').fontSize(8.5).text(text, { lineBreak: true, height: 740, ellipsis: true });
    }
    doc.end();
  });
}

async function api(base, token, method, path, body, headers = {}) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { json, headers: res.headers };
}

/** Sign-up, token, profile, an audit answered from the fixture and submitted: the same steps as a person. */
async function submittedAudit(base) {
  const email = `bench-${randomUUID().slice(0, 8)}@example.com`;
  const signup = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'lantern orbit meadow 7 copper', organisationName: 'Bench Org' }),
  });
  const cookies = signup.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('aup_csrf='))?.split('=')[1];
  const orgId = (await signup.json()).organisation.id;
  const tokenRes = await fetch(`${base}/api/v1/me/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
    body: JSON.stringify({ name: 'bench' }),
  });
  const token = (await tokenRes.json()).token;
  const org = await api(base, token, 'GET', `/organisations/${orgId}`);
  await api(
    base,
    token,
    'PATCH',
    `/organisations/${orgId}`,
    { profile: fixture.profile },
    { 'if-match': org.headers.get('etag') },
  );
  const audit = (
    await api(base, token, 'POST', `/organisations/${orgId}/audits`, {
      title: 'CSAM readiness 2026',
      framework: fixture.framework,
    })
  ).json;
  const path = `/organisations/${orgId}/audits/${audit.id}`;
  await api(base, token, 'POST', `${path}/answers`, {
    answers: Object.entries(fixture.answers).map(([questionId, a]) => ({ questionId, ...a })),
  });
  const current = await api(base, token, 'GET', path);
  await api(
    base,
    token,
    'POST',
    `${path}/submit`,
    { statement: 'I confirm these answers are complete and accurate.', role: 'Chief Compliance Officer' },
    { 'if-match': current.headers.get('etag') },
  );
  return { token, reports: `${path}/reports` };
}

/**
 * The input the worker renders a stored report from (snapshot, catalogue, request-time context with the
 * tracked items and the trail check), read from the database: the direct baseline renders exactly it.
 */
async function storedInput(reportId) {
  const pg = require('pg');
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const {
      rows: [row],
    } = await client.query(
      `SELECT COALESCE(s.result, r.draft_snapshot) AS snapshot, f.catalogue, r.context FROM report r
         LEFT JOIN result_snapshot s ON s.id = r.snapshot_id JOIN audit a ON a.id = r.audit_id
         JOIN framework_version f ON f.content_hash = a.content_hash WHERE r.id = $1`,
      [reportId],
    );
    return { snapshot: row.snapshot, catalogue: row.catalogue, context: row.context };
  } finally {
    await client.end();
  }
}

async function main() {
  await ensureDatabase(DATABASE_URL);
  const env = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL,
    REDIS_URL,
    QUEUE_PREFIX: `bench${randomUUID().slice(0, 6)}`,
    MIGRATIONS_RUN: 'true',
    OUTBOX_POLL_MS: '50',
    WORKER_OPS_PORT: '0',
    PUBLIC_URL: 'http://localhost',
  };
  const config = loadConfig(env);
  const app = await createApiApp(config, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  // The worker is its own process, as deployed; the api runs here and only answers the polling.
  const worker = startNode(join(root, 'dist/apps/worker/src/main.js'), env);
  try {
    const { token, reports } = await submittedAudit(base);
    // The same input both ways: what the api stored for a report of this audit (tracked items included).
    const first = (await api(base, token, 'POST', reports, { format: 'pdf' })).json;
    const input = await storedInput(first.id);
    const direct = [];
    const queued = [];
    const waited = [];
    const rendered = [];
    let lastPdf;
    // Warm-up of both paths (font parsing, JIT, first connections), then alternating rounds.
    for (let round = -1; round < ROUNDS; round++) {
      let start = process.hrtime.bigint();
      lastPdf = (await renderReport('pdf', input)).bytes;
      if (round >= 0) direct.push(ms(start));
      start = process.hrtime.bigint();
      const { json } = await api(base, token, 'POST', reports, { format: 'pdf' });
      let view;
      for (;;) {
        view = (await api(base, token, 'GET', `${reports}/${json.id}`)).json;
        if (view.status === 'done') break;
        if (view.status === 'failed') throw new Error(`render failed: ${view.error}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      if (round >= 0) {
        queued.push(ms(start));
        // Where the time goes, from the report's own timestamps: waiting for a worker, then rendering and storing.
        waited.push(Date.parse(view.startedAt) - Date.parse(view.requestedAt));
        rendered.push(Date.parse(view.finishedAt) - Date.parse(view.startedAt));
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
    writeFileSync(join(dir, 'r.pdf'), lastPdf);
    const pages = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' })
      .split('\f')
      .filter((p) => p.trim());
    const ours = [];
    const plain = [];
    for (let round = -1; round < ROUNDS; round++) {
      let start = process.hrtime.bigint();
      await renderReport('pdf', input);
      if (round >= 0) ours.push(ms(start));
      start = process.hrtime.bigint();
      await plainPdf(pages);
      if (round >= 0) plain.push(ms(start));
    }
    const q = median(queued);
    const d = median(direct);
    const o = median(ours);
    const p = median(plain);
    const overhead = (q / d - 1) * 100;
    const ratio = o / p;
    const rows = [
      [
        `baseline: renderReport('pdf') in process, from the report's stored input`,
        `${fmt(d, 0)} ms`,
        '1.00',
        '',
      ],
      [
        'through the queue: POST, outbox, Redis, worker, stored, polled until done',
        `${fmt(q, 0)} ms`,
        fmt(q / d, 2),
        `overhead ${fmt(overhead, 1)} % (target <= 20 %): ${overhead <= 20 ? 'within' : 'ABOVE'}`,
      ],
      [
        '  of which: requested until a worker started it (report timestamps)',
        `${fmt(median(waited), 0)} ms`,
        '',
        '',
      ],
      [
        '  of which: started until the file was stored (render in the worker process)',
        `${fmt(median(rendered), 0)} ms`,
        fmt(median(rendered) / d, 2),
        'against the in-process render',
      ],
      [
        `baseline: plain pdfkit, same ${pages.length} pages of text, same embedded font`,
        `${fmt(p, 0)} ms`,
        '1.00',
        '',
      ],
      [
        `our PDF of the full audit (${pages.length} pages, ${Math.round(lastPdf.length / 1024)} KB)`,
        `${fmt(o, 0)} ms`,
        fmt(ratio, 2),
        `target <= 1.5x: ${ratio <= 1.5 ? 'within' : 'ABOVE'}`,
      ],
    ];
    const body = [
      `Audit: \`${FIXTURE}.yaml\` (${Object.keys(fixture.answers).length} answers, ${catalogue.framework.id}@${catalogue.framework.version}), submitted through the api. Medians of ${ROUNDS} alternating rounds after a warm-up; ${machine()}, ${today()}.`,
      'The queued path includes the HTTP request, the outbox relay (polling every 50 ms here; 500 ms by default), the hand-over through Redis, the render in the worker process, the done-once commit of the file and the client polling every 50 ms.',
      '',
      table(['what', 'median', 'ratio', 'note'], rows),
    ].join('\n');
    console.log(body);
    console.log(`ratio report_queue_vs_direct ${fmt(q / d, 2)}`);
    console.log(`ratio report_pdf_vs_plain_pdfkit ${fmt(ratio, 2)}`);
    writeSection(
      join(root, 'docs/BENCHMARKS.md'),
      'bench:reports',
      '## Reports (`npm run bench:reports`)',
      body,
    );
  } finally {
    await stop(worker);
    await app.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
