import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { loadConfig } from '@aup/config';
import { JOB_QUEUE, type JobQueuePort } from '@aup/jobs';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { executions, FAST_JOBS_ENV, getPing, postPing, waitFor } from './jobs-harness';

describe('jobs: embedded mode (PGlite, no Redis, worker inside the api)', () => {
  let app: NestFastifyApplication;
  let baseUrl: string;
  let ds: DataSource;

  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_IN_MEMORY: 'true',
      ...FAST_JOBS_ENV,
    });
    app = await createApiApp(config, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    ds = app.get(DataSource);
  }, 180_000);
  afterAll(() => app?.close(), 30_000);

  it('runs ping through the in-process adapter, once', async () => {
    expect(app.get<JobQueuePort>(JOB_QUEUE).kind).toBe('inline');
    const id = await postPing(baseUrl, { delayMs: 50 });
    const view = await waitFor('ping done', async () => {
      const v = await getPing(baseUrl, id);
      return v.status === 'done' && v;
    });
    expect(view).toMatchObject({ handOverAttempts: 1, completedAttempt: 1 });
    expect(await executions(ds, id)).toHaveLength(1);
    expect((await ds.query(`SELECT status FROM outbox WHERE id = $1`, [id]))[0].status).toBe('sent');
  });

  it('retries in-process and marks the outbox row failed when the job gives up', async () => {
    const retried = await postPing(baseUrl, { failTimes: 1 });
    await waitFor(
      'ping done on the second attempt',
      async () => (await getPing(baseUrl, retried)).completedAttempt === 2,
    );

    const doomed = await postPing(baseUrl, { failTimes: 5 });
    const view = await waitFor('ping failed for good', async () => {
      const v = await getPing(baseUrl, doomed);
      return v.status === 'failed' && v;
    });
    expect(view.lastError).toMatch(/failed after 3 attempt\(s\): planned failure of attempt 3/);
    expect(await executions(ds, doomed)).toHaveLength(0);
  });

  it('serves readiness without a Redis check and metrics with the in-process outcomes', async () => {
    const ready = (await (await fetch(`${baseUrl}/ready`)).json()) as { info: Record<string, unknown> };
    expect(Object.keys(ready.info).sort()).toEqual(['database', 'migrations']);
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/aup_jobs_total\{queue="system",name="ping",outcome="completed"\} [1-9]/);
    expect(metrics).toMatch(/aup_jobs_total\{queue="system",name="ping",outcome="failed"\} 1/);
    expect(metrics).toContain('aup_outbox_failed 1');
  });
});
