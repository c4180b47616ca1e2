import { DataSource } from 'typeorm';
import { MAILER, type Mailer, type MailMessage } from '../../apps/api/src/mail/mailer';
import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, GOOD_PASSWORD, logIn, signUp, uniqueEmail, clearLoginThrottle } from '../support/auth';

describe('auth: password rules and password reset', () => {
  let t: TestApp;
  let sent: MailMessage[];
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://aup.example.com/' });
    const mailer = t.app.get<Mailer>(MAILER);
    const send = mailer.send.bind(mailer);
    // Keep the real mailer (it logs: no SMTP in tests) and read what it was given.
    jest.spyOn(mailer, 'send').mockImplementation(async (m) => {
      sent.push(m);
      return send(m);
    });
  });
  beforeEach(() => {
    sent = [];
  });
  afterAll(async () => {
    await clearLoginThrottle(t);
    await t.close();
  });

  const resetLinkToken = (m: MailMessage) => /https:\/\/aup\.example\.com\/password-reset#token=([A-Za-z0-9_-]+)/.exec(m.text)?.[1];

  it.each([
    ['short pass', 'too_short'],
    ['password1234', 'common'],
    ['qwertyuiop123!', 'common'],
    ['zzzzzzzzzzzzzzzz', 'repetitive'],
  ])('refuses %j at sign-up with 422 AUTH.WEAK_PASSWORD (%s)', async (password, reason) => {
    const res = await new ApiClient(t.baseUrl).post('/auth/signup', { email: uniqueEmail(), password, organisationName: 'Weak Ltd' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'AUTH.WEAK_PASSWORD', reason, detail: expect.any(String) });
  });

  it('refuses a password built on the e-mail address', async () => {
    const email = uniqueEmail('casey.jordan');
    const local = email.split('@')[0];
    const res = await new ApiClient(t.baseUrl).post('/auth/signup', { email, password: `${local}!!`, organisationName: 'Context Ltd' });
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('context');
  });

  it('answers 202 whether or not the e-mail has an account, and e-mails a link only to real accounts', async () => {
    const unknown = await new ApiClient(t.baseUrl).post('/auth/password-reset', { email: uniqueEmail('nobody') });
    expect(unknown.status).toBe(202);
    expect(sent).toHaveLength(0);
    const { email } = await signUp(t);
    const known = await new ApiClient(t.baseUrl).post('/auth/password-reset', { email });
    expect(known.status).toBe(202);
    expect(sent).toHaveLength(1);
    expect(sent[0].to).toBe(email);
    expect(resetLinkToken(sent[0])).toBeDefined();
  });

  it('sets a new password with the token once, ends every session and keeps the old password out', async () => {
    const { email, client } = await signUp(t);
    await new ApiClient(t.baseUrl).post('/auth/password-reset', { email });
    const token = resetLinkToken(sent[0])!;
    const weak = await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', { token, password: 'password1234' });
    expect(weak.status).toBe(422);
    const newPassword = 'quartz harbour violin 88 maple';
    expect((await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', { token, password: newPassword })).status).toBe(204);
    expect((await client.get('/me')).status).toBe(401);
    expect((await new ApiClient(t.baseUrl).post('/auth/login', { email, password: GOOD_PASSWORD })).status).toBe(401);
    await logIn(t, email, newPassword);
    const again = await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', { token, password: 'another fine passphrase 9' });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('AUTH.RESET_TOKEN_INVALID');
  });

  it('refuses an expired or forged reset token', async () => {
    const { email, userId } = await signUp(t);
    await new ApiClient(t.baseUrl).post('/auth/password-reset', { email });
    await t.app.get(DataSource).query(`UPDATE one_time_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [userId]);
    const expired = await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', { token: resetLinkToken(sent[0]), password: 'quartz harbour violin 88 maple' });
    expect(expired.body.code).toBe('AUTH.RESET_TOKEN_INVALID');
    const forged = await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', { token: 'A'.repeat(43), password: 'quartz harbour violin 88 maple' });
    expect(forged.body.code).toBe('AUTH.RESET_TOKEN_INVALID');
  });
});
