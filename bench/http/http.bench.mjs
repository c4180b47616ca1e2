/* global setInterval, clearInterval -- Node 20 globals */
// `npm run bench:http`: the api under load next to a baseline measured in the same run. The baseline is
// bare Fastify + node-postgres (one primary-key select, one insert); the api runs in full mode (built
// dist, PostgreSQL, Redis) as its own process. Targets are measured interleaved (baseline, api, baseline,
// api, ...) after a warm-up, with bounded duration and connections, on loopback only. Prints a table and
// one `ratio <name> <value>` line per figure, and writes the table into docs/BENCHMARKS.md.
// Env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench, created if missing),
// BENCH_REDIS_URL (default redis://127.0.0.1:6379/15), BENCH_DURATION_S (5), BENCH_ROUNDS (3),
// BENCH_CONNECTIONS (10), BENCH_START_TIMEOUT_S (60), BENCH_WRITE_DOCS (true), BENCH_ONLY (comma-separated scenario names; default all).
// Scenarios marked `percentiles` are also timed request by request (sub-millisecond p50/p95/p99) at 1 and at
// BENCH_CONNECTIONS connections, interleaved with their baseline; that table goes to its own docs section.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitSettings, ensureDatabase } from '../lib/database.mjs';
import { BASELINE_INSERT, measureDb } from '../lib/db-load.mjs';
import { measureLatency } from '../lib/latency.mjs';
import { cpuSnapshot } from '../lib/cpu-time.mjs';
import { measure, median } from '../lib/load.mjs';
import { freePort, startNode, stop, waitForOk } from '../lib/processes.mjs';
import { fmt, machine, table, today, writeSection } from '../lib/report.mjs';
import { API_POOL_SIZE, BASELINES, SCENARIOS } from './scenarios.mjs';

const root = new URL('../..', import.meta.url).pathname;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bench';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const apiMain = join(root, 'dist/apps/api/src/main.js');

if (!existsSync(apiMain)) throw new Error('Build first: npm run build');
await ensureDatabase(DATABASE_URL);
const durability = await commitSettings(DATABASE_URL);

const basePort = await freePort();
const apiPort = await freePort();
const baseline = startNode(join(root, 'bench/http/baseline-server.mjs'), {
  PORT: String(basePort),
  DATABASE_URL,
  DATABASE_POOL_SIZE: String(API_POOL_SIZE),
});
const api = startNode(apiMain, {
  NODE_ENV: 'production',
  PORT: String(apiPort),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  DATABASE_URL,
  DATABASE_POOL_SIZE: String(API_POOL_SIZE),
  REDIS_URL,
  QUEUE_PREFIX: 'bench',
  // The scenarios sign up one organisation each, far beyond the production sign-up limit of one address.
  RATE_LIMIT_SCALE: '1000',
});
const targets = { baseline: `http://127.0.0.1:${basePort}`, api: `http://127.0.0.1:${apiPort}` };

