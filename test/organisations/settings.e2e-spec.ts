import { startTestApp, type TestApp } from '../support/app';
import { addMember, signUp, type SignedUp } from '../support/auth';

describe('organisations: settings (admins only) and the results they open to respondents', () => {
  let t: TestApp;
  let admin: SignedUp;
  let officer: SignedUp;
  let respondent: SignedUp;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signUp(t, { organisationName: 'Settings Ltd' });
    officer = await addMember(t, admin.client, admin.orgId, 'compliance_officer');
    respondent = await addMember(t, admin.client, admin.orgId, 'respondent');
  });
  afterAll(() => t.close());

  const etag = async () => (await admin.client.get(`/organisations/${admin.orgId}`)).headers.get('etag')!;
  const patchAs = async (who: SignedUp, body: unknown, ifMatch?: string) =>
    who.client.patch(`/organisations/${admin.orgId}`, body, {
      headers: { 'if-match': ifMatch ?? (await etag()) },
    });

  it('shows the settings with their defaults', async () => {
    const res = await admin.client.get(`/organisations/${admin.orgId}`);
    expect(res.body.settings).toEqual({ respondentsSeeScores: false, respondentsRequestReports: false });
  });

  it('lets admins change settings with If-Match, and refuses them to compliance officers whole', async () => {
    const denied = await patchAs(officer, {
      name: 'Renamed by officer',
      settings: { respondentsSeeScores: true },
    });
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'AUTH.FORBIDDEN', requiredRoles: ['admin'] });
    expect((await admin.client.get(`/organisations/${admin.orgId}`)).body).toMatchObject({
      name: 'Settings Ltd',
      settings: { respondentsSeeScores: false },
    });
    // The profile stays open to compliance officers.
    expect((await patchAs(officer, { profile: { headcount: 40 } })).status).toBe(200);

    const missing = await admin.client.patch(`/organisations/${admin.orgId}`, {
      settings: { respondentsSeeScores: true },
    });
    expect(missing.status).toBe(428);
    const ok = await patchAs(admin, { settings: { respondentsSeeScores: true } });
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toEqual({ respondentsSeeScores: true, respondentsRequestReports: false });
    const reset = await patchAs(admin, { settings: { respondentsSeeScores: null } });
    expect(reset.body.settings).toEqual({ respondentsSeeScores: false, respondentsRequestReports: false });
  });

  it.each([
    [{ respondentsSeeScores: 'yes' }, '/settings/respondentsSeeScores'],
    [{ showEverything: true }, '/settings/showEverything'],
  ])('refuses settings %j with 400 VALIDATION.FAILED at %s', async (settings, pointer) => {
    const res = await patchAs(admin, { settings });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it('opens audit results to respondents only while respondentsSeeScores is on', async () => {
    const audit = await admin.client.post(`/organisations/${admin.orgId}/audits`, {
      title: 'Readiness 2026',
    });
    expect(audit.status).toBe(201);
    const assigned = await admin.client.request(
      'PUT',
      `/organisations/${admin.orgId}/audits/${audit.body.id}/assignments`,
      {
        sections: [{ section: 'it', userIds: [respondent.userId] }],
      },
    );
    expect(assigned.status).toBe(200);
    const results = () =>
      respondent.client.get(`/organisations/${admin.orgId}/audits/${audit.body.id}/results`);

    const hidden = await results();
    expect(hidden.status).toBe(403);
    expect(hidden.body.code).toBe('RESULTS.HIDDEN');
    expect((await patchAs(admin, { settings: { respondentsSeeScores: true } })).status).toBe(200);
    expect((await results()).status).toBe(200);
    expect((await patchAs(admin, { settings: { respondentsSeeScores: false } })).status).toBe(200);
    expect((await results()).body.code).toBe('RESULTS.HIDDEN');
  });
});
