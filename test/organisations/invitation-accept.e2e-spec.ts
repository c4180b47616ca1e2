import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, GOOD_PASSWORD, invite, signUp, uniqueEmail, type SignedUp } from '../support/auth';

describe('invitations: accepting with the token in the body (preferred) or in the path', () => {
  let t: TestApp;
  let admin: SignedUp;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signUp(t, { organisationName: 'Accept Ltd' });
  });
  afterAll(() => t.close());

  it('accepts with the token in the body and starts a session for the new account', async () => {
    const { token } = await invite(admin.client, admin.orgId, uniqueEmail('body'), 'auditor');
    const client = new ApiClient(t.baseUrl);
    const res = await client.post('/invitations/accept', {
      token,
      password: GOOD_PASSWORD,
      displayName: 'Sam Lee',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      organisationId: admin.orgId,
      role: 'auditor',
      accountCreated: true,
      csrfToken: expect.any(String),
    });
    expect((await client.get('/me')).body.memberships).toEqual([
      { organisationId: admin.orgId, organisationName: 'Accept Ltd', role: 'auditor' },
    ]);
    const again = await new ApiClient(t.baseUrl).post('/invitations/accept', {
      token,
      password: GOOD_PASSWORD,
    });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('INVITATION.ALREADY_USED');
  });

  it('still accepts with the token in the path', async () => {
    const { token } = await invite(admin.client, admin.orgId, uniqueEmail('path'), 'respondent');
    const res = await new ApiClient(t.baseUrl).post(`/invitations/${token}/accept`, {
      password: GOOD_PASSWORD,
    });
    expect(res.status).toBe(201);
    expect(res.body.role).toBe('respondent');
  });

  it('answers a missing, malformed or unknown token with problem+json', async () => {
    const missing = await new ApiClient(t.baseUrl).post('/invitations/accept', { password: GOOD_PASSWORD });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'VALIDATION.FAILED', errors: [{ pointer: '/token' }] });
    const short = await new ApiClient(t.baseUrl).post('/invitations/accept', {
      token: 'abc',
      password: GOOD_PASSWORD,
    });
    expect(short.status).toBe(400);
    // A token is issued as 43 base64url characters; any other text cannot be one.
    for (const token of ['A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}=`]) {
      const res = await new ApiClient(t.baseUrl).post('/invitations/accept', {
        token,
        password: GOOD_PASSWORD,
      });
      expect(res.body).toMatchObject({ code: 'VALIDATION.FAILED', errors: [{ pointer: '/token' }] });
    }
    const unknown = await new ApiClient(t.baseUrl).post('/invitations/accept', {
      token: 'A'.repeat(43),
      password: GOOD_PASSWORD,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('INVITATION.NOT_FOUND');
  });
});
