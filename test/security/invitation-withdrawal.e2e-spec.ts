import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import {
  addMember,
  ApiClient,
  GOOD_PASSWORD,
  invite,
  signUp,
  uniqueEmail,
  type SignedUp,
} from '../support/auth';

/** Finding "a removed admin's pending invitations stay valid": removal, demotion and erasure withdraw them. */
describe('security: invitations of an admin who leaves are withdrawn', () => {
  let t: TestApp;
  let owner: SignedUp;
  beforeAll(async () => {
    t = await startTestApp();
    owner = await signUp(t);
  });
  afterAll(() => t.close());

  const accept = (token: string) =>
    new ApiClient(t.baseUrl).post('/invitations/accept', { token, password: GOOD_PASSWORD });

  it.each([
    [
      'removed',
      (userId: string) => owner.client.delete(`/organisations/${owner.orgId}/members/${userId}`),
      'inviter_removed',
    ],
    [
      'demoted',
      (userId: string) =>
        owner.client.patch(`/organisations/${owner.orgId}/members/${userId}`, { role: 'respondent' }),
      'inviter_demoted',
    ],
  ] as const)(
    'withdraws the pending invitations of an admin who is %s, and records it',
    async (_what, act, reason) => {
      const leaving = await addMember(t, owner.client, owner.orgId, 'admin');
      // The leaving admin prepares a way back in: an admin invitation to another address of theirs.
      const { token, invitationId } = await invite(
        leaving.client,
        owner.orgId,
        uniqueEmail('way-back'),
        'admin',
      );
      expect((await act(leaving.userId)).status).toBeLessThan(300);
      const res = await accept(token);
      expect(res.status).toBe(410);
      expect(res.body.code).toBe('INVITATION.REVOKED');
      const list = await owner.client.get(`/organisations/${owner.orgId}/invitations?limit=100`);
      expect(list.body.items.find((i: { id: string }) => i.id === invitationId).status).toBe('revoked');
      const [event]: { after: unknown }[] = await t.app
        .get(DataSource)
        .query(
          `SELECT after FROM audit_event WHERE entity = 'invitation' AND entity_id = $1 AND action = 'revoked'`,
          [invitationId],
        );
      expect(event.after).toEqual({ reason });
    },
  );

  it('refuses an invitation whose sender is no longer an admin, even if it was never withdrawn', async () => {
    const leaving = await addMember(t, owner.client, owner.orgId, 'admin');
    const { token } = await invite(leaving.client, owner.orgId, uniqueEmail('older'), 'admin');
    // As if written before withdrawal existed: the membership changes behind the api's back.
    await t.app
      .get(DataSource)
      .query(`UPDATE membership SET role = 'auditor' WHERE organisation_id = $1 AND user_id = $2`, [
        owner.orgId,
        leaving.userId,
      ]);
    expect((await accept(token)).status).toBe(410);
  });

  it('keeps the invitations of admins who stay', async () => {
    const { token } = await invite(owner.client, owner.orgId, uniqueEmail('stays'), 'respondent');
    expect((await accept(token)).status).toBe(201);
  });
});
