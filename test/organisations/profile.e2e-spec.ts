import { startTestApp, type TestApp } from '../support/app';
import { signUp, type SignedUp } from '../support/auth';

describe('organisations: profile with optimistic concurrency', () => {
  let t: TestApp;
  let admin: SignedUp;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signUp(t, { organisationName: 'Profile Ltd' });
  });
  afterAll(() => t.close());

  const get = () => admin.client.get(`/organisations/${admin.orgId}`);
  const patch = (body: unknown, ifMatch?: string) =>
    admin.client.patch(
      `/organisations/${admin.orgId}`,
      body,
      ifMatch === undefined ? {} : { headers: { 'if-match': ifMatch } },
    );

  it('serves the version as ETag, requires If-Match (428) and refuses a stale one (409)', async () => {
    const first = await get();
    expect(first.headers.get('etag')).toBe(`"${first.body.version}"`);
    const missing = await patch({ name: 'New name' });
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('REQUEST.PRECONDITION_REQUIRED');
    const ok = await patch(
      {
        name: 'New name',
        profile: {
          headcount: 1200,
          countries: ['GB', 'AU'],
          regions: ['AU-NSW'],
          incident_band: '0',
          guest_wifi: true,
        },
      },
      first.headers.get('etag')!,
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      name: 'New name',
      version: first.body.version + 1,
      profile: { headcount: 1200, regions: ['AU-NSW'], guest_wifi: true },
    });
    expect(ok.headers.get('etag')).toBe(`"${first.body.version + 1}"`);
    const stale = await patch({ name: 'Lost update' }, first.headers.get('etag')!);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'ORGANISATION.VERSION_CONFLICT',
      currentVersion: first.body.version + 1,
    });
    expect((await patch({}, 'banana')).body.code).toBe('REQUEST.INVALID_IF_MATCH');
  });

  it('merges profile fields and clears one given as null', async () => {
    const before = await get();
    const res = await patch(
      { profile: { guest_wifi: null, works_council: true } },
      before.headers.get('etag')!,
    );
    expect(res.status).toBe(200);
    expect(res.body.profile).toMatchObject({ works_council: true, headcount: 1200 });
    expect(res.body.profile).not.toHaveProperty('guest_wifi');
  });

  it.each([
    [{ headcount: 0 }, '/profile/headcount'],
    [{ headcount: 2.5 }, '/profile/headcount'],
    [{ countries: ['XX'] }, '/profile/countries'],
    [{ countries: ['gb'] }, '/profile/countries'],
    [{ incident_band: 'several' }, '/profile/incident_band'],
    [{ guest_wifi: 'yes' }, '/profile/guest_wifi'],
    [{ regions: ['NSW'] }, '/profile/regions'],
    [{ regions: ['US-CA'] }, '/profile/regions'],
    [{ suspect_names: ['x'] }, '/profile/suspect_names'],
  ])('refuses %j with 400 VALIDATION.FAILED at %s', async (profile, pointer) => {
    const current = await get();
    const res = await patch({ profile }, current.headers.get('etag')!);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  // Well-formed for the API, but not what the framework offers: the framework's profile definition decides.
  it.each([
    [{ countries: ['GB', 'AU', 'AR'] }, 'PROFILE.UNKNOWN_OPTION', '/profile/countries'],
    [{ regions: ['AU-NSW', 'AU-XYZ'] }, 'PROFILE.UNKNOWN_OPTION', '/profile/regions'],
    [{ sector: 'mining' }, 'PROFILE.UNKNOWN_OPTION', '/profile/sector'],
  ])('refuses %j with 422 %s at %s', async (profile, code, pointer) => {
    const current = await get();
    const res = await patch({ profile }, current.headers.get('etag')!);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ pointer, code })]));
    expect((await get()).body.version).toBe(current.body.version);
  });

  it("checks a new organisation's profile against the framework too", async () => {
    const res = await admin.client.post('/organisations', {
      name: 'Elsewhere SA',
      profile: { countries: ['AR'] },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PROFILE.UNKNOWN_OPTION');
  });

  it('creates a further organisation with the caller as its admin', async () => {
    const res = await admin.client.post('/organisations', {
      name: 'Subsidiary GmbH',
      profile: { countries: ['DE'], works_council: true },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('etag')).toBe('"1"');
    const orgs = await admin.client.get('/organisations');
    expect(orgs.body.items).toEqual(
      expect.arrayContaining([{ id: res.body.id, name: 'Subsidiary GmbH', role: 'admin' }]),
    );
  });
});
