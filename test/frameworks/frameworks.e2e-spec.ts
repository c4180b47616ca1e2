import { loadLatestFramework, resolvePoliciesDir } from '@aup/policies';
import type { FrameworkListView, FrameworkVersionView, ProfileFieldView } from '@aup/contracts';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, ApiClient, signUp, type SignedUp } from '../support/auth';

/** A value for a profile field, taken from its own definition: what the profile page would send. */
function sampleValue(field: ProfileFieldView): unknown {
  switch (field.type) {
    case 'number':
      return Math.max(field.min ?? 1, 250);
    case 'boolean':
      return true;
    case 'choice':
      return field.options![0].value;
    case 'multi_choice':
      return field.id === 'regions'
        ? ['AU-NSW']
        : field.options!.some((o) => o.value === 'AU')
          ? ['AU', 'GB']
          : [field.options![0].value];
  }
}

describe('frameworks API', () => {
  let t: TestApp;
  let admin: SignedUp;
  let respondent: SignedUp;
  const catalogue = loadLatestFramework(resolvePoliciesDir());
  const versionPath = `/frameworks/${catalogue.framework.id}/versions/${catalogue.framework.version}`;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signUp(t);
    respondent = await addMember(t, admin.client, admin.orgId, 'respondent');
  });
  afterAll(() => t.close());

  it('lists the frameworks with their versions, the latest marked', async () => {
    const res = await respondent.client.get<FrameworkListView>('/frameworks');
    expect(res.status).toBe(200);
    const framework = res.body.items.find((f) => f.id === catalogue.framework.id)!;
    expect(framework).toMatchObject({
      title: catalogue.framework.title,
      latestVersion: catalogue.framework.version,
    });
    expect(framework.versions.filter((v) => v.latest)).toEqual([
      { version: catalogue.framework.version, latest: true },
    ]);
  });

  it('describes a version: sections and every profile field with label, help, type, options and what it affects', async () => {
    const res = await respondent.client.get<FrameworkVersionView>(versionPath);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
    const view = res.body;
    expect(view).toMatchObject({
      id: catalogue.framework.id,
      version: catalogue.framework.version,
      latest: true,
      contentHash: catalogue.contentHash,
    });
    expect(view.sections.map((s) => s.id)).toEqual(catalogue.sections.map((s) => s.id));
    expect(view.profile.map((f) => f.id)).toEqual(catalogue.profile.map((f) => f.id));
    const countries = view.profile.find((f) => f.id === 'countries')!;
    expect(countries).toMatchObject({ type: 'multi_choice', label: expect.any(String), required: true });
    expect(countries.options).toContainEqual({ value: 'GB', label: 'United Kingdom' });
    expect(countries.affects.obligations).toBeGreaterThan(0);
    // Since 1.1.0 the public sector brings in GOV-09 (the safeguarding lead in the response group).
    expect(view.profile.find((f) => f.id === 'sector')!.affects).toEqual({ questions: 1, obligations: 0 });
    expect(view.counts.questions).toBe(
      catalogue.domains.flatMap((d) => d.controls).flatMap((c) => c.questions).length,
    );
  });

  it('gives away no scoring internals: no scores, weights, targets or conditions', async () => {
    const text = JSON.stringify((await admin.client.get(versionPath)).body);
    for (const key of [
      '"score"',
      '"weight"',
      '"target"',
      '"appliesIf"',
      '"showIf"',
      '"criticality"',
      '"scoring"',
    ])
      expect(text).not.toContain(key);
  });

  it('field definitions are exactly what the organisation profile accepts', async () => {
    const view = (await admin.client.get<FrameworkVersionView>(versionPath)).body;
    const profile = Object.fromEntries(view.profile.map((f) => [f.id, sampleValue(f)]));
    const current = await admin.client.get(`/organisations/${admin.orgId}`);
    const res = await admin.client.patch(
      `/organisations/${admin.orgId}`,
      { profile },
      { headers: { 'if-match': current.headers.get('etag')! } },
    );
    expect(res.status).toBe(200);
    expect(res.body.profile).toEqual(profile);
  });

  it.each([
    ['an unknown version', `/frameworks/${catalogue.framework.id}/versions/99.0.0`],
    ['an unknown framework', '/frameworks/no-such-framework/versions/1.0.0'],
  ])('answers 404 FRAMEWORK.NOT_FOUND for %s, naming what exists', async (_what, path) => {
    const res = await admin.client.get(path);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'FRAMEWORK.NOT_FOUND',
      available: expect.arrayContaining([`${catalogue.framework.id}@${catalogue.framework.version}`]),
    });
  });

  it.each([
    [
      'a version that is not semver',
      `/frameworks/${catalogue.framework.id}/versions/latest`,
      '/params/version',
    ],
    ['a framework id with path tricks', `/frameworks/..%2F..%2Fetc/versions/1.0.0`, '/params/frameworkId'],
  ])('answers 400 VALIDATION.FAILED for %s, before anything is looked up', async (_what, path, pointer) => {
    const res = await admin.client.get(path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'VALIDATION.FAILED', errors: [{ pointer }] });
  });

  it('needs a signed-in caller', async () => {
    const anonymous = new ApiClient(t.baseUrl);
    for (const path of ['/frameworks', versionPath])
      expect((await anonymous.get(path)).body.code).toBe('AUTH.UNAUTHENTICATED');
  });
});
