import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, GOOD_PASSWORD, logIn, signUp, uniqueEmail } from '../support/auth';
import { eventually, linkToken, SmtpCapture } from '../mail/smtp-capture';

describe('auth: password rules, password change and password reset', () => {
  let t: TestApp;
  let ds: DataSource;
  const smtp = new SmtpCapture();
  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({
      PUBLIC_URL: 'https://aup.example.com/',
      SMTP_URL: smtp.url,
      OUTBOX_POLL_MS: '50',
      PASSWORD_RESET_MAX_REQUESTS: '2',
      PASSWORD_RESET_IP_MAX_REQUESTS: '6',
      LOGIN_BACKOFF_BASE_SECONDS: '30',
    });
    ds = t.app.get(DataSource);
  });
  // Every request comes from 127.0.0.1: each test starts with clean counters and leaves none behind.
  beforeEach(() => ds.query(`DELETE FROM login_throttle`));
  afterAll(async () => {
    await ds.query(`DELETE FROM login_throttle`);
    await t.close();
    await smtp.stop();
  });

  const requestReset = (email: string) => new ApiClient(t.baseUrl).post('/auth/password-reset', { email });
  const resetMail = (email: string) => eventually(`reset e-mail to ${email}`, () => smtp.to(email)[0]);

  it.each([
    ['short pass', 'too_short'],
    ['password1234', 'common'],
    ['qwertyuiop123!', 'common'],
    ['zzzzzzzzzzzzzzzz', 'repetitive'],
  ])('refuses %j at sign-up with 422 AUTH.WEAK_PASSWORD (%s)', async (password, reason) => {
    const res = await new ApiClient(t.baseUrl).post('/auth/signup', {
      email: uniqueEmail(),
      password,
      organisationName: 'Weak Ltd',
    });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'AUTH.WEAK_PASSWORD', reason, detail: expect.any(String) });
  });

  it('refuses a password built on the e-mail address', async () => {
    const email = uniqueEmail('casey.jordan');
    const local = email.split('@')[0];
    const res = await new ApiClient(t.baseUrl).post('/auth/signup', {
      email,
      password: `${local}!!`,
      organisationName: 'Context Ltd',
    });
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('context');
  });

  it('answers 202 whether or not the e-mail has an account, and queues a mail only for real accounts', async () => {
    const nobody = uniqueEmail('nobody');
    expect((await requestReset(nobody)).status).toBe(202);
    const queued = async () =>
      (await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE name = 'mail.send'`))[0].n as number;
    const before = await queued();
    const { email } = await signUp(t);
    expect((await requestReset(email)).status).toBe(202);
    expect(await queued()).toBe(before + 1);
    const mail = await resetMail(email);
    expect(mail.subject).toBe('Reset your aup-audit password');
    expect(mail.text).toContain('https://aup.example.com/password-reset#token=');
    expect(smtp.to(nobody)).toHaveLength(0);
  });

  it('sets a new password with the token once, ends every session and keeps the old password out', async () => {
    const { email, client } = await signUp(t);
    await requestReset(email);
    const token = linkToken(await resetMail(email), '/password-reset')!;
    const weak = await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', {
      token,
      password: 'password1234',
    });
    expect(weak.status).toBe(422);
    const newPassword = 'quartz harbour violin 88 maple';
    expect(
      (await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', { token, password: newPassword }))
        .status,
    ).toBe(200);
    expect((await client.get('/me')).status).toBe(401);
    expect(
      (await new ApiClient(t.baseUrl).post('/auth/login', { email, password: GOOD_PASSWORD })).status,
    ).toBe(401);
    await logIn(t, email, newPassword);
    const again = await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', {
      token,
      password: 'another fine passphrase 9',
    });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('AUTH.RESET_TOKEN_INVALID');
  });

  it('refuses an expired or forged reset token', async () => {
    const { email, userId } = await signUp(t);
    await requestReset(email);
    const token = linkToken(await resetMail(email), '/password-reset');
    await ds.query(`UPDATE one_time_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [
      userId,
    ]);
    const expired = await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', {
      token,
      password: 'quartz harbour violin 88 maple',
    });
    expect(expired.body.code).toBe('AUTH.RESET_TOKEN_INVALID');
    const forged = await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', {
      token: 'A'.repeat(43),
      password: 'quartz harbour violin 88 maple',
    });
    expect(forged.body.code).toBe('AUTH.RESET_TOKEN_INVALID');
  });

  it('limits reset requests per e-mail address alike with and without an account (429 with Retry-After)', async () => {
    const { email } = await signUp(t);
    const nobody = uniqueEmail('nobody');
    for (const address of [email, nobody]) {
      expect((await requestReset(address)).status).toBe(202);
      expect((await requestReset(address)).status).toBe(202);
      const limited = await requestReset(address);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(limited.body).toMatchObject({
        code: 'AUTH.RATE_LIMITED',
        title: 'Too many password-reset requests',
      });
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // Only the two accepted requests of the real account queued a mail; the limited one none.
    await eventually('both reset mails', () => smtp.to(email).length === 2);
    // Asking for reset links locks nobody out of signing in.
    expect(
      (await new ApiClient(t.baseUrl).post('/auth/login', { email, password: GOOD_PASSWORD })).status,
    ).toBe(200);
  });

  it('limits reset requests per client address across e-mail addresses', async () => {
    for (let i = 0; i < 6; i++) expect((await requestReset(uniqueEmail('spray'))).status).toBe(202);
    const limited = await requestReset(uniqueEmail('spray'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('changes the password with the current one, ends the other sessions and keeps this one', async () => {
    const { email, client } = await signUp(t);
    const other = await logIn(t, email);
    const wrong = await client.post('/me/password', {
      currentPassword: 'not my password at all',
      newPassword: 'quartz harbour violin 88 maple',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('AUTH.PASSWORD_MISMATCH');
    const weak = await client.post('/me/password', {
      currentPassword: GOOD_PASSWORD,
      newPassword: 'password1234',
    });
    expect(weak.status).toBe(422);
    expect(weak.body.code).toBe('AUTH.WEAK_PASSWORD');
    const newPassword = 'quartz harbour violin 88 maple';
    expect((await client.post('/me/password', { currentPassword: GOOD_PASSWORD, newPassword })).status).toBe(
      200,
    );
    expect((await client.get('/me')).status).toBe(200);
    expect((await other.get('/me')).status).toBe(401);
    expect(
      (await new ApiClient(t.baseUrl).post('/auth/login', { email, password: GOOD_PASSWORD })).status,
    ).toBe(401);
    await logIn(t, email, newPassword);
  });

  it('counts wrong current passwords as failed sign-ins of the account', async () => {
    const { client } = await signUp(t);
    for (let i = 0; i < 5; i++)
      expect(
        (
          await client.post('/me/password', {
            currentPassword: `wrong password ${i}`,
            newPassword: 'quartz harbour violin 88 maple',
          })
        ).status,
      ).toBe(403);
    const limited = await client.post('/me/password', {
      currentPassword: GOOD_PASSWORD,
      newPassword: 'quartz harbour violin 88 maple',
    });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('AUTH.RATE_LIMITED');
  });
});
