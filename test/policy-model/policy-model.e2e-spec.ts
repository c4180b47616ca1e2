import { startTestApp, type TestApp } from '../support/app';
import { addMember, signUp, type ApiClient, type SignedUp } from '../support/auth';

/** The policy model through the api: clauses, action plan, obligations register, history and the trail. */
describe('policy model', () => {
  let t: TestApp;
  let admin: SignedUp;
  let officer: SignedUp;
  let auditor: SignedUp;
  let respondent: SignedUp;
  let other: SignedUp;
  let base: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await signUp(t, { organisationName: 'Policy Org' });
    base = `/organisations/${admin.orgId}/policy-model`;
    officer = await addMember(t, admin.client, admin.orgId, 'compliance_officer');
    auditor = await addMember(t, admin.client, admin.orgId, 'auditor');
    respondent = await addMember(t, admin.client, admin.orgId, 'respondent');
    other = await signUp(t, { organisationName: 'Other Org' });
    const profile = await admin.client.patch(
      `/organisations/${admin.orgId}`,
      { profile: { headcount: 800, countries: ['GB', 'NL'], works_council: true } },
      { headers: { 'if-match': '"1"' } },
    );
    expect(profile.status).toBe(200);
  });
  afterAll(() => t.close());

  const put = (client: ApiClient, path: string, body: unknown, version?: number) =>
    client.request('PUT', `${base}${path}`, body, version ? { headers: { 'if-match': `"${version}"` } } : {});

  it('lists clauses from the templates with 0 % coverage until something is recorded', async () => {
    const res = await officer.client.get(`${base}/clauses`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(5);
    expect(res.body.items[0]).toMatchObject({ number: 1, state: null, version: 0 });
    expect(res.body.items.every((c: { sourceIds: string[] }) => c.sourceIds.length > 0)).toBe(true);
    expect(res.body.items[0].text).toContain('Policy Org');
    expect(res.body.coverage.coveragePct).toBe(0);
    expect(res.body.coverage.missing[0].message).toMatch(/has not been adopted/);
    expect(Object.keys(res.body.sources).length).toBeGreaterThan(0);
  });

  it('adopts, adapts and marks clauses not applicable; coverage follows; the trail records each change', async () => {
    // Only the clauses that apply to this organisation count towards coverage.
    const list = (
      (await officer.client.get(`${base}/clauses`)).body.items as { id: string; applies: boolean }[]
    ).filter((c) => c.applies);
    const [first, second, third] = list.map((c) => c.id);

    const adopted = await put(officer.client, `/clauses/${first}`, {
      state: 'adopted',
      documentRef: 'AUP v3, section 4',
      ownerUserId: officer.userId,
      lastReviewedOn: '2026-10-01',
    });
    expect(adopted.status).toBe(200);
    expect(adopted.headers.get('etag')).toBe('"1"');
    expect(adopted.body).toMatchObject({
      state: 'adopted',
      version: 1,
      ownerUserId: officer.userId,
      lastReviewedOn: '2026-10-01',
    });
    expect(adopted.body.adoptedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // Adapted needs the organisation's wording; not applicable needs a reason.
    expect((await put(officer.client, `/clauses/${second}`, { state: 'adapted' })).body.code).toBe(
      'CLAUSE.WORDING_REQUIRED',
    );
    expect(
      (
        await put(officer.client, `/clauses/${second}`, {
          state: 'adapted',
          wording: 'Our own words for this rule.',
        })
      ).status,
    ).toBe(200);
    const na = await put(officer.client, `/clauses/${third}`, { state: 'not_applicable' });
    expect([na.status, na.body.code]).toEqual([422, 'CLAUSE.REASON_REQUIRED']);
    expect(
      (
        await put(officer.client, `/clauses/${third}`, {
          state: 'not_applicable',
          reason: 'No company devices leave the premises.',
        })
      ).status,
    ).toBe(200);

    // Once a record exists, If-Match is required and must be current.
    expect((await put(officer.client, `/clauses/${first}`, { state: 'missing' })).status).toBe(428);
    const stale = await put(officer.client, `/clauses/${first}`, { state: 'missing' }, 7);
    expect([stale.status, stale.body.code, stale.body.current.version]).toEqual([
      409,
      'POLICY.VERSION_CONFLICT',
      1,
    ]);

    const view = (await auditor.client.get(`${base}/clauses`)).body;
    expect(view.coverage.covered).toBe(2);
    expect(view.coverage.counted).toBe(list.length - 1);

    const history = await auditor.client.get(`${base}/history?entity=policy_clause&entityId=${first}`);
    expect(history.status).toBe(200);
    expect(history.body.items[0]).toMatchObject({
      entity: 'policy_clause',
      entityId: first,
      action: 'created',
      actorUserId: officer.userId,
    });
    expect(history.body.items[0].after).toMatchObject({ state: 'adopted', documentRef: 'AUP v3, section 4' });
  });

  it('screens narrative text and refuses owners who are not members', async () => {
    const id = (await officer.client.get(`${base}/clauses`)).body.items[4].id;
    const url = await put(officer.client, `/clauses/${id}`, {
      state: 'adapted',
      wording: 'See www.example.com for the rule',
    });
    expect([url.status, url.body.code]).toEqual([422, 'CONTENT.NOT_ACCEPTED']);
    const outsider = await put(officer.client, `/clauses/${id}`, {
      state: 'missing',
      ownerUserId: other.userId,
    });
    expect([outsider.status, outsider.body.code]).toEqual([422, 'POLICY.NOT_MEMBER']);
    expect((await put(officer.client, `/clauses/${id}`, { state: 'missing', unknownField: 1 })).status).toBe(
      400,
    );
    expect((await put(officer.client, `/clauses/no-such-clause`, { state: 'missing' })).status).toBe(404);
  });

  it('assigns owners and deputies to steps: the same person twice is 422; completeness explains what is missing', async () => {
    const plan = await officer.client.get(`${base}/action-plan`);
    expect(plan.status).toBe(200);
    expect(plan.body.completeness.complete).toBe(false);
    expect(plan.body.completeness.problems.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining(['PLAN.OWNER_MISSING', 'PLAN.NOT_REVIEWED']),
    );
    const step = plan.body.steps[0];
    expect(step.sourceIds.length).toBeGreaterThan(0);

    const same = await put(officer.client, `/action-plan/steps/${step.id}`, {
      ownerUserId: officer.userId,
      deputyUserId: officer.userId,
    });
    expect([same.status, same.body.code]).toEqual([422, 'PLAN.OWNER_IS_DEPUTY']);

    const contacts = [
      { kind: 'police', role: 'Regional police cybercrime unit', route: '+44 20 7946 0000' },
      { kind: 'hotline', role: 'National hotline reporting page', route: 'https://report.example.org/' },
    ];
    const ok = await put(officer.client, `/action-plan/steps/${step.id}`, {
      ownerUserId: officer.userId,
      deputyUserId: admin.userId,
      contacts,
      lastExercisedOn: '2026-09-15',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      ownerUserId: officer.userId,
      deputyUserId: admin.userId,
      contacts,
      version: 1,
    });

    // A route is a public page or a number: an e-mail address or a person's name is refused.
    const badRoute = await put(
      officer.client,
      `/action-plan/steps/${step.id}`,
      { contacts: [{ kind: 'police', role: 'Police', route: 'Jane Doe' }] },
      1,
    );
    expect([badRoute.status, badRoute.body.code]).toEqual([422, 'POLICY.ROUTE_NOT_ACCEPTED']);

    // Every step owned and deputised, the plan reviewed today: only missing routes remain.
    for (const s of plan.body.steps.slice(1)) {
      expect(
        (
          await put(officer.client, `/action-plan/steps/${s.id}`, {
            ownerUserId: admin.userId,
            deputyUserId: officer.userId,
          })
        ).status,
      ).toBe(200);
    }
    const reviewed = await officer.client.request('PATCH', `${base}/action-plan`, {
      reviewedOn: new Date().toISOString().slice(0, 10),
    });
    expect(reviewed.status).toBe(200);
    expect(
      reviewed.body.completeness.problems.every((p: { code: string }) => p.code === 'PLAN.ROUTE_MISSING'),
    ).toBe(true);

    const trail = await auditor.client.get(
      `/organisations/${admin.orgId}/audit-trail?entity=action_plan_step`,
    );
    expect(trail.body.total).toBe(plan.body.steps.length);
  });

  it('derives the obligations register from the countries; a country without content is listed as not covered', async () => {
    const res = await auditor.client.get(`${base}/obligations`);
    expect(res.status).toBe(200);
    expect(res.body.notCovered).toEqual([
      {
        country: 'NL',
        message: expect.stringMatching(
          /^Netherlands: only European Union is covered; .*confirm locally with counsel/,
        ),
      },
    ]);
    expect(
      res.body.items.every((o: { jurisdictionId: string }) =>
        ['GB', 'GB-DATA', 'EU'].includes(o.jurisdictionId),
      ),
    ).toBe(true);
    expect(res.body.notLegalAdvice).toMatch(/not legal advice/);
    const mandatory = res.body.items.filter((o: { mandatoryReport: boolean }) => o.mandatoryReport);
    expect(mandatory.length).toBeGreaterThan(0);
    expect(res.body.reportsWithoutRoute.length).toBe(mandatory.length);

    for (const o of mandatory) {
      const saved = await put(officer.client, `/obligations/${o.id}`, {
        reporterRole: 'Head of Legal',
        reporterUserId: admin.userId,
        route: '+44 20 7946 0000',
        lastLegalReviewOn: '2026-11-30',
      });
      expect(saved.status).toBe(200);
      expect(saved.body).toMatchObject({ route: '+44 20 7946 0000', version: 1 });
    }
    const plan = await officer.client.get(`${base}/action-plan`);
    expect(plan.body.completeness).toMatchObject({ complete: true, completenessPct: 100, problems: [] });

    expect((await put(officer.client, `/obligations/SE-NOT-HERE`, { route: null })).status).toBe(404);
    const history = await auditor.client.get(
      `${base}/history?entity=obligation_entry&entityId=${mandatory[0].id}`,
    );
    expect(history.body.items[0]).toMatchObject({
      action: 'created',
      after: { reporterRole: 'Head of Legal' },
    });
  });

  it('pre-fills a new audit with suggestions from the model, with their basis; a respondent sees those of their sections', async () => {
    const audit = await officer.client.post(`/organisations/${admin.orgId}/audits`, {
      title: 'Readiness 2027',
    });
    expect(audit.status).toBe(201);
    const res = await officer.client.get(`/organisations/${admin.orgId}/audits/${audit.body.id}/suggestions`);
    expect(res.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const adopted = res.body.items.find((s: { basis: string }) => s.basis.startsWith('clause 1 '));
    expect(adopted).toMatchObject({ value: expect.any(String), from: { kind: 'clause' } });
    expect(adopted.basis).toMatch(new RegExp(`^clause 1 ".+" adopted on ${today}$`));
    expect(res.body.items.some((s: { from: { kind: string } }) => s.from.kind === 'plan_step')).toBe(true);
    expect(res.body.note).toMatch(/confirm/);
    // Nothing was saved: the audit has no answers yet.
    const section = await officer.client.get(
      `/organisations/${admin.orgId}/audits/${audit.body.id}/sections/${adopted.section}`,
    );
    expect(
      section.body.questions.find((q: { id: string }) => q.id === adopted.questionId).answer ?? null,
    ).toBeNull();

    const assign = await officer.client.request(
      'PUT',
      `/organisations/${admin.orgId}/audits/${audit.body.id}/assignments`,
      {
        sections: [{ section: 'hr', userIds: [respondent.userId] }],
      },
    );
    expect(assign.status).toBe(200);
    const mine = await respondent.client.get(
      `/organisations/${admin.orgId}/audits/${audit.body.id}/suggestions`,
    );
    expect(mine.status).toBe(200);
    expect(mine.body.items.every((s: { section: string }) => s.section === 'hr')).toBe(true);
    expect(
      (await other.client.get(`/organisations/${admin.orgId}/audits/${audit.body.id}/suggestions`)).status,
    ).toBe(404);
  });

  it('keeps roles: respondents and auditors cannot write; other organisations get 404', async () => {
    expect((await respondent.client.get(`${base}/clauses`)).status).toBe(403);
    expect((await put(auditor.client, `/clauses/aup-scope`, { state: 'missing' })).status).toBe(403);
    expect((await other.client.get(`${base}/clauses`)).status).toBe(404);
    expect((await put(other.client, `/action-plan/steps/contain`, {})).status).toBe(404);
  });
});
