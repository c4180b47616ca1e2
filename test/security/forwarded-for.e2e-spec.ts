import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, clearLoginThrottle, uniqueEmail } from '../support/auth';
import { TEST_REDIS_URL } from '../support/env';
import { clearPrefix, uniquePrefix } from '../jobs/jobs-harness';

/**
 * Finding "X-Forwarded-For trusted while the api port is exposed directly": with production defaults (no
 * TRUST_PROXY, as in the compose file) a forged header must not give a fresh address allowance; every
 * failed sign-in counts against the socket's address.
 */
describe('security: X-Forwarded-For with production defaults', () => {
  const prefix = uniquePrefix();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      NODE_ENV: 'production',
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      LOGIN_IP_MAX_FAILURES: '3',
    });
    await clearLoginThrottle(t);
  });
  afterAll(async () => {
    await clearLoginThrottle(t);
    await t.close();
    await clearPrefix(prefix);
  });

  it('counts failed sign-ins against the socket address, whatever address the header names', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const res = await new ApiClient(t.baseUrl).post(
        '/auth/login',
        { email: uniqueEmail('spray'), password: 'wrong password entirely' },
        { headers: { 'x-forwarded-for': `203.0.113.${i}` } },
      );
      statuses.push(res.status);
    }
    // Three failures from one address lock it: a new forged address per request changes nothing.
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
