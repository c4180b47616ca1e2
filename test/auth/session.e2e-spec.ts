import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, GOOD_PASSWORD, logIn, signUp, uniqueEmail, clearLoginThrottle } from '../support/auth';

describe('auth: sign-up, sessions, CSRF, logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await clearLoginThrottle(t);
    await t.close();
  });

  it('signs up: creates the organisation with the caller as admin and starts a session', async () => {
    const { client, email, orgId } = await signUp(t, {
      displayName: 'Alex Morgan',
      organisationName: 'Example Manufacturing Ltd',
    });
    const me = await client.get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { email, displayName: 'Alex Morgan', mfaEnabled: false },
      memberships: [{ organisationId: orgId, organisationName: 'Example Manufacturing Ltd', role: 'admin' }],
      authenticatedBy: 'session',
    });
  });

  it('sets an httpOnly SameSite=Lax session cookie and a readable CSRF cookie; Secure when COOKIE_SECURE is on', async () => {
    const client = new ApiClient(t.baseUrl);
    const res = await client.post('/auth/signup', {
      email: uniqueEmail(),
      password: GOOD_PASSWORD,
      organisationName: 'Cookies Ltd',
    });
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('aup_session='))!;
    const csrf = cookies.find((c) => c.startsWith('aup_csrf='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    expect(session).not.toMatch(/Secure/i);
    expect(csrf).not.toMatch(/HttpOnly/i);
    expect(res.body.csrfToken).toBe(client.csrfToken);

    const secureApp = await startTestApp({ COOKIE_SECURE: 'true' });
    try {
      const r = await new ApiClient(secureApp.baseUrl).post('/auth/signup', {
        email: uniqueEmail(),
        password: GOOD_PASSWORD,
        organisationName: 'Secure Ltd',
      });
      expect(r.headers.getSetCookie().find((c) => c.startsWith('aup_session='))).toMatch(/;\s*Secure/i);
    } finally {
      await secureApp.close();
    }
  });

  it('stores only a hash of the session secret', async () => {
    const { client, userId } = await signUp(t);
    const ds = t.app.get(DataSource);
    const rows: { token_hash: string }[] = await ds.query(
      `SELECT token_hash FROM session WHERE user_id = $1`,
      [userId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].token_hash).not.toBe(client.cookies.get('aup_session'));
  });

  it('refuses a second account for the same e-mail, whatever its case, with 409 AUTH.EMAIL_TAKEN', async () => {
    const { email } = await signUp(t);
    const res = await new ApiClient(t.baseUrl).post('/auth/signup', {
      email: email.toUpperCase(),
      password: GOOD_PASSWORD,
      organisationName: 'Again',
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('AUTH.EMAIL_TAKEN');
  });

  it('logs in with the right password only (401 AUTH.INVALID_CREDENTIALS otherwise, same for unknown e-mails)', async () => {
    const { email } = await signUp(t);
    const wrong = await new ApiClient(t.baseUrl).post('/auth/login', {
      email,
      password: 'not the password at all',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('AUTH.INVALID_CREDENTIALS');
    const unknown = await new ApiClient(t.baseUrl).post('/auth/login', {
      email: uniqueEmail('nobody'),
      password: GOOD_PASSWORD,
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('AUTH.INVALID_CREDENTIALS');
    const client = await logIn(t, email.toUpperCase());
    expect((await client.get('/me')).body.user.email).toBe(email);
  });

  it('answers 401 without credentials and with forged, expired or revoked sessions', async () => {
    const anonymous = await new ApiClient(t.baseUrl).get('/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(anonymous.body.code).toBe('AUTH.UNAUTHENTICATED');

    const forged = new ApiClient(t.baseUrl);
    forged.cookies.set('aup_session', 'forged-value-that-was-never-issued');
    expect((await forged.get('/me')).body.code).toBe('AUTH.SESSION_INVALID');

    const { client, userId } = await signUp(t);
    await t.app
      .get(DataSource)
      .query(`UPDATE session SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [userId]);
    const expired = await client.get('/me');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('AUTH.SESSION_INVALID');
  });

  it('logout revokes the session server-side, so a copy of the cookie stops working', async () => {
    const { client } = await signUp(t);
    const copy = new ApiClient(t.baseUrl);
    copy.cookies.set('aup_session', client.cookies.get('aup_session')!);
    const out = await client.post('/auth/logout');
    expect(out.status).toBe(204);
    expect(client.cookies.has('aup_session')).toBe(false);
    const res = await copy.get('/me');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('AUTH.SESSION_INVALID');
  });

  it('refuses a cookie-authenticated write without the CSRF header, or with a wrong one (403 AUTH.CSRF_FAILED)', async () => {
    const { client } = await signUp(t);
    const missing = await client.post('/me/tokens', { name: 'x' }, { csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe('AUTH.CSRF_FAILED');
    const wrong = await client.post('/me/tokens', { name: 'x' }, { headers: { 'x-csrf-token': 'guess' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('AUTH.CSRF_FAILED');
    // Another session's token does not fit this session.
    const other = await signUp(t);
    const foreign = await client.post(
      '/me/tokens',
      { name: 'x' },
      { headers: { 'x-csrf-token': other.client.csrfToken! } },
    );
    expect(foreign.status).toBe(403);
    const logout = await client.post('/auth/logout', {}, { csrf: false });
    expect(logout.status).toBe(403);
    expect((await client.get('/me')).status).toBe(200);
    expect((await client.post('/me/tokens', { name: 'x' })).status).toBe(201);
  });

  it('answers a non-JSON body on a real POST route with 415 REQUEST.UNSUPPORTED_MEDIA_TYPE', async () => {
    for (const [type, body] of [
      ['text/plain', 'email=a@example.com'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@example.com\r\n--x--\r\n',
      ],
    ]) {
      const res = await fetch(`${t.baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': type },
        body,
      });
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as { code: string }).code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('rejects unknown fields and bad e-mails with 400 VALIDATION.FAILED', async () => {
    const res = await new ApiClient(t.baseUrl).post('/auth/signup', {
      email: 'not-an-email',
      password: GOOD_PASSWORD,
      organisationName: 'X',
      isAdmin: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining(['/email', '/isAdmin']),
    );
  });
});
