import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { openDatabase, pendingMigrations } from '@aup/db';
import { Client } from 'pg';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/env';

const API = resolve(__dirname, '../../dist/apps/api/src/main.js');
const WORKER = resolve(__dirname, '../../dist/apps/worker/src/main.js');
const ROUNDS = 10;

/** A database beside this file's own, empty (named after it, so the run's teardown drops it whatever happens). */
async function emptyDatabase(suffix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(TEST_DATABASE_URL);
  const name = `${url.pathname.slice(1)}_${suffix}`;
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

const freePort = () =>
  new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });

/** Starts a built entry point and resolves when it prints `ready`, rejects if it exits first. */
function start(
  entry: string,
  env: Record<string, string>,
  ready: RegExp,
): { child: ChildProcess; started: Promise<void> } {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<void>((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) done();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) =>
      fail(new Error(`${entry} exited with ${code} before it was ready:\n${output.slice(-2000)}`)),
    );
  });
  return { child, started };
}

const stop = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

describe('start-up: an api and a worker started together on an empty database', () => {
  beforeAll(() => {
    if (!existsSync(API) || !existsSync(WORKER))
      throw new Error('Build first: npm run build (the test command does)');
  });

  it(`both come up and the schema is migrated once, ${ROUNDS} times in a row`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const db = await emptyDatabase(`race${round}`);
      const common = {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.url,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: `race-${process.pid}-${round}`,
        MIGRATIONS_RUN: 'true',
      };
      const api = start(
        API,
        { ...common, PORT: String(await freePort()), HOST: '127.0.0.1' },
        /api listening/,
      );
      const worker = start(WORKER, { ...common, WORKER_OPS_PORT: '0' }, /worker started/);
      try {
        await Promise.all([api.started, worker.started]);
      } finally {
        await Promise.all([stop(api.child), stop(worker.child)]);
      }
      const ds = await openDatabase({ url: db.url }, { migrate: false });
      expect(await pendingMigrations(ds)).toEqual([]);
      const [{ count }] = await ds.query(`SELECT count(*)::int AS count FROM typeorm_migrations`);
      expect(count).toBe(ds.migrations.length);
      await ds.destroy();
      await db.drop();
    }
  }, 300_000);
});
