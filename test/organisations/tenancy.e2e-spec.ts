import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, ApiClient, GOOD_PASSWORD, invite, logIn, signUp, uniqueEmail } from '../support/auth';

describe('organisations: tenancy, invitations and membership', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('sign up, invite a respondent and an auditor, accept, sign in as each: each sees only their organisation', async () => {
    const acme = await signUp(t, { organisationName: 'Acme Ltd' });
    const globex = await signUp(t, { organisationName: 'Globex plc' });
    const respondentEmail = uniqueEmail('respondent');
    const auditorEmail = uniqueEmail('auditor');
    const r = await invite(acme.client, acme.orgId, respondentEmail, 'respondent');
    const a = await invite(acme.client, acme.orgId, auditorEmail, 'auditor');
    expect(
      (
        await new ApiClient(t.baseUrl).post(`/invitations/${r.token}/accept`, {
          password: GOOD_PASSWORD,
          displayName: 'Sam Lee',
        })
      ).status,
    ).toBe(201);
    expect(
      (await new ApiClient(t.baseUrl).post(`/invitations/${a.token}/accept`, { password: GOOD_PASSWORD }))
        .status,
    ).toBe(201);

    for (const [email, role] of [
      [respondentEmail, 'respondent'],
      [auditorEmail, 'auditor'],
    ] as const) {
      const client = await logIn(t, email);
      const me = await client.get('/me');
      expect(me.body.memberships).toEqual([
        { organisationId: acme.orgId, organisationName: 'Acme Ltd', role },
      ]);
      const orgs = await client.get('/organisations');
      expect(orgs.body).toMatchObject({ total: 1, items: [{ id: acme.orgId, role }] });
      expect((await client.get(`/organisations/${acme.orgId}`)).status).toBe(200);
      const foreign = await client.get(`/organisations/${globex.orgId}`);
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('RESOURCE.NOT_FOUND');
    }
    const members = await acme.client.get(`/organisations/${acme.orgId}/members`);
    expect(members.body.total).toBe(3);
    expect(members.body.items.map((m: { role: string }) => m.role).sort()).toEqual([
      'admin',
      'auditor',
      'respondent',
    ]);
    expect(members.body.items.find((m: { role: string }) => m.role === 'respondent').displayName).toBe(
      'Sam Lee',
    );
  });

  it('one person in two organisations sees each only through the membership it has there', async () => {
    const acme = await signUp(t, { organisationName: 'Acme Group' });
    const consultancy = await signUp(t, { organisationName: 'Consultancy' });
    const consultant = await addMember(t, acme.client, acme.orgId, 'auditor');
    const { token } = await invite(
      consultancy.client,
      consultancy.orgId,
      consultant.email,
      'compliance_officer',
    );
    // An existing account joins by accepting while signed in (cookie + CSRF header).
    const joined = await consultant.client.post(`/invitations/${token}/accept`, {});
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({
      organisationId: consultancy.orgId,
      role: 'compliance_officer',
      accountCreated: false,
      userId: consultant.userId,
    });

    const me = await consultant.client.get('/me');
    expect(
      me.body.memberships
        .map((m: { organisationId: string; role: string }) => [m.organisationId, m.role])
        .sort(),
    ).toEqual(
      [
        [acme.orgId, 'auditor'],
        [consultancy.orgId, 'compliance_officer'],
      ].sort(),
    );
    // Auditor in Acme: read-only; compliance officer in Consultancy: may edit the profile.
    const acmeOrg = await consultant.client.get(`/organisations/${acme.orgId}`);
    const patchAcme = await consultant.client.patch(
      `/organisations/${acme.orgId}`,
      { name: 'x' },
      { headers: { 'if-match': acmeOrg.headers.get('etag')! } },
    );
    expect(patchAcme.status).toBe(403);
    const consOrg = await consultant.client.get(`/organisations/${consultancy.orgId}`);
    const patchCons = await consultant.client.patch(
      `/organisations/${consultancy.orgId}`,
      { profile: { headcount: 40 } },
      { headers: { 'if-match': consOrg.headers.get('etag')! } },
    );
    expect(patchCons.status).toBe(200);
    // A member of Acme cannot reach Consultancy's members through Acme's membership.
    const acmeOnly = await addMember(t, acme.client, acme.orgId, 'compliance_officer');
    expect((await acmeOnly.client.get(`/organisations/${consultancy.orgId}/members`)).status).toBe(404);
    expect(
      (
        await acme.client.patch(`/organisations/${acme.orgId}/members/${consultancy.userId}`, {
          role: 'auditor',
        })
      ).status,
    ).toBe(404);
  });

  it('removing a member or changing a role takes effect on their very next request', async () => {
    const admin = await signUp(t);
    const co = await addMember(t, admin.client, admin.orgId, 'compliance_officer');
    expect((await co.client.get(`/organisations/${admin.orgId}/members`)).status).toBe(200);
    const demoted = await admin.client.patch(`/organisations/${admin.orgId}/members/${co.userId}`, {
      role: 'respondent',
    });
    expect(demoted.body).toMatchObject({ userId: co.userId, role: 'respondent' });
    expect((await co.client.get(`/organisations/${admin.orgId}/members`)).status).toBe(403);
    expect((await admin.client.delete(`/organisations/${admin.orgId}/members/${co.userId}`)).status).toBe(
      204,
    );
    expect((await co.client.get(`/organisations/${admin.orgId}`)).status).toBe(404);
    expect((await co.client.get('/me')).body.memberships).toEqual([]);
  });

  it('keeps at least one admin in an organisation that has other members', async () => {
    const admin = await signUp(t);
    const other = await addMember(t, admin.client, admin.orgId, 'respondent');
    for (const res of [
      await admin.client.patch(`/organisations/${admin.orgId}/members/${admin.userId}`, { role: 'auditor' }),
      await admin.client.delete(`/organisations/${admin.orgId}/members/${admin.userId}`),
      await admin.client.delete('/me', { password: GOOD_PASSWORD }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('MEMBER.LAST_ADMIN');
    }
    await admin.client.patch(`/organisations/${admin.orgId}/members/${other.userId}`, { role: 'admin' });
    expect(
      (await admin.client.patch(`/organisations/${admin.orgId}/members/${admin.userId}`, { role: 'auditor' }))
        .status,
    ).toBe(200);
  });

  it('invitation tokens are single-use, expire, and can be withdrawn', async () => {
    const admin = await signUp(t);
    const used = await invite(admin.client, admin.orgId, uniqueEmail(), 'respondent');
    expect(
      (await new ApiClient(t.baseUrl).post(`/invitations/${used.token}/accept`, { password: GOOD_PASSWORD }))
        .status,
    ).toBe(201);
    const again = await new ApiClient(t.baseUrl).post(`/invitations/${used.token}/accept`, {
      password: GOOD_PASSWORD,
    });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe('INVITATION.ALREADY_USED');

    const expired = await invite(admin.client, admin.orgId, uniqueEmail(), 'auditor');
    await ds.query(`UPDATE invitation SET expires_at = now() - interval '1 second' WHERE id = $1`, [
      expired.invitationId,
    ]);
    expect(
      (
        await new ApiClient(t.baseUrl).post(`/invitations/${expired.token}/accept`, {
          password: GOOD_PASSWORD,
        })
      ).body.code,
    ).toBe('INVITATION.EXPIRED');

    const withdrawn = await invite(admin.client, admin.orgId, uniqueEmail(), 'auditor');
    expect(
      (await admin.client.delete(`/organisations/${admin.orgId}/invitations/${withdrawn.invitationId}`))
        .status,
    ).toBe(204);
    expect(
      (
        await new ApiClient(t.baseUrl).post(`/invitations/${withdrawn.token}/accept`, {
          password: GOOD_PASSWORD,
        })
      ).body.code,
    ).toBe('INVITATION.REVOKED');

    expect(
      (
        await new ApiClient(t.baseUrl).post(`/invitations/${'A'.repeat(43)}/accept`, {
          password: GOOD_PASSWORD,
        })
      ).body.code,
    ).toBe('INVITATION.NOT_FOUND');

    const list = await admin.client.get(`/organisations/${admin.orgId}/invitations`);
    expect(list.body.items.map((i: { status: string }) => i.status).sort()).toEqual([
      'accepted',
      'expired',
      'revoked',
    ]);
  });

  it('accepts an invitation only once when two people race for it', async () => {
    const admin = await signUp(t);
    const { token } = await invite(admin.client, admin.orgId, uniqueEmail(), 'respondent');
    const results = await Promise.all(
      [0, 1, 2].map(() =>
        new ApiClient(t.baseUrl).post(`/invitations/${token}/accept`, { password: GOOD_PASSWORD }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 410, 410].sort());
    const [{ n }]: { n: string }[] = await ds.query(
      `SELECT count(*) AS n FROM membership WHERE organisation_id = $1`,
      [admin.orgId],
    );
    expect(Number(n)).toBe(2);
  });

  it('asks an existing account to sign in (a password is not enough) and refuses someone signed in as another person', async () => {
    const admin = await signUp(t);
    const existing = await signUp(t);
    const { token } = await invite(admin.client, admin.orgId, existing.email, 'auditor');
    const anonymous = await new ApiClient(t.baseUrl).post(`/invitations/${token}/accept`, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('INVITATION.SIGN_IN_REQUIRED');
    const wrongPerson = await admin.client.post(`/invitations/${token}/accept`, {});
    expect(wrongPerson.status).toBe(409);
    expect(wrongPerson.body.code).toBe('INVITATION.EMAIL_MISMATCH');
    const withPassword = await new ApiClient(t.baseUrl).post(`/invitations/${token}/accept`, {
      password: GOOD_PASSWORD,
    });
    expect(withPassword.body.code).toBe('INVITATION.SIGN_IN_REQUIRED');
    const signedIn = await existing.client.post(`/invitations/${token}/accept`, {});
    expect(signedIn.body).toMatchObject({ accountCreated: false, userId: existing.userId, role: 'auditor' });
  });

  it('refuses to invite someone who is already a member', async () => {
    const admin = await signUp(t);
    const member = await addMember(t, admin.client, admin.orgId, 'respondent');
    const res = await admin.client.post(`/organisations/${admin.orgId}/invitations`, {
      email: member.email.toUpperCase(),
      role: 'auditor',
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('MEMBER.ALREADY_MEMBER');
  });

  it('erases a user: e-mail, name and secrets gone, id kept, sessions and tokens dead', async () => {
    const admin = await signUp(t);
    const member = await addMember(t, admin.client, admin.orgId, 'respondent');
    const token = await member.client.post('/me/tokens', { name: 'cli' });
    expect((await member.client.delete('/me', { password: 'not my password at all' })).body.code).toBe(
      'AUTH.PASSWORD_MISMATCH',
    );
    expect((await member.client.delete('/me', { password: GOOD_PASSWORD })).status).toBe(204);
    const [row]: Record<string, unknown>[] = await ds.query(
      `SELECT id, email, display_name, password_hash, mfa_secret, erased_at FROM "user" WHERE id = $1`,
      [member.userId],
    );
    expect(row).toMatchObject({
      id: member.userId,
      email: null,
      display_name: null,
      password_hash: null,
      mfa_secret: null,
      erased_at: expect.any(Date),
    });
    expect((await member.client.get('/me')).status).toBe(401);
    const bearer = new ApiClient(t.baseUrl);
    bearer.bearer = token.body.token;
    expect((await bearer.get('/me')).status).toBe(401);
    expect(
      (await new ApiClient(t.baseUrl).post('/auth/login', { email: member.email, password: GOOD_PASSWORD }))
        .status,
    ).toBe(401);
    // The e-mail is free again.
    expect((await signUp(t, { email: member.email })).userId).not.toBe(member.userId);
  });

  it('lets an admin erase a member of this organisation only', async () => {
    const admin = await signUp(t);
    const local = await addMember(t, admin.client, admin.orgId, 'auditor');
    const elsewhere = await signUp(t);
    // Already has an account (and its own organisation): joins with its password.
    const shared = await addMember(t, admin.client, admin.orgId, 'respondent', elsewhere.email);
    expect(shared.userId).toBe(elsewhere.userId);
    const refused = await admin.client.post(`/organisations/${admin.orgId}/members/${shared.userId}/erase`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('MEMBER.IN_OTHER_ORGANISATIONS');
    expect(
      (await admin.client.post(`/organisations/${admin.orgId}/members/${admin.userId}/erase`)).body.code,
    ).toBe('MEMBER.ERASE_SELF');
    expect(
      (await admin.client.post(`/organisations/${admin.orgId}/members/${local.userId}/erase`)).status,
    ).toBe(204);
    expect((await local.client.get('/me')).status).toBe(401);
    const members = await admin.client.get(`/organisations/${admin.orgId}/members`);
    expect(members.body.items.map((m: { userId: string }) => m.userId)).not.toContain(local.userId);
  });
});
