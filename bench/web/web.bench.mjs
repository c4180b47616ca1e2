/* global document, performance -- the functions passed to page.evaluate run in the browser */
// `npm run bench:web`: the first page's JavaScript (gzip) and its time to interactive, measured with the
// system Chromium against the real api serving the built app, next to a baseline measured in the same run:
// a minimal static page (one tiny script) served by the same server with the same headers.
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
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, DATA_IN_MEMORY: 'true', PORT: '0' });
const app = await createApiApp(config, { logger: false });
const fastify = app.getHttpAdapter().getInstance();
// The baseline: the smallest page that still loads one external script (the CSP forbids inline ones)
// and marks itself interactive the same way the app does.
const BASELINE_JS = "performance.mark('aup:interactive');document.documentElement.dataset.ready='baseline';";
fastify.get('/__bench/baseline', (_req, reply) =>
  reply.type('text/html; charset=utf-8').send('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>baseline</title></head><body><h1>Baseline</h1><script src="/__bench/baseline.js"></script></body></html>'),
);
fastify.get('/__bench/baseline.js', (_req, reply) => reply.type('text/javascript').send(BASELINE_JS));
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.getHttpServer().address();
const baseURL = `http://127.0.0.1:${port}`;

const browser = await chromium.launch({
  executablePath: findChromium(),
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const gzipKb = (bytes) => gzipSync(bytes, { level: 9 }).length / 1024;

/** One cold visit (fresh context: empty cache, no cookies): time to interactive and the scripts it loaded. */
async function visit(path, readyId) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const scripts = new Set();
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script') scripts.add(new URL(res.url()).pathname);
  });
  await page.goto(path);
  await page.waitForFunction((id) => document.documentElement.dataset.ready === id, readyId, { timeout: 30_000 });
  const tti = await page.evaluate(() => performance.getEntriesByName('aup:interactive')[0].startTime);
  await context.close();
  return { tti, scripts: [...scripts] };
}

async function measure(path, readyId) {
  await visit(path, readyId); // warm the server and the OS file cache, not the browser
  const times = [];
  let scripts = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await visit(path, readyId);
    times.push(r.tti);
    scripts = r.scripts;
  }
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { median: pct(0.5), p90: pct(0.9), scripts };
}

const scriptKb = (scripts) =>
  scripts.reduce((sum, path) => {
    if (path.startsWith('/__bench/')) return sum + gzipKb(Buffer.from(BASELINE_JS));
    return sum + gzipKb(readFileSync(join(dist, path)));
  }, 0);

try {
  // Until the questionnaire page can be reached by the benchmark, the first page people see is sign-in.
  const page = { label: 'sign-in page (first page)', path: '/sign-in', ready: 'sign-in' };
  const base = await measure('/__bench/baseline', 'baseline');
  const appRun = await measure(page.path, page.ready);
  const entry = readFileSync(join(dist, 'index.html'), 'utf8');
  const entryScripts = [...entry.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const appKb = scriptKb(appRun.scripts);
  const baseKb = scriptKb(base.scripts);

  const chromiumVersion = browser.version();
  const rows = [
    ['first-page JS (gzip, all scripts loaded)', `${appKb.toFixed(1)} KB in ${appRun.scripts.length} files`, `${baseKb.toFixed(2)} KB in ${base.scripts.length} file`, `budget ${BUDGET_KB} KB: ${appKb <= BUDGET_KB ? 'within' : 'OVER'}`],
    ['entry JS referenced by index.html (gzip)', `${scriptKb(entryScripts).toFixed(1)} KB in ${entryScripts.length} files`, '', ''],
    ['time to interactive, median', `${appRun.median.toFixed(0)} ms`, `${base.median.toFixed(0)} ms`, `${(appRun.median / base.median).toFixed(1)}x baseline`],
    ['time to interactive, p90', `${appRun.p90.toFixed(0)} ms`, `${base.p90.toFixed(0)} ms`, `${(appRun.p90 / base.p90).toFixed(1)}x baseline`],
  ];
  const table = [
    `Measured page: ${page.label}, ${RUNS} cold visits each (fresh browser context, empty cache), loopback, Chromium ${chromiumVersion} headless, ${new Date().toISOString().slice(0, 10)}.`,
    'Baseline: a minimal HTML page with one tiny external script, served by the same api with the same headers.',
    'Time to interactive: from navigation start to the page marking itself usable (form rendered, handlers attached).',
    '',
    '| figure | web app | baseline | note |',
    '|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  process.stdout.write(`${table}\n`);

  const file = join(root, 'docs/BENCHMARKS.md');
  const start = '<!-- bench:web:start -->';
  const end = '<!-- bench:web:end -->';
  const section = `${start}\n${table}\n${end}`;
  let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (doc.includes(start) && doc.includes(end)) doc = doc.slice(0, doc.indexOf(start)) + section + doc.slice(doc.indexOf(end) + end.length);
  else doc = `${doc.trimEnd()}\n\n## Web app (\`npm run bench:web\`)\n\n${section}\n`;
  writeFileSync(file, doc);
  if (appKb > BUDGET_KB) process.exitCode = 1;
} finally {
  await browser.close();
  await app.close();
  rmSync(dataDir, { recursive: true, force: true });
}
