import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import {
  ApiClient,
  bearerFor,
  clearLoginThrottle,
  GOOD_PASSWORD,
  logIn,
  signUp,
  totpCode,
} from '../support/auth';

const NEW_PASSWORD = 'quartz harbour violin 88 maple';
const KEY_A = `a:${randomBytes(32).toString('base64')}`;
const KEY_B = `b:${randomBytes(32).toString('base64')}`;

/**
 * Findings "tokens and sessions survive a reset; tokens mint tokens" and "MFA": what a password reset or
 * change ends, who may mint tokens and for how long, re-authentication and throttling around MFA,
 * recovery codes, and TOTP secrets sealed at rest under a rotatable key.
 */
describe('security: sessions, API tokens and MFA', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '3', MFA_SECRET_KEYS: KEY_A });
    ds = t.app.get(DataSource);
  });
  afterEach(() => clearLoginThrottle(t));
  afterAll(() => t.close());

  /** Stands in for the reset e-mail: a reset link of our own, stored hashed as the api stores it. */
  async function resetLinkFor(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await ds.query(
      `INSERT INTO one_time_token (user_id, purpose, token_hash, expires_at) VALUES ($1, 'password_reset', $2, now() + interval '1 hour')`,
      [userId, createHash('sha256').update(token).digest('hex')],
    );
    return token;
  }

  async function withMfa() {
    const account = await signUp(t);
    const { secret } = (await account.client.post('/auth/mfa/enroll', { password: GOOD_PASSWORD })).body;
    const on = await account.client.post('/auth/mfa/confirm', { code: totpCode(secret) });
    expect(on.status).toBe(200);
    return { ...account, secret: secret as string, recoveryCodes: on.body.recoveryCodes as string[] };
  }

  it('a password reset ends every session and revokes every API token, and says how many', async () => {
    const victim = await signUp(t);
    const second = await logIn(t, victim.email);
    // A token minted before the reset (say, by someone who set the account up first) dies with it.
    const bearer = await bearerFor(t, victim.client);
    const res = await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', {
      token: await resetLinkFor(victim.userId),
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sessionsEnded: 2, tokensRevoked: 1 });
    for (const client of [victim.client, second, bearer]) expect((await client.get('/me')).status).toBe(401);
  });

  it('a password change keeps the session making it, ends the others and revokes every token', async () => {
    const person = await signUp(t);
    const other = await logIn(t, person.email);
    const bearer = await bearerFor(t, person.client);
    const res = await person.client.post('/me/password', {
      currentPassword: GOOD_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
    expect((await person.client.get('/me')).status).toBe(200);
    expect((await other.get('/me')).status).toBe(401);
    expect((await bearer.get('/me')).status).toBe(401);
  });

  it('a token cannot mint tokens or change the password', async () => {
    const person = await signUp(t);
    const bearer = await bearerFor(t, person.client);
    const mint = await bearer.post('/me/tokens', { name: 'child', expiresInDays: 365 });
    expect(mint.status).toBe(403);
    expect(mint.body.code).toBe('AUTH.SESSION_REQUIRED');
    const change = await bearer.post('/me/password', {
      currentPassword: GOOD_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(change.body.code).toBe('AUTH.SESSION_REQUIRED');
  });

  it('caps token lifetime by the smallest apiTokenMaxDays of the person’s organisations; null is the default, not a 500', async () => {
    const admin = await signUp(t);
    const org = await admin.client.get(`/organisations/${admin.orgId}`);
    const patched = await admin.client.patch(
      `/organisations/${admin.orgId}`,
      { settings: { apiTokenMaxDays: 30 } },
      { headers: { 'if-match': org.headers.get('etag')! } },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.settings).toEqual({
      respondentsSeeScores: false,
      respondentsRequestReports: false,
      apiTokenMaxDays: 30,
    });
    const tooLong = await admin.client.post('/me/tokens', { name: 'long', expiresInDays: 31 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].pointer).toBe('/expiresInDays');
    const byDefault = await admin.client.post('/me/tokens', { name: 'default', expiresInDays: null });
    expect(byDefault.status).toBe(201);
    const days = (Date.parse(byDefault.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('enrolling or turning off MFA needs the current password; a borrowed session cannot', async () => {
    const person = await signUp(t);
    expect((await person.client.post('/auth/mfa/enroll', {})).status).toBe(400);
    const wrong = await person.client.post('/auth/mfa/enroll', { password: 'not the password at all' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('AUTH.PASSWORD_MISMATCH');
    const on = await withMfa();
    const off = await on.client.post('/auth/mfa/disable', {
      password: 'not the password at all',
      code: totpCode(on.secret, 1),
    });
    expect(off.status).toBe(403);
    expect((await on.client.get('/me')).body.user.mfaEnabled).toBe(true);
  });

  it('counts every wrong code (confirm, disable, sign-in) against the account: 429 with Retry-After', async () => {
    const person = await signUp(t);
    await person.client.post('/auth/mfa/enroll', { password: GOOD_PASSWORD });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await person.client.post('/auth/mfa/confirm', { code: '000000' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await person.client.post('/auth/mfa/confirm', { code: '000000' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    await clearLoginThrottle(t);
    const on = await withMfa();
    const disable = [];
    for (let i = 0; i < 4; i++)
      disable.push(
        (await on.client.post('/auth/mfa/disable', { password: GOOD_PASSWORD, code: '000000' })).status,
      );
    expect(disable).toEqual([401, 401, 401, 429]);
  });

  it('gives ten recovery codes, stored hashed, each signing in once', async () => {
    const on = await withMfa();
    expect(new Set(on.recoveryCodes).size).toBe(10);
    const stored: { code_hash: string }[] = await ds.query(
      `SELECT code_hash FROM mfa_recovery_code WHERE user_id = $1`,
      [on.userId],
    );
    expect(stored).toHaveLength(10);
    expect(JSON.stringify(stored)).not.toContain(on.recoveryCodes[0]);
    const signIn = async (recoveryCode: string) => {
      const step1 = await new ApiClient(t.baseUrl).post('/auth/login', {
        email: on.email,
        password: GOOD_PASSWORD,
      });
      return new ApiClient(t.baseUrl).post('/auth/login/mfa', {
        challengeToken: step1.body.challengeToken,
        recoveryCode,
      });
    };
    const first = await signIn(on.recoveryCodes[0].toLowerCase());
    expect(first.status).toBe(200);
    // The answer says how many codes are left, so the person can renew them in time.
    expect(first.body.recoveryCodesLeft).toBe(9);
    expect((await signIn(on.recoveryCodes[0])).status).toBe(401);
    expect((await signIn(on.recoveryCodes[1])).body.recoveryCodesLeft).toBe(8);
  });

  it('a password reset by e-mail alone keeps MFA on', async () => {
    const on = await withMfa();
    await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', {
      token: await resetLinkFor(on.userId),
      password: NEW_PASSWORD,
    });
    const login = await new ApiClient(t.baseUrl).post('/auth/login', {
      email: on.email,
      password: NEW_PASSWORD,
    });
    expect(login.body.mfaRequired).toBe(true);
  });

  it('stores the TOTP secret sealed, and re-seals it under a new key at start-up (rotation)', async () => {
    const on = await withMfa();
    const stored = async () =>
      (
        (await ds.query(`SELECT mfa_secret FROM "user" WHERE id = $1`, [on.userId])) as {
          mfa_secret: string;
        }[]
      )[0].mfa_secret;
    const before = await stored();
    expect(before).toMatch(/^enc1:a:/);
    expect(before).not.toContain(on.secret);

    const rotated = await startTestApp({ MFA_SECRET_KEYS: `${KEY_B},${KEY_A}` });
    try {
      expect(await stored()).toMatch(/^enc1:b:/);
      const step1 = await new ApiClient(rotated.baseUrl).post('/auth/login', {
        email: on.email,
        password: GOOD_PASSWORD,
      });
      const step2 = await new ApiClient(rotated.baseUrl).post('/auth/login/mfa', {
        challengeToken: step1.body.challengeToken,
        code: totpCode(on.secret, 1),
      });
      expect(step2.status).toBe(200);
    } finally {
      await rotated.close();
    }
  });
});
