/* global document, performance -- the functions passed to page.evaluate run in the browser */
// `npm run bench:web`: time to interactive of the questionnaire (the page people spend their time on) and
// of the sign-in page (the first page), and the first page's JavaScript (gzip), measured with the system
// Chromium against the real api serving the built app, next to a baseline measured in the same run: a
// minimal static page (one tiny script) served by the same server with the same headers. The organisation,
// its profile, an audit with answers and a session are created through the api before measuring.
// Writes the table between the bench:web markers in docs/BENCHMARKS.md.
import 'reflect-metadata';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const BUDGET_KB = 250;
// The Legal section: the longest questionnaire page of the framework (21 questions).
const SECTION = process.env.BENCH_SECTION ?? 'legal';

const { loadConfig } = require(join(root, 'dist/libs/config/src/index.js'));
const { createApiApp } = require(join(root, 'dist/apps/api/src/bootstrap.js'));
const { findWebDist } = require(join(root, 'dist/apps/api/src/web/web.module.js'));
const { chromium } = require('playwright-core');

function findChromium() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // keep looking
      }
    }
  }
  throw new Error('Chromium is not installed (apt-get install -y chromium)');
}

const dist = findWebDist();
if (!dist) throw new Error('Build the web app first (npm run build)');

const dataDir = mkdtempSync(join(tmpdir(), 'aup-bench-web-'));
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATA_DIR: dataDir,
  DATA_IN_MEMORY: 'true',
  PORT: '0',
});
const app = await createApiApp(config, { logger: false });
const fastify = app.getHttpAdapter().getInstance();
// The baseline: the smallest page that still loads one external script (the CSP forbids inline ones)
// and marks itself interactive the same way the app does.
const BASELINE_JS = "performance.mark('aup:interactive');document.documentElement.dataset.ready='baseline';";
fastify.get('/__bench/baseline', (_req, reply) =>
  reply
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body><h1>Baseline</h1><script src="/__bench/baseline.js"></script></body></html>',
    ),
);
fastify.get('/__bench/baseline.js', (_req, reply) => reply.type('text/javascript').send(BASELINE_JS));
// The same questionnaire as static HTML: its rendered markup and stylesheets, none of the app's JavaScript
// (only the baseline script that marks it interactive). Filled in once the questionnaire has been seeded.
let staticQuestionnaire = '';
fastify.get('/__bench/static-questionnaire', (_req, reply) =>
  reply.type('text/html; charset=utf-8').send(staticQuestionnaire),
);
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.getHttpServer().address();
const baseURL = `http://127.0.0.1:${port}`;

