import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, GOOD_PASSWORD, signUp, uniqueEmail } from '../support/auth';

describe('auth: login back-off per account and per address', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    t = await startTestApp({
      LOGIN_MAX_FAILURES: '3',
      LOGIN_IP_MAX_FAILURES: '8',
      LOGIN_BACKOFF_BASE_SECONDS: '1',
      LOGIN_BACKOFF_MAX_SECONDS: '60',
      LOGIN_WINDOW_SECONDS: '600',
    });
    ds = t.app.get(DataSource);
  });
  // Every test signs in from 127.0.0.1: start each one with clean counters, and leave none behind.
  beforeEach(() => ds.query(`DELETE FROM login_throttle`));
  afterAll(async () => {
    await ds.query(`DELETE FROM login_throttle`);
    await t.close();
  });

  const attempt = (email: string, password: string) =>
    new ApiClient(t.baseUrl).post('/auth/login', { email, password });

  it('answers 429 AUTH.RATE_LIMITED with Retry-After after repeated failures, even with the right password', async () => {
    const { email } = await signUp(t);
    for (let i = 0; i < 3; i++) expect((await attempt(email, 'wrong password number')).status).toBe(401);
    const limited = await attempt(email, GOOD_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(limited.body.code).toBe('AUTH.RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('doubles the wait with every further failure and lets the right password in once it has passed', async () => {
    const { email } = await signUp(t);
    for (let i = 0; i < 3; i++) await attempt(email, 'wrong password number');
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await attempt(email, 'wrong password number')).status).toBe(401);
    const [row]: { failures: number; wait: number }[] = await ds.query(
      `SELECT failures, extract(epoch FROM locked_until - last_failure_at)::float8 AS wait FROM login_throttle WHERE key = $1`,
      [`acct:${email}`],
    );
    expect(row.failures).toBe(4);
    expect(row.wait).toBeCloseTo(2, 1);
    await new Promise((r) => setTimeout(r, 2_100));
    expect((await attempt(email, GOOD_PASSWORD)).status).toBe(200);
    const after: unknown[] = await ds.query(`SELECT 1 FROM login_throttle WHERE key = $1`, [`acct:${email}`]);
    expect(after).toHaveLength(0);
  });

  it('limits one address across many accounts, and treats unknown e-mails like real ones', async () => {
    const { email } = await signUp(t);
    for (let i = 0; i < 8; i++)
      expect((await attempt(uniqueEmail('spray'), 'wrong password number')).status).toBe(401);
    const limited = await attempt(email, GOOD_PASSWORD);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('locks one account for everyone while other accounts from the same address still sign in', async () => {
    const victim = await signUp(t);
    const other = await signUp(t);
    for (let i = 0; i < 3; i++) await attempt(victim.email, 'wrong password number');
    expect((await attempt(victim.email, GOOD_PASSWORD)).status).toBe(429);
    expect((await attempt(other.email, GOOD_PASSWORD)).status).toBe(200);
  });
});
