import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import IORedis from 'ioredis';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@aup/config';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/env';

/** Settings that make the job machinery fast enough to test: short polls, short back-off. */
export const FAST_JOBS_ENV = {
  OUTBOX_POLL_MS: '100',
  OUTBOX_MAX_BACKOFF_MS: '500',
  WORKER_OPS_PORT: '0',
  JOBS_PING_ENABLED: 'true',
  SHUTDOWN_TIMEOUT_MS: '3000',
};

/** A queue prefix of its own per test, so tests never see each other's jobs in the shared Redis DB. */
export const uniquePrefix = () => `t${randomUUID().slice(0, 8)}`;

/** The worker module as its own Nest context in this process (full mode), like `npm run start:worker`. */
export async function startWorkerContext(env: Record<string, string>): Promise<INestApplicationContext> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: TEST_DATABASE_URL,
    MIGRATIONS_RUN: 'false',
    ...FAST_JOBS_ENV,
    ...env,
  });
  return NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export async function postPing(baseUrl: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await fetch(`${baseUrl}/ops/jobs/ping`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) throw new Error(`POST ping: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export interface PingView {
  id: string;
  status: string;
  handOverAttempts: number;
  completedAttempt: number | null;
  lastError: string | null;
}

export async function getPing(baseUrl: string, id: string): Promise<PingView> {
  const res = await fetch(`${baseUrl}/ops/jobs/ping/${id}`);
  if (res.status !== 200) throw new Error(`GET ping: ${res.status}`);
  return (await res.json()) as PingView;
}

export const executions = (
  ds: DataSource,
  key: string,
): Promise<{ attempt: number; completed_by: string }[]> =>
  ds.query(`SELECT attempt, completed_by FROM job_execution WHERE key = $1`, [key]);

/** Removes every key a test's queue prefix left in the test Redis DB. */
export async function clearPrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new IORedis(url, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject).listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A throwaway Redis the test can stop and start again (never the shared one). */
export class ThrowawayRedis {
  private process?: ChildProcess;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor('throwaway redis to accept connections', async () => {
      const probe = new IORedis(this.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } finally {
        probe.disconnect();
      }
    });
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
  }
}
