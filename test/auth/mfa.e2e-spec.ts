import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, GOOD_PASSWORD, signUp, clearLoginThrottle, totpCode } from '../support/auth';

/** A code for the step before or after the current one: still within the accepted window, but a different code. */
const codeAt = totpCode;

describe('auth: TOTP multi-factor sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '50' });
  });
  afterAll(async () => {
    await clearLoginThrottle(t);
    await t.close();
  });

  async function enrolled() {
    const account = await signUp(t);
    const enroll = await account.client.post('/auth/mfa/enroll', { password: GOOD_PASSWORD });
    expect(enroll.status).toBe(200);
    expect(enroll.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/aup-audit:.*secret=/);
    const secret: string = enroll.body.secret;
    expect((await account.client.post('/auth/mfa/confirm', { code: '000000' })).body.code).toBe(
      'AUTH.MFA_INVALID_CODE',
    );
    const confirmed = await account.client.post('/auth/mfa/confirm', { code: totpCode(secret) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect((await account.client.get('/me')).body.user.mfaEnabled).toBe(true);
    return { ...account, secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
  }

  it('needs confirmation with a code before MFA is on', async () => {
    const { client } = await signUp(t);
    const res = await client.post('/auth/mfa/confirm', { code: '123456' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('AUTH.MFA_NOT_ENROLLED');
  });

  it('turns sign-in into two steps: password, then a code; no session before the code', async () => {
    const { email, secret } = await enrolled();
    const client = new ApiClient(t.baseUrl);
    const step1 = await client.post('/auth/login', { email, password: GOOD_PASSWORD });
    expect(step1.status).toBe(200);
    expect(step1.body).toMatchObject({ mfaRequired: true, challengeToken: expect.any(String) });
    expect(client.cookies.has('aup_session')).toBe(false);
    expect((await client.get('/me')).status).toBe(401);

    const wrong = await client.post('/auth/login/mfa', {
      challengeToken: step1.body.challengeToken,
      code: '000000',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('AUTH.MFA_INVALID_CODE');

    const step2 = await client.post('/auth/login/mfa', {
      challengeToken: step1.body.challengeToken,
      code: codeAt(secret, 1),
    });
    expect(step2.status).toBe(200);
    expect(step2.body).toMatchObject({ mfaRequired: false, user: { email, mfaEnabled: true } });
    expect((await client.get('/me')).status).toBe(200);

    const reused = await new ApiClient(t.baseUrl).post('/auth/login/mfa', {
      challengeToken: step1.body.challengeToken,
      code: codeAt(secret, 1),
    });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('AUTH.MFA_CHALLENGE_INVALID');
  });

  it('never accepts the same code twice (replay)', async () => {
    const { email, secret } = await enrolled();
    const code = codeAt(secret, 1);
    const first = await new ApiClient(t.baseUrl).post('/auth/login', { email, password: GOOD_PASSWORD });
    expect(
      (
        await new ApiClient(t.baseUrl).post('/auth/login/mfa', {
          challengeToken: first.body.challengeToken,
          code,
        })
      ).status,
    ).toBe(200);
    const second = await new ApiClient(t.baseUrl).post('/auth/login', { email, password: GOOD_PASSWORD });
    const replay = await new ApiClient(t.baseUrl).post('/auth/login/mfa', {
      challengeToken: second.body.challengeToken,
      code,
    });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('AUTH.MFA_INVALID_CODE');
  });

  it('drops a challenge after five wrong codes', async () => {
    const { email, secret } = await enrolled();
    const { body } = await new ApiClient(t.baseUrl).post('/auth/login', { email, password: GOOD_PASSWORD });
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await new ApiClient(t.baseUrl).post('/auth/login/mfa', {
            challengeToken: body.challengeToken,
            code: '000000',
          })
        ).status,
      ).toBe(401);
    }
    const late = await new ApiClient(t.baseUrl).post('/auth/login/mfa', {
      challengeToken: body.challengeToken,
      code: codeAt(secret, 1),
    });
    expect(late.body.code).toBe('AUTH.MFA_CHALLENGE_INVALID');
  });

  it('turns MFA off only with a valid code', async () => {
    const { client, email, secret } = await enrolled();
    expect((await client.post('/auth/mfa/disable', { password: GOOD_PASSWORD, code: '000000' })).status).toBe(
      401,
    );
    // An older step than the last code used is refused too; the next step is accepted.
    expect(
      (await client.post('/auth/mfa/disable', { password: GOOD_PASSWORD, code: codeAt(secret, -1) })).status,
    ).toBe(401);
    expect(
      (await client.post('/auth/mfa/disable', { password: GOOD_PASSWORD, code: codeAt(secret, 1) })).status,
    ).toBe(204);
    const login = await new ApiClient(t.baseUrl).post('/auth/login', { email, password: GOOD_PASSWORD });
    expect(login.body.mfaRequired).toBe(false);
  });
});
