import { DataSource } from 'typeorm';
import { AuditTrailService } from '../../apps/api/src/audit-trail/audit-trail.service';
import { startTestApp, type TestApp } from '../support/app';
import {
  addMember,
  ApiClient,
  clearLoginThrottle,
  GOOD_PASSWORD,
  invite,
  signUp,
  totpCode,
  uniqueEmail,
  type SignedUp,
} from '../support/auth';
import { eventually, linkToken, SmtpCapture } from '../mail/smtp-capture';

interface Event {
  entity: string;
  entityId: string;
  action: string;
  actorUserId: string | null;
  before: unknown;
  after: unknown;
}

/** Account and organisation changes land in the hash-chained trail, with ids only, and erasure keeps it valid. */
describe('audit trail: accounts, members, invitations and organisation settings', () => {
  let t: TestApp;
  let ds: DataSource;
  let admin: SignedUp;
  const names = ['Pat Example-Trail', 'Robin Trail-Person'];
  const smtp = new SmtpCapture();

  beforeAll(async () => {
    await smtp.start();
    t = await startTestApp({ LOGIN_MAX_FAILURES: '50', SMTP_URL: smtp.url, OUTBOX_POLL_MS: '50' });
    ds = t.app.get(DataSource);
    admin = await signUp(t, { organisationName: 'Trail Ltd', displayName: names[0] });
  });
  afterAll(async () => {
    await clearLoginThrottle(t);
    await t.close();
    await smtp.stop();
  });

  const trail = async (orgId = admin.orgId, query = ''): Promise<Event[]> => {
    const res = await admin.client.get(`/organisations/${orgId}/audit-trail?limit=100${query}`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const find = (events: Event[], entity: string, action: string, entityId?: string) =>
    events.filter(
      (e) =>
        e.entity === entity && e.action === action && (entityId === undefined || e.entityId === entityId),
    );
  const verify = async (orgId = admin.orgId) =>
    (await admin.client.get(`/organisations/${orgId}/audit-trail/verify`)).body;
  const accountEvents = async (userId: string): Promise<Event[]> =>
    await ds.query(
      `SELECT entity, entity_id AS "entityId", action, actor_user_id AS "actorUserId", before, after FROM audit_event
          WHERE organisation_id IS NULL AND entity_id = ANY($1) ORDER BY seq`,
      [
        [
          userId,
          ...(await ds.query(`SELECT id FROM api_token WHERE user_id = $1`, [userId])).map(
            (r: { id: string }) => r.id,
          ),
        ],
      ],
    );

  it('records sign-up, profile and settings changes, roles, invitations and removals in the organisation chain', async () => {
    const signup = await trail();
    expect(find(signup, 'user', 'signed_up', admin.userId)).toHaveLength(1);
    expect(find(signup, 'organisation', 'created', admin.orgId)[0]).toMatchObject({
      actorUserId: admin.userId,
      after: { adminUserId: admin.userId },
    });

    const etag = (await admin.client.get(`/organisations/${admin.orgId}`)).headers.get('etag')!;
    const patched = await admin.client.patch(
      `/organisations/${admin.orgId}`,
      {
        name: 'Trail Holdings Ltd',
        profile: { headcount: 250, countries: ['GB'] },
        settings: { respondentsSeeScores: true },
      },
      { headers: { 'if-match': etag } },
    );
    expect(patched.status).toBe(200);

    const member = await addMember(t, admin.client, admin.orgId, 'respondent');
    expect(
      (
        await admin.client.patch(`/organisations/${admin.orgId}/members/${member.userId}`, {
          role: 'auditor',
        })
      ).status,
    ).toBe(200);
    const pending = await invite(admin.client, admin.orgId, uniqueEmail('later'), 'auditor');
    expect(
      (await admin.client.delete(`/organisations/${admin.orgId}/invitations/${pending.invitationId}`)).status,
    ).toBe(204);
    expect((await admin.client.delete(`/organisations/${admin.orgId}/members/${member.userId}`)).status).toBe(
      204,
    );

    const events = await trail();
    expect(find(events, 'organisation', 'updated', admin.orgId)[0]).toMatchObject({
      actorUserId: admin.userId,
      before: { profile: { headcount: null, countries: null }, settings: { respondentsSeeScores: false } },
      after: {
        profile: { headcount: 250, countries: ['GB'] },
        settings: { respondentsSeeScores: true },
        nameChanged: true,
      },
    });
    const [created] = find(events, 'invitation', 'created').filter(
      (e) => (e.after as { role: string }).role === 'respondent',
    );
    expect(created.actorUserId).toBe(admin.userId);
    expect(find(events, 'invitation', 'accepted', created.entityId)[0]).toMatchObject({
      actorUserId: member.userId,
      after: { userId: member.userId, role: 'respondent', accountCreated: true },
    });
    expect(find(events, 'membership', 'role_changed', member.userId)[0]).toMatchObject({
      before: { role: 'respondent' },
      after: { role: 'auditor' },
    });
    expect(find(events, 'invitation', 'created', pending.invitationId)).toHaveLength(1);
    expect(find(events, 'invitation', 'revoked', pending.invitationId)[0].actorUserId).toBe(admin.userId);
    expect(find(events, 'membership', 'removed', member.userId)[0]).toMatchObject({
      actorUserId: admin.userId,
      before: { role: 'auditor' },
    });

    // Ids only: no e-mail address, display name or organisation name anywhere in the trail.
    const text = JSON.stringify(events);
    for (const secret of [admin.email, member.email, names[0], 'Trail Holdings Ltd', '@'])
      expect(text).not.toContain(secret);
    expect(await verify()).toMatchObject({ valid: true, firstBroken: null });
  });

  it('records nothing for a change that changes nothing', async () => {
    const before = (await trail()).length;
    const member = await addMember(t, admin.client, admin.orgId, 'respondent');
    const afterAdd = (await trail()).length;
    expect(afterAdd).toBe(before + 2);
    expect(
      (
        await admin.client.patch(`/organisations/${admin.orgId}/members/${member.userId}`, {
          role: 'respondent',
        })
      ).status,
    ).toBe(200);
    const etag = (await admin.client.get(`/organisations/${admin.orgId}`)).headers.get('etag')!;
    expect(
      (
        await admin.client.patch(
          `/organisations/${admin.orgId}`,
          { profile: { headcount: 250 } },
          { headers: { 'if-match': etag } },
        )
      ).status,
    ).toBe(200);
    expect((await trail()).length).toBe(afterAdd);
  });

  it('records a further organisation in its own chain', async () => {
    const res = await admin.client.post('/organisations', {
      name: 'Trail Subsidiary',
      profile: { countries: ['SE'] },
    });
    expect(res.status).toBe(201);
    const events = await trail(res.body.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      entity: 'organisation',
      action: 'created',
      actorUserId: admin.userId,
      after: { profile: { countries: ['SE'] } },
    });
    expect(await verify(res.body.id)).toMatchObject({ valid: true, checked: 1 });
  });

  it("keeps a person's own account changes (tokens, MFA, password) in the account chain", async () => {
    const person = await signUp(t, { displayName: names[1] });
    const token = await person.client.post('/me/tokens', { name: 'nightly export' });
    expect((await person.client.delete(`/me/tokens/${token.body.id}`)).status).toBe(204);
    expect((await person.client.delete(`/me/tokens/${token.body.id}`)).status).toBe(204);
    const { secret } = (await person.client.post('/auth/mfa/enroll', { password: GOOD_PASSWORD })).body;
    expect((await person.client.post('/auth/mfa/confirm', { code: totpCode(secret) })).status).toBe(200);
    const next = totpCode(secret, 1);
    expect(
      (await person.client.post('/auth/mfa/disable', { password: GOOD_PASSWORD, code: next })).status,
    ).toBe(204);
    expect(
      (
        await person.client.post('/me/password', {
          currentPassword: GOOD_PASSWORD,
          newPassword: 'quartz harbour violin 88 maple',
        })
      ).status,
    ).toBe(200);

    const events = await accountEvents(person.userId);
    expect(events.map((e) => `${e.entity}.${e.action}`)).toEqual([
      'api_token.created',
      'api_token.revoked',
      'user.mfa_enabled',
      'user.mfa_disabled',
      'user.password_changed',
    ]);
    expect(events.every((e) => e.actorUserId === person.userId)).toBe(true);
    // The token's name is the owner's free text: the event keeps its id and expiry only.
    expect(JSON.stringify(events)).not.toContain('nightly export');
    const ownOrganisation = await person.client.get(`/organisations/${person.orgId}/audit-trail?limit=100`);
    expect(ownOrganisation.body.items.map((e: Event) => `${e.entity}.${e.action}`).sort()).toEqual([
      'organisation.created',
      'user.signed_up',
    ]);
    expect(await t.app.get(AuditTrailService).verify(null)).toMatchObject({ valid: true, firstBroken: null });
  });

  it("keeps every chain valid after a person is erased, with the erased person's events still listed", async () => {
    const member = await addMember(t, admin.client, admin.orgId, 'compliance_officer');
    const etag = (await member.client.get(`/organisations/${admin.orgId}`)).headers.get('etag')!;
    expect(
      (
        await member.client.patch(
          `/organisations/${admin.orgId}`,
          { profile: { guest_wifi: true } },
          { headers: { 'if-match': etag } },
        )
      ).status,
    ).toBe(200);
    expect(
      (await admin.client.post(`/organisations/${admin.orgId}/members/${member.userId}/erase`)).status,
    ).toBe(204);

    const selfErasing = await signUp(t);
    expect((await selfErasing.client.delete('/me', { password: GOOD_PASSWORD })).status).toBe(204);

    const events = await trail(admin.orgId, `&actorUserId=${member.userId}`);
    expect(events.map((e) => `${e.entity}.${e.action}`).sort()).toEqual([
      'invitation.accepted',
      'organisation.updated',
    ]);
    expect(find(await trail(), 'user', 'erased', member.userId)[0]).toMatchObject({
      actorUserId: admin.userId,
      before: { role: 'compliance_officer' },
    });
    expect(await verify()).toMatchObject({ valid: true, firstBroken: null });

    const [own]: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1 AND entity = 'user' AND action = 'erased' AND entity_id = $2`,
      [selfErasing.orgId, selfErasing.userId],
    );
    expect(own.n).toBe(1);
    expect(find(await accountEvents(selfErasing.userId), 'user', 'erased')).toHaveLength(1);
    const service = t.app.get(AuditTrailService);
    expect(await service.verify(selfErasing.orgId)).toMatchObject({ valid: true });
    expect(await service.verify(null)).toMatchObject({ valid: true });
    // The erased account is gone from the user table's personal fields, not from the trail.
    const [row]: { email: string | null }[] = await ds.query(`SELECT email FROM "user" WHERE id = $1`, [
      member.userId,
    ]);
    expect(row.email).toBeNull();
  });

  it('records a password reset in the account chain', async () => {
    const person = await signUp(t);
    expect(
      (await new ApiClient(t.baseUrl).post('/auth/password-reset', { email: person.email })).status,
    ).toBe(202);
    const [mail] = await eventually(
      'the reset e-mail',
      () => smtp.to(person.email).length > 0 && smtp.to(person.email),
    );
    const confirm = await new ApiClient(t.baseUrl).post('/auth/password-reset/confirm', {
      token: linkToken(mail, '/password-reset'),
      password: 'quartz harbour violin 88 maple',
    });
    expect(confirm.status).toBe(200);
    expect((await accountEvents(person.userId)).map((e) => `${e.entity}.${e.action}`)).toEqual([
      'user.password_reset',
    ]);
  });
});
