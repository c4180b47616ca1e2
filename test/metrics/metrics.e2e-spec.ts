import type { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import { openTestDatabase, truncateAll, transaction, jobProducerOn } from '../support/database';
import { TEST_REDIS_URL } from '../support/env';
import { clearPrefix, FAST_JOBS_ENV, uniquePrefix, waitFor } from '../jobs/jobs-harness';

describe('metrics: GET /metrics', () => {
  const prefix = uniquePrefix();
  let api: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    ds = await openTestDatabase();
    await truncateAll(ds);
    // No worker: whatever is enqueued stays in the outbox.
    api = await startTestApp({ ...FAST_JOBS_ENV, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix });
  }, 30_000);
  afterAll(async () => {
    await api?.close();
    await ds?.destroy();
    await clearPrefix(prefix);
  }, 30_000);

  const scrape = async () => {
    const res = await fetch(`${api.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('records HTTP latency by route pattern and status class, never by raw URL', async () => {
    for (let i = 0; i < 3; i++) await fetch(`${api.baseUrl}/health`);
    const id = '0b6c1d9e-1111-4222-8333-444455556666';
    await fetch(`${api.baseUrl}/ops/jobs/ping/${id}`);
    await fetch(`${api.baseUrl}/no/such/${id}`);
    const text = await scrape();
    expect(
      value(text, 'aup_http_request_duration_seconds_count{method="GET",route="/health",status_class="2xx"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(
      value(
        text,
        'aup_http_request_duration_seconds_count{method="GET",route="/ops/jobs/ping/:id",status_class="4xx"}',
      ),
    ).toBe(1);
    expect(
      value(
        text,
        'aup_http_request_duration_seconds_count{method="GET",route="unmatched",status_class="4xx"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(id);
  });

  it('serves process metrics and queue depth per queue and state', async () => {
    const text = await scrape();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(value(text, 'aup_queue_up')).toBe(1);
    for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed']) {
      expect(value(text, `aup_queue_jobs{queue="system",state="${state}"}`)).toBe(0);
    }
  });

  it('reports the outbox backlog: pending rows and the age of the oldest', async () => {
    expect(value(await scrape(), 'aup_outbox_pending')).toBe(0);
    await transaction(ds, () => jobProducerOn(ds).enqueue('ping', {}));
    await transaction(ds, () => jobProducerOn(ds).enqueue('ping', {}, { delayMs: 60_000 }));
    const text = await waitFor('an aged backlog', async () => {
      const t = await scrape();
      return (value(t, 'aup_outbox_oldest_pending_seconds') ?? 0) > 0.2 && t;
    });
    // The delayed job is not due yet, so it is not backlog.
    expect(value(text, 'aup_outbox_pending')).toBe(1);
    expect(value(text, 'aup_outbox_up')).toBe(1);
  });
});
