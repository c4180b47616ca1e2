import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { openTestDatabase, truncateAll, transaction, jobProducerOn } from '../support/database';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/env';
import { clearPrefix, executions, uniquePrefix, waitFor } from './jobs-harness';

const main = resolve(__dirname, '../../dist/apps/worker/src/main.js');

interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

describe('jobs: the worker process', () => {
  const prefix = uniquePrefix();
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    MIGRATIONS_RUN: 'false',
    OUTBOX_POLL_MS: '100',
    // Short, so a killed worker's job is found quickly.
    JOB_LOCK_DURATION_MS: '4000',
    WORKER_OPS_PORT: '0',
    SHUTDOWN_TIMEOUT_MS: '8000',
  };
  let ds: DataSource;
  let queue: Queue;
  const started: ChildProcess[] = [];

  async function startWorker(): Promise<WorkerProcess> {
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    started.push(child);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
      child.once('exit', (code, signal) => res({ code, signal })),
    );
    let output = '';
    await new Promise<void>((res, rej) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('aup-audit worker started')) res();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      void exited.then(() => rej(new Error(`worker exited during start: ${output}`)));
    });
    return { child, exited };
  }

  const enqueuePing = (payload: { delayMs?: number }) =>
    transaction(ds, () => jobProducerOn(ds).enqueue('ping', payload));
  const whenActive = (id: string) =>
    waitFor('job running with progress', async () => {
      const job = await queue.getJob(id);
      return job && (await job.getState()) === 'active' && Number(job.progress) > 0;
    });

  beforeAll(async () => {
    if (!existsSync(main)) throw new Error('Build first: npm run build (the test command does)');
    ds = await openTestDatabase();
    await truncateAll(ds);
    queue = new Queue('system', { connection: { url: TEST_REDIS_URL }, prefix });
  });
  afterAll(async () => {
    for (const child of started)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await queue?.close();
    await ds?.destroy();
    await clearPrefix(prefix);
  }, 30_000);

  it('hands the job of a worker killed mid-job to another worker, which completes it once', async () => {
    const first = await startWorker();
    const id = await enqueuePing({ delayMs: 3_000 });
    await whenActive(id);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startWorker();
    const [done] = await waitFor(
      'job completed by the second worker',
      async () => {
        const rows = await executions(ds, id);
        return rows.length > 0 && rows;
      },
      30_000,
    );
    expect(done.completed_by).toMatch(new RegExp(`:${second.child.pid}$`));
    // Started once by the killed worker and once more by the second one.
    expect(done.attempt).toBe(2);
    await waitFor('job completed in the queue', async () => (await queue.getJob(id))?.finishedOn);
    expect(await (await queue.getJob(id))?.getState()).toBe('completed');
    expect(await executions(ds, id)).toHaveLength(1);

    second.child.kill('SIGTERM');
    await second.exited;
  }, 60_000);

  it('finishes the running job before it exits on SIGTERM', async () => {
    const worker = await startWorker();
    const id = await enqueuePing({ delayMs: 1_500 });
    await whenActive(id);
    worker.child.kill('SIGTERM');
    expect(await executions(ds, id)).toHaveLength(0);
    const exit = await worker.exited;
    expect(exit.code === 0 || exit.signal === 'SIGTERM').toBe(true);
    const [done] = await executions(ds, id);
    expect(done.completed_by).toMatch(new RegExp(`:${worker.child.pid}$`));
    expect(await (await queue.getJob(id))?.getState()).toBe('completed');
  }, 30_000);

  it('refuses to start on embedded PostgreSQL, which only the api process may open', async () => {
    const child = spawn(process.execPath, [main], {
      env: { PATH: env.PATH, DATA_IN_MEMORY: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((res) => child.once('exit', res));
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(
      /^aup-audit: failed to start worker: the worker process needs DATABASE_URL/,
    );
  });
});