const browser = await chromium.launch({
  executablePath: findChromium(),
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

const gzipKb = (bytes) => gzipSync(bytes, { level: 9 }).length / 1024;

/** A tiny api client that keeps cookies and echoes the CSRF token, like the web app. */
function apiClient() {
  const cookies = new Map();
  return {
    cookies,
    async call(method, path, body, extraHeaders = {}) {
      const headers = { accept: 'application/json', ...extraHeaders };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (cookies.size) headers.cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
      if (method !== 'GET' && cookies.has('aup_csrf')) headers['x-csrf-token'] = cookies.get('aup_csrf');
      const res = await fetch(`${baseURL}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair.indexOf('=');
        cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return { body: text ? JSON.parse(text) : undefined, etag: res.headers.get('etag') };
    },
  };
}

/**
 * A realistic questionnaire to open: an organisation with a filled-in profile (so its country and provider
 * questions show), an audit, and every question of the measured section answered, with evidence references.
 */
async function seedQuestionnaire() {
  const client = apiClient();
  const signup = await client.call('POST', '/auth/signup', {
    email: `bench-${Date.now()}@example.com`,
    password: 'lantern orbit meadow 7 copper',
    displayName: 'Bench Officer',
    organisationName: 'Bench Manufacturing Ltd',
  });
  const orgId = signup.body.organisation.id;
  const org = await client.call('GET', `/organisations/${orgId}`);
  const profile = {
    headcount: 4200,
    countries: ['GB', 'SE', 'US'],
    sector: 'manufacturing',
    guest_wifi: true,
    works_council: true,
    monitoring_in_use: true,
    provides_email: false,
    incident_band: '0',
  };
  await client.call('PATCH', `/organisations/${orgId}`, { profile }, { 'if-match': org.etag });
  const audit = (
    await client.call('POST', `/organisations/${orgId}/audits`, {
      title: 'Benchmark self-assessment',
      dueDate: '2026-12-31',
    })
  ).body;
  const section = (await client.call('GET', `/organisations/${orgId}/audits/${audit.id}/sections/${SECTION}`))
    .body;
  const answers = section.questions
    .filter((q) => q.options.length)
    .map((q) => {
      const option = q.options.find((o) => !o.na && !o.unknown && !o.alternative) ?? q.options[0];
      return {
        questionId: q.id,
        value: q.type === 'multi_choice' ? [option.value] : option.value,
        note: 'Reviewed with the policy owner this quarter.',
        evidence: [
          {
            title: 'Acceptable-use policy v4, approved by the board',
            kind: 'document',
            location: 'POL-AUP-004',
            ownerRole: 'hr',
          },
        ],
      };
    });
  await client.call('POST', `/organisations/${orgId}/audits/${audit.id}/answers`, { answers });
  const cookies = [...client.cookies].map(([name, value]) => ({
    name,
    value,
    domain: '127.0.0.1',
    path: '/',
  }));
  return {
    path: `/organisations/${orgId}/audits/${audit.id}/sections/${SECTION}`,
    cookies,
    questions: section.questions.length,
    answered: answers.length,
  };
}

/**
 * The phone profile: a 390 px wide screen, the CPU slowed down four times and Lighthouse's "slow 4G"
 * network (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up), both through the DevTools protocol.
 */
const PHONE = {
  viewport: { width: 390, height: 844 },
  cpuRate: 4,
  network: {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  },
};
const RUNS_PHONE = Number(process.env.BENCH_RUNS_PHONE ?? 7);

/** One cold visit (fresh context: empty cache, `cookies` only): time to interactive and the scripts it loaded. */
async function visit(path, readyId, cookies = [], phone = false) {
  const context = await browser.newContext({ baseURL, ...(phone ? { viewport: PHONE.viewport } : {}) });
  if (cookies.length) await context.addCookies(cookies);
  const page = await context.newPage();
  if (phone) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpuRate });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', PHONE.network);
  }
  const scripts = new Set();
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') scripts.add(new URL(res.url()).pathname);
  });
  await page.goto(path);
  await page.waitForFunction((id) => document.documentElement.dataset.ready === id, readyId, {
    timeout: 60_000,
  });
  const tti = await page.evaluate(() => performance.getEntriesByName('aup:interactive')[0].startTime);
  await context.close();
  return { tti, scripts: [...scripts] };
}

/**
 * Visits the pages in turn, RUNS rounds: on a shared machine the load changes over a run, and taking
 * turns exposes every page, the baseline included, to the same conditions.
 */
async function measureInTurn(pages, { phone = false, runs: count = RUNS } = {}) {
  for (const p of pages) await visit(p.path, p.ready, p.cookies, phone); // warm the server and the OS file cache, not the browser
  const runs = pages.map(() => ({ times: [], scripts: [] }));
  for (let i = 0; i < count; i++) {
    for (const [j, p] of pages.entries()) {
      const r = await visit(p.path, p.ready, p.cookies, phone);
      runs[j].times.push(r.tti);
      runs[j].scripts = r.scripts;
    }
  }
  return runs.map(({ times, scripts }) => {
    times.sort((a, b) => a - b);
    const pct = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    return { median: pct(0.5), p90: pct(0.9), scripts };
  });
}

/** The questionnaire's markup once interactive, with its scripts swapped for the baseline script. */
async function renderedWithoutScripts(path, cookies) {
  const context = await browser.newContext({ baseURL, viewport: PHONE.viewport });
  await context.addCookies(cookies);
  const page = await context.newPage();
  await page.goto(path);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'questionnaire', null, {
    timeout: 30_000,
  });
  const html = await page.evaluate(() => {
    const doc = document.documentElement.cloneNode(true);
    for (const el of doc.querySelectorAll('script, link[rel="modulepreload"]')) el.remove();
    delete doc.dataset.ready;
    return `<!doctype html>${doc.outerHTML}`;
  });
  await context.close();
  return html.replace('</body>', '<script src="/__bench/baseline.js"></script></body>');
}

const scriptKb = (scripts) =>
  scripts.reduce((sum, path) => {
    if (path.startsWith('/__bench/')) return sum + gzipKb(Buffer.from(BASELINE_JS));
    return sum + gzipKb(readFileSync(join(dist, path)));
  }, 0);

try {
  const seeded = await seedQuestionnaire();
  const [base, questionnaire, signIn] = await measureInTurn([
    { path: '/__bench/baseline', ready: 'baseline' },
    { path: seeded.path, ready: 'questionnaire', cookies: seeded.cookies },
    { path: '/sign-in', ready: 'sign-in' },
  ]);
  // The rendered questionnaire, frozen: scripts and module preloads removed, the baseline script added.
  staticQuestionnaire = await renderedWithoutScripts(seeded.path, seeded.cookies);
  const [phoneStatic, phoneApp] = await measureInTurn(
    [
      { path: '/__bench/static-questionnaire', ready: 'baseline' },
      { path: seeded.path, ready: 'questionnaire', cookies: seeded.cookies },
    ],
    { phone: true, runs: RUNS_PHONE },
  );
  const entry = readFileSync(join(dist, 'index.html'), 'utf8');
  const entryScripts = [...entry.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const firstKb = scriptKb(signIn.scripts);
  const baseKb = scriptKb(base.scripts);
  const files = (n) => `${n} file${n === 1 ? '' : 's'}`;
  const tti = (label, run) => [
    [
      `${label}: time to interactive, median`,
      `${run.median.toFixed(0)} ms`,
      `${base.median.toFixed(0)} ms`,
      `${(run.median / base.median).toFixed(1)}x baseline`,
    ],
    [
      `${label}: time to interactive, p90`,
      `${run.p90.toFixed(0)} ms`,
      `${base.p90.toFixed(0)} ms`,
      `${(run.p90 / base.p90).toFixed(1)}x baseline`,
    ],
  ];

  const chromiumVersion = browser.version();
  const phoneRows = [
    [
      'questionnaire on a throttled phone: time to interactive, median',
      `${phoneApp.median.toFixed(0)} ms`,
      `${phoneStatic.median.toFixed(0)} ms`,
      `${(phoneApp.median / phoneStatic.median).toFixed(1)}x the same page as static HTML`,
    ],
    [
      'questionnaire on a throttled phone: time to interactive, p90',
      `${phoneApp.p90.toFixed(0)} ms`,
      `${phoneStatic.p90.toFixed(0)} ms`,
      `${(phoneApp.p90 / phoneStatic.p90).toFixed(1)}x the same page as static HTML`,
    ],
  ];
  const rows = [
    ...tti('questionnaire', questionnaire),
    [
      'questionnaire: JS loaded (gzip)',
      `${scriptKb(questionnaire.scripts).toFixed(1)} KB in ${files(questionnaire.scripts.length)}`,
      `${baseKb.toFixed(2)} KB in ${files(base.scripts.length)}`,
      '',
    ],
    ...tti('sign-in (first page)', signIn),
    [
      'first-page JS (gzip, all scripts loaded)',
      `${firstKb.toFixed(1)} KB in ${files(signIn.scripts.length)}`,
      `${baseKb.toFixed(2)} KB in ${files(base.scripts.length)}`,
      `budget ${BUDGET_KB} KB: ${firstKb <= BUDGET_KB ? 'within' : 'OVER'}`,
    ],
    [
      'entry JS referenced by index.html (gzip)',
      `${scriptKb(entryScripts).toFixed(1)} KB in ${files(entryScripts.length)}`,
      '',
      '',
    ],
  ];
  const table = [
    `Measured pages: the questionnaire (section \`${SECTION}\`, ${seeded.questions} questions, ${seeded.answered} answered with a note and an evidence reference, signed in) and the sign-in page (the first page people see).`,
    `${RUNS} cold visits each (fresh browser context, empty cache), the three pages taking turns, loopback, Chromium ${chromiumVersion} headless, ${new Date().toISOString().slice(0, 10)}.`,
    'Baseline: a minimal HTML page with one tiny external script, served by the same api with the same headers.',
    'Time to interactive: from navigation start to the page marking itself usable (questions or form rendered with their data, handlers attached).',
    '',
    '| figure | web app | baseline | note |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    `Throttled phone: 390 px wide, CPU slowed ${PHONE.cpuRate}x (DevTools \`Emulation.setCPUThrottlingRate\`), network ${PHONE.network.latency} ms round trip, 1.6 Mbit/s down, 750 kbit/s up (Lighthouse "slow 4G", \`Network.emulateNetworkConditions\`); ${RUNS_PHONE} cold visits each, taking turns.`,
    "Baseline: the same questionnaire as static HTML (its rendered markup and the app's stylesheet, none of the app's JavaScript), served by the same api.",
    '',
    '| figure | web app | same page as static HTML | ratio |',
    '|---|---|---|---|',
    ...phoneRows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);

  const file = join(root, 'docs/BENCHMARKS.md');
  const start = '<!-- bench:web:start -->';
  const end = '<!-- bench:web:end -->';
  const section = `${start}\n${table}\n${end}`;
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (doc.includes(start) && doc.includes(end))
    doc = doc.slice(0, doc.indexOf(start)) + section + doc.slice(doc.indexOf(end) + end.length);
  else doc = `${doc.trimEnd()}\n\n## Web app (\`npm run bench:web\`)\n\n${section}\n`;
  writeFileSync(file, doc);
  if (firstKb > BUDGET_KB) process.exitCode = 1;
} finally {
  await browser.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
