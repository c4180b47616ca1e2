import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import { openTestDatabase, truncateAll } from '../support/database';
import {
  executions,
  FAST_JOBS_ENV,
  freePort,
  getPing,
  postPing,
  startWorkerContext,
  ThrowawayRedis,
  uniquePrefix,
  waitFor,
} from './jobs-harness';

describe('jobs: Redis outage', () => {
  let redis: ThrowawayRedis;
  let api: TestApp;
  let worker: INestApplicationContext;
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openTestDatabase();
    await truncateAll(ds);
    redis = new ThrowawayRedis(await freePort());
    await redis.start();
    const env = { ...FAST_JOBS_ENV, REDIS_URL: redis.url, QUEUE_PREFIX: uniquePrefix() };
    api = await startTestApp(env);
    worker = await startWorkerContext(env);
  }, 30_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await redis?.stop();
    await ds?.destroy();
  }, 30_000);

  const ready = async () => {
    const res = await fetch(`${api.baseUrl}/ready`);
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as Record<string, unknown>,
    };
  };
  const metric = async (name: string) => {
    const text = await (await fetch(`${api.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(' ')[1]) : undefined;
  };

  it('keeps the job in the outbox while Redis is down, reports it, then delivers it exactly once', async () => {
    expect(await ready()).toMatchObject({ status: 200, body: { info: { redis: { status: 'up' } } } });

    await redis.stop();
    const id = await postPing(api.baseUrl);

    // The relay keeps trying with back-off; the row stays pending with the reason.
    const row = await waitFor('failed hand-overs', async () => {
      const [r] = await ds.query(`SELECT status, attempts, last_error FROM outbox WHERE id = $1`, [id]);
      return r.attempts >= 2 && r;
    });
    expect(row.status).toBe('pending');
    expect(row.last_error).toEqual(expect.any(String));
    expect((await getPing(api.baseUrl, id)).status).toBe('pending');

    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.type).toMatch(/^application\/problem\+json/);
    expect(down.body).toMatchObject({
      code: 'SERVICE.NOT_READY',
      checks: { redis: { status: 'down' }, database: { status: 'up' } },
    });
    expect(await metric('aup_outbox_pending')).toBe(1);
    expect(await metric('aup_queue_up')).toBe(0);

    await redis.start();
    await waitFor(
      'ping done after the outage',
      async () => (await getPing(api.baseUrl, id)).status === 'done',
      30_000,
    );
    expect(await executions(ds, id)).toHaveLength(1);
    await waitFor('ready again', async () => (await ready()).status === 200);
    expect(await metric('aup_outbox_pending')).toBe(0);
    expect(await metric('aup_queue_up')).toBe(1);
  });
});