try {
  await waitForOk(`${targets.baseline}/baseline/hello`, { child: baseline }).catch((e) => {
    throw new Error(`${e.message}\n${baseline.output()}`);
  });
  // On a loaded machine the api can take more than a minute to start (BENCH_START_TIMEOUT_S, default 60).
  const timeoutMs = Number(process.env.BENCH_START_TIMEOUT_S ?? 60) * 1000;
  await waitForOk(`${targets.api}/health`, { child: api, timeoutMs }).catch((e) => {
    throw new Error(`${e.message}\n${api.output()}`);
  });

  const ctx = { baseUrl: targets.api, databaseUrl: DATABASE_URL };
  const scenarios = [];
  // BENCH_ONLY=name,name measures only those scenarios (and their baselines).
  const only = process.env.BENCH_ONLY?.split(',').map((n) => n.trim());
  for (const s of SCENARIOS.filter((x) => !only || only.includes(x.name)))
    scenarios.push({ ...s, request: { ...s.request, ...(s.setup ? await s.setup(ctx) : {}) } });
  const serverPid = { [targets.baseline]: baseline.pid, [targets.api]: api.pid };
  // Each measurement also says where the machine's CPU went, per request: the server under test (the api
  // or the baseline server), PostgreSQL (every backend), and this process (the load generator).
  const run = async (base, req, durationS = DURATION_S) => {
    const pids = { server: serverPid[base], load: process.pid };
    const before = cpuSnapshot(pids);
    const m = await measure({
      url: base + req.path,
      method: req.method,
      headers: req.headers,
      body: req.body,
      requests: req.requests,
      connections: CONNECTIONS,
      durationS,
    });
    const after = cpuSnapshot(pids);
    const perRequest = (k) =>
      before && after && m.requests ? ((after[k] - before[k]) * 1000) / m.requests : NaN;
    return {
      ...m,
      cpu: { server: perRequest('server'), postgres: perRequest('postgres'), load: perRequest('load') },
    };
  };
  // Resident memory of the api process, sampled while it is under load (Linux /proc; null elsewhere).
  const rssMb = () => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${api.pid}/status`, 'utf8'))?.[1]);
      return Number.isFinite(kb) ? kb / 1024 : null;
    } catch {
      return null;
    }
  };
  const runApi = async (req) => {
    let peak = rssMb();
    const timer = setInterval(() => (peak = Math.max(peak ?? 0, rssMb() ?? 0)), 250);
    try {
      return { ...(await run(targets.api, req)), rss: peak };
    } finally {
      clearInterval(timer);
    }
  };

  process.stdout.write(`warm-up (2 s per target, ${CONNECTIONS} connections)...\n`);
  for (const b of Object.values(BASELINES)) await run(targets.baseline, b, 2);
  for (const s of scenarios) await run(targets.api, s.request, 2);

  const samples = new Map();
  const add = (key, m) => samples.set(key, [...(samples.get(key) ?? []), m]);
  // Scenarios that also say what their database work is (`request.database`) are measured without HTTP
  // too: the same calls straight to PostgreSQL, next to the baseline insert sent the same way.
  const direct = scenarios.filter((s) => s.request.database);
  const timed = scenarios.filter((s) => s.percentiles);
  const LATENCY_CONNECTIONS = [...new Set([1, CONNECTIONS])];
  const runDb = (next) =>
    measureDb({ databaseUrl: DATABASE_URL, connections: CONNECTIONS, durationS: DURATION_S, next });
  for (let round = 1; round <= ROUNDS; round++) {
    process.stdout.write(`round ${round}/${ROUNDS}\n`);
    add('baseline:insert', await run(targets.baseline, BASELINES.insert));
    for (const s of scenarios) {
      add(`baseline:${s.baseline}`, await run(targets.baseline, BASELINES[s.baseline]));
      add(s.name, await runApi(s.request));
    }
    for (const s of timed)
      for (const c of LATENCY_CONNECTIONS) {
        const lat = (base, req) =>
          measureLatency({
            url: base + req.path,
            headers: req.headers,
            connections: c,
            durationS: DURATION_S,
          });
        add(`latency:${c}:baseline:${s.baseline}`, await lat(targets.baseline, BASELINES[s.baseline]));
        add(`latency:${c}:${s.name}`, await lat(targets.api, s.request));
      }
    if (direct.length) add('database:baseline insert', await runDb(() => BASELINE_INSERT));
    for (const s of direct) add(`database:${s.name}`, await runDb(s.request.database));
  }

  const summary = (key) => {
    const ms = samples.get(key);
    return {
      rps: median(ms.map((m) => m.rps)),
      mean: median(ms.map((m) => m.mean)),
      p50: median(ms.map((m) => m.p50)),
      p95: median(ms.map((m) => m.p95 ?? NaN)),
      p99: median(ms.map((m) => m.p99)),
      bad: ms.reduce((n, m) => n + m.errors + (m.non2xx ?? 0), 0),
      cpu: ms[0].cpu
        ? Object.fromEntries(Object.keys(ms[0].cpu).map((k) => [k, median(ms.map((x) => x.cpu[k]))]))
        : null,
      rss: ms.some((m) => m.rss) ? Math.max(...ms.map((m) => m.rss ?? 0)) : null,
    };
  };
  const rows = [];
  const ratios = [];
  for (const b of Object.keys(BASELINES)) {
    if (!samples.has(`baseline:${b}`)) continue;
    const m = summary(`baseline:${b}`);
    rows.push([
      `baseline ${b} (${BASELINES[b].method ?? 'GET'} ${BASELINES[b].path})`,
      fmt(m.rps, 0),
      fmt(m.mean, 2),
      fmt(m.p50, 0),
      fmt(m.p95, 2),
      fmt(m.p99, 0),
      '1.00',
      '1.00',
      '1.00',
      '1.00',
      String(m.bad),
      '',
    ]);
  }
  for (const s of scenarios) {
    const m = summary(s.name);
    const b = summary(`baseline:${s.baseline}`);
    // Percentiles have 1 ms resolution: a ratio against a sub-millisecond baseline would be noise.
    // p95 is taken from each response's time, so it has no such floor.
    const r = {
      rps: m.rps / b.rps,
      mean: m.mean / b.mean,
      p95: m.p95 / b.p95,
      p99: b.p99 >= 1 ? m.p99 / b.p99 : NaN,
    };
    rows.push([
      `api ${s.name} (${s.request.method ?? 'GET'} ${s.request.path}) vs ${s.baseline}`,
      fmt(m.rps, 0),
      fmt(m.mean, 2),
      fmt(m.p50, 0),
      fmt(m.p95, 2),
      fmt(m.p99, 0),
      fmt(r.rps, 2),
      fmt(r.mean, 2),
      fmt(r.p95, 2),
      fmt(r.p99, 2),
      String(m.bad),
      m.rss === null ? '' : fmt(m.rss, 0),
    ]);
    ratios.push(
      [`${s.name}_rps`, r.rps],
      [`${s.name}_mean_latency`, r.mean],
      [`${s.name}_p95`, r.p95],
      [`${s.name}_p99`, r.p99],
    );
  }
  if (direct.length) {
    const b = summary('database:baseline insert');
    rows.push([
      `database only: baseline insert (${BASELINE_INSERT.text.split(' (')[0]})`,
      fmt(b.rps, 0),
      fmt(b.mean, 2),
      '',
      '',
      fmt(b.p99, 1),
      '1.00',
      '1.00',
      '',
      '1.00',
      String(b.bad),
      '',
    ]);
    for (const s of direct) {
      const m = summary(`database:${s.name}`);
      const r = { rps: m.rps / b.rps, mean: m.mean / b.mean, p99: m.p99 / b.p99 };
      rows.push([
        `database only: ${s.name} (the statement the api sends) vs insert`,
        fmt(m.rps, 0),
        fmt(m.mean, 2),
        '',
        '',
        fmt(m.p99, 1),
        fmt(r.rps, 2),
        fmt(r.mean, 2),
        '',
        fmt(r.p99, 2),
        String(m.bad),
        '',
      ]);
      ratios.push([`database_${s.name}_rps`, r.rps]);
    }
  }
  const text = table(
    [
      'target',
      'req/s',
      'mean ms',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'req/s ratio',
      'mean latency ratio',
      'p95 ratio',
      'p99 ratio',
      'errors + non-2xx',
      'api RSS MB (peak)',
    ],
    rows,
  );
  process.stdout.write(`\n${text}\n\n`);
  for (const [name, value] of ratios) process.stdout.write(`ratio ${name} ${fmt(value, 3)}\n`);

  // CPU per request (µs, medians over the rounds): what each request costs the machine, by process. With
  // every core busy, req/s is about (cores / total); a ratio target is a budget for the total.
  const cpuRow = (name, m) => {
    const total = m.cpu.server + m.cpu.postgres + m.cpu.load;
    return [
      name,
      fmt(m.cpu.server, 0),
      fmt(m.cpu.postgres, 0),
      fmt(m.cpu.load, 0),
      fmt(total, 0),
      fmt((total * m.rps) / 1e6, 2),
    ];
  };
  const cpuRows = [
    ...Object.keys(BASELINES)
      .filter((b) => samples.has(`baseline:${b}`))
      .map((b) => cpuRow(`baseline ${b}`, summary(`baseline:${b}`))),
    ...scenarios.map((sc) => cpuRow(`api ${sc.name}`, summary(sc.name))),
  ].filter((r) => r[1] !== 'NaN');
  const cpuText = cpuRows.length
    ? table(['target', 'server µs', 'PostgreSQL µs', 'load generator µs', 'total µs', 'cores busy'], cpuRows)
    : '';
  if (cpuText) process.stdout.write(`\nCPU per request (all processes on this machine):\n\n${cpuText}\n\n`);

  // Per-request percentiles (sub-millisecond): the api scenario against its baseline, at each concurrency.
  const latencyRows = [];
  const med = (key, f) => median(samples.get(key).map((m) => m[f]));
  for (const s of timed)
    for (const c of LATENCY_CONNECTIONS) {
      const b = `latency:${c}:baseline:${s.baseline}`;
      const a = `latency:${c}:${s.name}`;
      const row = (name, key, ref) => [
        name,
        String(c),
        fmt(med(key, 'rps'), 0),
        ...['p50', 'p95', 'p99'].map((f) => fmt(med(key, f), 2)),
        ...['p50', 'p95', 'p99'].map((f) => fmt(med(key, f) / med(ref, f), 2)),
        String(samples.get(key).reduce((n, m) => n + m.bad, 0)),
      ];
      latencyRows.push(row(`baseline ${s.baseline}`, b, b), row(`api ${s.name}`, a, b));
      for (const f of ['p50', 'p95', 'p99']) ratios.push([`${s.name}_c${c}_${f}`, med(a, f) / med(b, f)]);
    }
  const latencyText = latencyRows.length
    ? table(
        [
          'target',
          'connections',
          'req/s',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'p50 ratio',
          'p95 ratio',
          'p99 ratio',
          'errors + non-2xx',
        ],
        latencyRows,
      )
    : '';
  if (latencyText) {
    process.stdout.write(`\n${latencyText}\n\n`);
    for (const [name, value] of ratios.filter(([n]) => /_c\d+_p\d\d$/.test(n)))
      process.stdout.write(`ratio ${name} ${fmt(value, 3)}\n`);
  }
  if ((process.env.BENCH_WRITE_DOCS ?? 'true') === 'true' && latencyText) {
    writeSection(
      join(root, 'docs/BENCHMARKS.md'),
      'bench:http-percentiles',
      '### Per-request percentiles (`npm run bench:http`)',
      [
        `Measured ${today()} on ${machine()}; loopback, ${DURATION_S} s per measurement, ${ROUNDS} interleaved rounds`,
        'after the warm-up, medians shown. Each request is timed on its own (monotonic clock, sub-millisecond),',
        'by keep-alive connections that each send the next request when the answer has arrived; 1 connection',
        `shows what one request costs, ${CONNECTIONS} connections what it costs with the machine busy serving them.`,
        'Ratios: the api percentile over the same percentile of its baseline in the same round (lower is better).',
        '',
        latencyText,
      ].join('\n'),
    );
  }

  if ((process.env.BENCH_WRITE_DOCS ?? 'true') === 'true' && !only) {
    writeSection(
      join(root, 'docs/BENCHMARKS.md'),
      'bench:http',
      '## HTTP (`npm run bench:http`)',
      [
        `Measured ${today()} on ${machine()}; loopback, autocannon with ${CONNECTIONS} connections, ${DURATION_S} s per measurement,`,
        `${ROUNDS} interleaved rounds after a warm-up, medians shown. The api runs in full mode (built, \`NODE_ENV=production\`,`,
        'PostgreSQL and Redis on the same machine); the baseline is bare Fastify + node-postgres in its own process.',
        `Both use a pool of ${API_POOL_SIZE} database connections; the baseline insert goes to an ordinary (logged) table with the server's`,
        `commit settings (${durability}), as the api's writes do.`,
        'Ratios: req/s of the api over req/s of its baseline (higher is better), latency of the api over latency of its baseline',
        '(lower is better). p50 and p99 have 1 ms resolution (autocannon); p95 is taken from every response time.',
        '"database only" rows send the same statements straight to PostgreSQL from the benchmark process, with as many connections',
        'and no HTTP: what the database work of a request costs on this machine, next to the baseline insert sent the same way.',
        '',
        text,
        '',
        'CPU per request, by process (from /proc, medians over the rounds): the server under test (the api, or the baseline',
        'server for its rows), every PostgreSQL backend, and the load generator. With every core busy, req/s is about',
        'cores / total, so a ratio target is a CPU budget: 0.35× of the baseline insert leaves the api, PostgreSQL and the load',
        "generator together about 2.9× the baseline insert's total.",
        '',
        cpuText,
      ].join('\n'),
    );
  }
} finally {
  await stop(api);
  await stop(baseline);
}
