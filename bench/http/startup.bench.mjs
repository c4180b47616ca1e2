/* global performance -- Node 20 global */
// `npm run bench:startup`: time from process start to the first 200 of /health for the api in embedded
// mode (PGlite, in-process jobs), cold (empty DATA_DIR: creates the database and runs every migration)
// and warm (existing DATA_DIR), next to a baseline measured in the same run: bare Fastify starting and
// answering one route. Runs are interleaved (baseline, cold, warm, ...); medians are reported.
// Env: BENCH_STARTUP_RUNS (default 3), BENCH_WRITE_DOCS (true).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../lib/load.mjs';
import { freePort, startNode, stop, waitForOk } from '../lib/processes.mjs';
import { fmt, machine, table, today, writeSection } from '../lib/report.mjs';

const root = new URL('../..', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const apiMain = join(root, 'dist/apps/api/src/main.js');
if (!existsSync(apiMain)) throw new Error('Build first: npm run build');

async function timeStart(script, env, path) {
  const port = await freePort();
  const started = performance.now();
  const child = startNode(script, { ...env, PORT: String(port) }, { cwd: root });
  try {
    await waitForOk(`http://127.0.0.1:${port}${path}`, { child, timeoutMs: 120_000 }).catch((e) => {
      throw new Error(`${e.message}\n${child.output()}`);
    });
    return performance.now() - started;
  } finally {
    await stop(child);
  }
}

const embeddedEnv = (dataDir) => ({
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  DATA_DIR: dataDir,
});
const times = { baseline: [], cold: [], warm: [] };
const dirs = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    process.stdout.write(`run ${run}/${RUNS}\n`);
    times.baseline.push(await timeStart(join(root, 'bench/http/baseline-server.mjs'), {}, '/baseline/hello'));
    const dataDir = mkdtempSync(join(tmpdir(), 'aup-bench-startup-'));
    dirs.push(dataDir);
    times.cold.push(await timeStart(apiMain, embeddedEnv(dataDir), '/health'));
    times.warm.push(await timeStart(apiMain, embeddedEnv(dataDir), '/health'));
  }
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

const base = median(times.baseline);
const rows = [
  ['baseline: bare Fastify, one route', fmt(base, 0), '1.0'],
  [
    'api embedded, cold (empty data directory)',
    fmt(median(times.cold), 0),
    fmt(median(times.cold) / base, 1),
  ],
  [
    'api embedded, warm (existing data directory)',
    fmt(median(times.warm), 0),
    fmt(median(times.warm) / base, 1),
  ],
];
const text = table(['start-up to first 200', 'median ms', 'ratio to baseline'], rows);
process.stdout.write(`\n${text}\n\n`);
process.stdout.write(`ratio startup_cold ${fmt(median(times.cold) / base, 3)}\n`);
process.stdout.write(`ratio startup_warm ${fmt(median(times.warm) / base, 3)}\n`);

if ((process.env.BENCH_WRITE_DOCS ?? 'true') === 'true') {
  writeSection(
    join(root, 'docs/BENCHMARKS.md'),
    'bench:startup',
    '## Start-up, embedded mode (`npm run bench:startup`)',
    [
      `Measured ${today()} on ${machine()}; ${RUNS} interleaved runs, medians. Time from spawning \`node\` to the first`,
      '200 from `/health` (the api answers only after the database is open and migrated). Cold: empty data directory',
      '(PGlite creates the database, every migration runs). Warm: the same directory again.',
      '',
      text,
    ].join('\n'),
  );
}
