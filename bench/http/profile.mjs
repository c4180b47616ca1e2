// `npm run bench:http:profile [-- <scenario name> ...]`: where an api request's time goes, under the same load
// and data as `npm run bench:http`. For each scenario (all when none is named) it prints the throughput,
// the statements sent to PostgreSQL per request (each with its mean time to come back), how the cores were
// shared between the api, PostgreSQL and the load generator, and the api's CPU profile by package and by
// function. The profile is also kept as a .cpuprofile file (open it in Chrome DevTools) in BENCH_PROFILE_DIR
// (default: a new temporary directory). Env as for bench:http (BENCH_DATABASE_URL, BENCH_REDIS_URL,
// BENCH_DURATION_S, BENCH_CONNECTIONS, BENCH_DATABASE_POOL_SIZE).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSnapshot, coresUsed } from '../lib/cpu-time.mjs';
import { summarise } from '../lib/cpu-profile.mjs';
import { ensureDatabase } from '../lib/database.mjs';
import { measure } from '../lib/load.mjs';
import { freePort, startNode, stop, waitForOk } from '../lib/processes.mjs';
import { fmt, table } from '../lib/report.mjs';
import { API_POOL_SIZE, SCENARIOS } from './scenarios.mjs';

const root = new URL('../..', import.meta.url).pathname;
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bench';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const OUT = process.env.BENCH_PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'aup-profile-'));
const apiMain = join(root, 'dist/apps/api/src/main.js');
const named = process.argv.slice(2);
const chosen = named.length ? SCENARIOS.filter((s) => named.includes(s.name)) : SCENARIOS;
if (!chosen.length)
  throw new Error(`No such scenario; choose from: ${SCENARIOS.map((s) => s.name).join(', ')}`);
if (!existsSync(apiMain)) throw new Error('Build first: npm run build');
await ensureDatabase(DATABASE_URL);

const apiPort = await freePort();
const probePort = await freePort();
const profileFile = (name) => join(OUT, `${name.replace(/\W+/g, '-')}.cpuprofile`);
const api = startNode(
  apiMain,
  {
    NODE_ENV: 'production',
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL,
    DATABASE_POOL_SIZE: String(API_POOL_SIZE),
    REDIS_URL,
    QUEUE_PREFIX: 'bench',
    // As in bench:http: the scenarios sign up one organisation each, beyond the sign-up limit of one address.
    RATE_LIMIT_SCALE: '1000',
    PROBE_PORT: String(probePort),
  },
  { nodeArgs: ['--require', join(root, 'bench/lib/api-probe.cjs')] },
);
const probe = async (what) => {
  const res = await fetch(`http://127.0.0.1:${probePort}/${what}`);
  if (res.status !== 200) throw new Error(`probe ${what}: ${res.status} ${await res.text()}`);
  return res.json();
};
const baseUrl = `http://127.0.0.1:${apiPort}`;

try {
  await waitForOk(`${baseUrl}/health`, { child: api }).catch((e) => {
    throw new Error(`${e.message}\n${api.output()}`);
  });
  for (const s of chosen) {
    const req = { ...s.request, ...(s.setup ? await s.setup({ baseUrl, databaseUrl: DATABASE_URL }) : {}) };
    const run = (durationS) =>
      measure({
        url: baseUrl + req.path,
        method: req.method,
        headers: req.headers,
        body: req.body,
        requests: req.requests,
        connections: CONNECTIONS,
        durationS,
      });
    await run(2);
    await probe('start');
    const before = cpuSnapshot({ api: api.pid, load: process.pid });
    const m = await run(DURATION_S);
    const cores = coresUsed(before, cpuSnapshot({ api: api.pid, load: process.pid }), DURATION_S);
    const pgStats = await probe(`stop?profile=${encodeURIComponent(profileFile(s.name))}`);
    const perRequest = (n) => n / Math.max(1, m.requests);

    process.stdout.write(`\n## ${s.name}: ${req.method ?? 'GET'} ${req.path}\n\n`);
    process.stdout.write(
      `${fmt(m.rps, 0)} req/s, mean ${fmt(m.mean, 2)} ms, p99 ${m.p99} ms, ${m.errors + m.non2xx} errors or non-2xx, ${m.requests} requests, ${fmt(m.bytesPerResponse / 1024, 1)} KiB per response\n`,
    );
    if (cores)
      process.stdout.write(
        `cores used: api ${fmt(cores.api, 2)}, postgres ${fmt(cores.postgres, 2)}, load generator ${fmt(cores.load, 2)}\n`,
      );
    process.stdout.write(`statements per request: ${fmt(perRequest(pgStats.total), 2)}\n\n`);
    process.stdout.write(
      table(
        ['per request', 'mean ms', 'statement'],
        pgStats.statements
          .slice(0, 20)
          .map((r) => [
            fmt(perRequest(r.calls), 2),
            fmt(r.ms / r.calls, 2),
            `\`${r.sql.replace(/\|/g, '\\|')}\``,
          ]),
      ) + '\n\n',
    );
    const cpu = summarise(await readProfile(profileFile(s.name)));
    const busy = cpu.totalMs - cpu.idleMs;
    const share = (ms) => `${fmt((100 * ms) / busy, 1)}%`;
    const perReq = (ms) => fmt((ms * 1000) / Math.max(1, m.requests), 0);
    process.stdout.write(
      `api CPU: ${fmt(busy / 1000, 2)} s busy of ${fmt(cpu.totalMs / 1000, 2)} s; ${perReq(busy)} µs per request\n\n`,
    );
    process.stdout.write(
      table(
        ['package', 'self', 'µs per request'],
        cpu.packages.slice(0, 15).map(([k, ms]) => [k, share(ms), perReq(ms)]),
      ) + '\n\n',
    );
    process.stdout.write(
      table(
        ['function (self)', 'self', 'µs per request'],
        cpu.self.slice(0, 25).map(([k, ms]) => [k, share(ms), perReq(ms)]),
      ) + '\n\n',
    );
    const ours = cpu.inclusive.filter(([k]) => / (apps|libs)\//.test(k));
    process.stdout.write(
      table(
        ['our function (inclusive)', 'inclusive', 'µs per request'],
        ours.slice(0, 20).map(([k, ms]) => [k, share(ms), perReq(ms)]),
      ) + '\n',
    );
    process.stdout.write(`\nprofile: ${profileFile(s.name)}\n`);
  }
} finally {
  await stop(api);
}

async function readProfile(file) {
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(file, 'utf8'));
}
