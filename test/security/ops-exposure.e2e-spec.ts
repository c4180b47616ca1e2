import { startTestApp, type TestApp } from '../support/app';
import { TEST_REDIS_URL } from '../support/env';
import { clearPrefix, uniquePrefix } from '../jobs/jobs-harness';

const METRICS_TOKEN = 'metrics-token-for-the-test-0123456789';

/** Finding "/docs and /metrics are public in production": off by default there, or behind a token. */
describe('security: /docs and /metrics in production', () => {
  const prefix = uniquePrefix();
  const production = (env: Record<string, string> = {}) =>
    startTestApp({ NODE_ENV: 'production', REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, ...env });
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await clearPrefix(prefix);
  });

  it('serves neither by default', async () => {
    const t = await production();
    apps.push(t);
    expect((await fetch(`${t.baseUrl}/docs-json`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/docs`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(404);
  });

  it('serves metrics only with the token when METRICS_TOKEN is set, and docs when asked for', async () => {
    const t = await production({ METRICS_TOKEN, API_DOCS_ENABLED: 'true' });
    apps.push(t);
    expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(401);
    expect(
      (
        await fetch(`${t.baseUrl}/metrics`, {
          headers: { authorization: 'Bearer wrong-token-wrong-token-wrong' },
        })
      ).status,
    ).toBe(401);
    const ok = await fetch(`${t.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# HELP');
    expect((await fetch(`${t.baseUrl}/docs-json`)).status).toBe(200);
  });

  it('keeps both open outside production, as before', async () => {
    const t = await startTestApp();
    apps.push(t);
    expect((await fetch(`${t.baseUrl}/docs-json`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/metrics`)).status).toBe(200);
  });
});
