import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import {
  ApiClient,
  clearLoginThrottle,
  GOOD_PASSWORD,
  invite,
  logIn,
  signUp,
  uniqueEmail,
  type SignedUp,
} from '../support/auth';

/**
 * Findings "invitation accept is a password oracle" and "pre-signup hijack": accepting never checks a
 * password, answers one way for every refusal and counts refusals like failed sign-ins; the inviter never
 * holds the token.
 */
describe('security: invitations cannot be used to guess passwords or to take over an address', () => {
  let t: TestApp;
  let attacker: SignedUp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_IP_MAX_FAILURES: '4' });
    attacker = await signUp(t, { organisationName: 'Attacker Ltd' });
  });
  afterEach(() => clearLoginThrottle(t));
  afterAll(() => t.close());

  const membersOf = async (orgId: string, userId: string) =>
    (await t.app
      .get(DataSource)
      .query(`SELECT role FROM membership WHERE organisation_id = $1 AND user_id = $2`, [
        orgId,
        userId,
      ])) as unknown[];

  it('gives the inviter no token and no link', async () => {
    const res = await attacker.client.post(`/organisations/${attacker.orgId}/invitations`, {
      email: uniqueEmail('invitee'),
      role: 'respondent',
    });
    expect(res.status).toBe(201);
    expect(res.body.token).toBeUndefined();
    expect(res.body.acceptUrl).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toMatch(/token=/);
  });

  it('answers wrong, right and missing passwords of an existing account alike, and adds no one', async () => {
    const victim = await signUp(t, { organisationName: 'Victim Ltd' });
    // Whoever holds the link (here the test, standing in for a leaked e-mail) still cannot use a password.
    const { token } = await invite(attacker.client, attacker.orgId, victim.email, 'respondent');
    const answers = [];
    for (const password of ['wrong password entirely', victim.password, undefined]) {
      const res = await new ApiClient(t.baseUrl).post('/invitations/accept', {
        token,
        ...(password ? { password } : {}),
      });
      answers.push({
        status: res.status,
        code: res.body.code,
        detail: res.body.detail,
        cookie: res.headers.getSetCookie().length,
      });
    }
    expect(answers[0]).toEqual({
      status: 401,
      code: 'INVITATION.SIGN_IN_REQUIRED',
      detail: expect.any(String),
      cookie: 0,
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await membersOf(attacker.orgId, victim.userId)).toEqual([]);
  });

  it('answers "signed in as someone else" alike whether or not the invited address has an account', async () => {
    const victim = await signUp(t);
    const withAccount = await invite(attacker.client, attacker.orgId, victim.email, 'auditor');
    const withoutAccount = await invite(attacker.client, attacker.orgId, uniqueEmail('nobody'), 'auditor');
    const bystander = await signUp(t);
    const a = await bystander.client.post('/invitations/accept', { token: withAccount.token });
    const b = await bystander.client.post('/invitations/accept', { token: withoutAccount.token });
    expect(a.status).toBe(409);
    expect({ code: b.body.code, detail: b.body.detail, status: b.status }).toEqual({
      code: a.body.code,
      detail: a.body.detail,
      status: a.status,
    });
  });

  it('counts refused accepts against the sign-in allowance of the address (429 with Retry-After)', async () => {
    const victim = await signUp(t);
    const { token } = await invite(attacker.client, attacker.orgId, victim.email, 'admin');
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await new ApiClient(t.baseUrl).post('/invitations/accept', {
        token,
        password: `guess number ${i} abcdef`,
      });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    expect(last!.body.code).toBe('AUTH.RATE_LIMITED');
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    // The same allowance guards the sign-in form.
    expect(
      (await new ApiClient(t.baseUrl).post('/auth/login', { email: victim.email, password: victim.password }))
        .status,
    ).toBe(429);
  });

  it('lets the invited account join once signed in as itself', async () => {
    const invitee = await signUp(t);
    const { token } = await invite(attacker.client, attacker.orgId, invitee.email, 'respondent');
    const client = await logIn(t, invitee.email, GOOD_PASSWORD);
    const res = await client.post('/invitations/accept', { token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      organisationId: attacker.orgId,
      role: 'respondent',
      accountCreated: false,
    });
  });
});
