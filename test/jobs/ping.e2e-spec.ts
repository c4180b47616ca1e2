import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { JobMetrics } from '@aup/jobs';
import { startTestApp, type TestApp } from '../support/app';
import { openTestDatabase, truncateAll, transaction, jobProducerOn } from '../support/database';
import { TEST_REDIS_URL } from '../support/env';
import {
  clearPrefix,
  executions,
  FAST_JOBS_ENV,
  getPing,
  postPing,
  startWorkerContext,
  uniquePrefix,
  waitFor,
} from './jobs-harness';

describe('jobs: ping through api -> outbox -> BullMQ -> worker (full mode)', () => {
  const prefix = uniquePrefix();
  const env = { ...FAST_JOBS_ENV, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix };
  let api: TestApp;
  let worker: INestApplicationContext;
  let ds: DataSource;
  let queue: Queue;

  beforeAll(async () => {
    ds = await openTestDatabase();
    await truncateAll(ds);
    api = await startTestApp(env);
    worker = await startWorkerContext(env);
    queue = new Queue('system', { connection: { url: TEST_REDIS_URL }, prefix });
  }, 30_000);
  afterAll(async () => {
    await queue?.close();
    await worker?.close();
    await api?.close();
    await ds?.destroy();
    await clearPrefix(prefix);
  }, 30_000);

  it('runs the job once, reports progress, and shows it done', async () => {
    const id = await postPing(api.baseUrl, { delayMs: 100 });
    const view = await waitFor('ping done', async () => {
      const v = await getPing(api.baseUrl, id);
      return v.status === 'done' && v;
    });
    expect(view).toMatchObject({
      id,
      status: 'done',
      handOverAttempts: 1,
      completedAttempt: 1,
      lastError: null,
    });
    expect(await executions(ds, id)).toHaveLength(1);
    const [outbox] = await ds.query(`SELECT status, sent_at FROM outbox WHERE id = $1`, [id]);
    expect(outbox.status).toBe('sent');
    expect(outbox.sent_at).toBeInstanceOf(Date);
    // The outbox id is the BullMQ job id, so handing the row over twice adds the job once.
    const job = await queue.getJob(id);
    expect(job?.name).toBe('ping');
    expect(job?.progress).toBe(100);
    expect(await job?.getState()).toBe('completed');
  });

  it('retries a failing job with back-off and completes it once, on the third attempt', async () => {
    const id = await postPing(api.baseUrl, { failTimes: 2 });
    const view = await waitFor('ping done after retries', async () => {
      const v = await getPing(api.baseUrl, id);
      return v.status === 'done' && v;
    });
    expect(view.completedAttempt).toBe(3);
    expect(await executions(ds, id)).toHaveLength(1);
    const metrics = await worker.get(JobMetrics).registry.getSingleMetricAsString('aup_jobs_total');
    expect(metrics).toContain('aup_jobs_total{queue="system",name="ping",outcome="retried"} 2');
  });

  it('skips a job delivered again after it completed (at-least-once delivery, done once)', async () => {
    const id = await postPing(api.baseUrl);
    await waitFor('ping done', async () => (await getPing(api.baseUrl, id)).status === 'done');
    // A relay that handed the row over but died before marking it sent hands it over again.
    await (await queue.getJob(id))?.remove();
    await ds.query(`UPDATE outbox SET status = 'pending', available_at = now() WHERE id = $1`, [id]);
    await waitFor(
      'row handed over again',
      async () => (await ds.query(`SELECT status FROM outbox WHERE id = $1`, [id]))[0].status === 'sent',
    );
    await waitFor('second run finished', async () => (await queue.getJob(id))?.finishedOn);
    expect(await executions(ds, id)).toHaveLength(1);
    const metrics = await worker.get(JobMetrics).registry.getSingleMetricAsString('aup_jobs_total');
    expect(metrics).toMatch(/aup_jobs_total\{queue="system",name="ping",outcome="duplicate"\} [1-9]/);
  });

  it('writes no job when the transaction that enqueues it rolls back', async () => {
    await expect(
      transaction(ds, async () => {
        await jobProducerOn(ds).enqueue('ping', {});
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect((await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`))[0].n).toBe(0);
  });

  it('answers bad input with problem+json', async () => {
    const bad = await fetch(`${api.baseUrl}/ops/jobs/ping`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"delayMs":-1,"x":1}',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await bad.json()) as { code: string }).code).toBe('VALIDATION.FAILED');
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      const res = await fetch(`${api.baseUrl}/ops/jobs/ping/${id}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('JOB.NOT_FOUND');
    }
  });
});
