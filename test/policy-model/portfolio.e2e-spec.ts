import { DataSource } from 'typeorm';
import { loadLatestFramework, resolvePoliciesDir } from '@aup/policies';
import { startTestApp, type TestApp } from '../support/app';
import { invite, logIn, signUp, type ApiClient, type SignedUp } from '../support/auth';

/** The portfolio lists only the organisations a person may see, sorted, filtered and paginated; trend reads submitted audits. */
describe('portfolio and trend', () => {
  let t: TestApp;
  let ds: DataSource;
  let me: SignedUp;
  let meClient: ApiClient;
  const orgs: Record<string, string> = {};

  /** A submitted audit's snapshot, as the submit path stores it (the trigger keeps the portfolio tables). */
  async function snapshot(orgId: string, rating: string, overall: number, at: string): Promise<void> {
    const c = loadLatestFramework(resolvePoliciesDir());
    await ds.query(
      `INSERT INTO framework_version (content_hash, framework_id, version, catalogue) VALUES ($1, $2, $3, '{}'::jsonb) ON CONFLICT DO NOTHING`,
      [c.contentHash, c.framework.id, c.framework.version],
    );
    const [audit]: { id: string }[] = await ds.query(
      `INSERT INTO audit (organisation_id, framework_id, framework_version, content_hash, title, status) VALUES ($1, $2, $3, $4, 'Audit', 'submitted') RETURNING id`,
      [orgId, c.framework.id, c.framework.version, c.contentHash],
    );
    await ds.query(
      `INSERT INTO result_snapshot (audit_id, organisation_id, content_hash, formula_version, result, snapshot_hash, created_at) VALUES ($1, $2, $3, 'f', $4::jsonb, 'h', $5)`,
      [audit.id, orgId, c.contentHash, JSON.stringify({ rating, overall }), at],
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    me = await signUp(t, { organisationName: 'Zeta Group' });
    orgs.zeta = me.orgId;
    const email = me.email;
    // Alpha: I am its auditor. Beta: I am a respondent and scores are hidden (not listed). Gamma: not mine.
    const alpha = await signUp(t, { organisationName: 'Alpha Subsidiary' });
    orgs.alpha = alpha.orgId;
    const beta = await signUp(t, { organisationName: 'Beta Subsidiary' });
    orgs.beta = beta.orgId;
    const gamma = await signUp(t, { organisationName: 'Gamma Elsewhere' });
    orgs.gamma = gamma.orgId;
    for (const [owner, role] of [
      [alpha, 'auditor'],
      [beta, 'respondent'],
    ] as const) {
      // The token reaches only the invited mailbox; the helper reads it as the e-mail would.
      const { token } = await invite(owner.client, owner.orgId, email, role);
      expect((await me.client.post(`/invitations/${token}/accept`, {})).status).toBeLessThan(300);
    }
    meClient = await logIn(t, email);
    await snapshot(orgs.zeta, 'amber', 55, '2026-01-01T00:00:00Z');
    await snapshot(orgs.zeta, 'green', 81, '2026-06-01T00:00:00Z');
    await snapshot(orgs.alpha, 'red', 20, '2026-03-01T00:00:00Z');
    await snapshot(orgs.beta, 'green', 90, '2026-03-01T00:00:00Z');
    await snapshot(orgs.gamma, 'green', 95, '2026-03-01T00:00:00Z');
    expect((await me.client.get(`/organisations/${orgs.zeta}/policy-model/clauses`)).status).toBe(200);
  });
  afterAll(() => t.close());

  it('lists only the organisations the person may see, with rating, trend and policy figures', async () => {
    const res = await meClient.get('/portfolio');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((r: { name: string }) => r.name)).toEqual(['Alpha Subsidiary', 'Zeta Group']);
    const zeta = res.body.items[1];
    expect(zeta).toMatchObject({
      role: 'admin',
      rating: 'green',
      overall: 81,
      trend: 'up',
      audits: 2,
      coveragePct: 0,
      planComplete: false,
      openItems: 0,
      overdueItems: 0,
    });
    expect(res.body.items[0]).toMatchObject({ role: 'auditor', rating: 'red', coveragePct: null });
  });

  it('follows a profile change at once: countries without content appear without the model being opened', async () => {
    const row = async () =>
      (
        (await meClient.get('/portfolio')).body.items as {
          organisationId: string;
          countriesNotCovered: number;
        }[]
      ).find((r) => r.organisationId === orgs.zeta)!;
    const before = await row();
    const org = await me.client.get(`/organisations/${orgs.zeta}`);
    const patched = await me.client.patch(
      `/organisations/${orgs.zeta}`,
      { profile: { countries: ['GB', 'JP', 'BR'] } },
      { headers: { 'if-match': org.headers.get('etag')! } },
    );
    expect(patched.status).toBe(200);
    const after = await row();
    expect(after.countriesNotCovered).toBe(2);
    expect(after.countriesNotCovered).not.toBe(before.countriesNotCovered);
  });

  it('lists a respondent organisation once it shows respondents scores', async () => {
    await ds.query(
      `UPDATE organisation SET settings = '{"respondentsSeeScores": true}'::jsonb WHERE id = $1`,
      [orgs.beta],
    );
    expect((await meClient.get('/portfolio')).body.total).toBe(3);
    await ds.query(`UPDATE organisation SET settings = '{}'::jsonb WHERE id = $1`, [orgs.beta]);
  });

  it('sorts, filters and paginates', async () => {
    const byRating = await meClient.get('/portfolio?sort=rating');
    expect(byRating.body.items.map((r: { rating: string }) => r.rating)).toEqual(['red', 'green']);
    const byScoreDesc = await meClient.get('/portfolio?sort=score&order=desc&limit=1');
    expect(byScoreDesc.body).toMatchObject({
      total: 2,
      limit: 1,
      offset: 0,
      items: [{ name: 'Zeta Group' }],
    });
    const page2 = await meClient.get('/portfolio?sort=score&order=desc&limit=1&offset=1');
    expect(page2.body.items.map((r: { name: string }) => r.name)).toEqual(['Alpha Subsidiary']);
    expect(
      (await meClient.get('/portfolio?q=alpha')).body.items.map((r: { name: string }) => r.name),
    ).toEqual(['Alpha Subsidiary']);
    expect((await meClient.get('/portfolio?rating=green')).body.total).toBe(1);
    expect((await meClient.get('/portfolio?planComplete=true')).body.total).toBe(0);
    expect((await meClient.get('/portfolio?q=%25')).body.total).toBe(0);
    expect((await meClient.get('/portfolio?offset=50')).body).toMatchObject({ total: 2, items: [] });
    expect((await meClient.get('/portfolio?sort=password')).status).toBe(400);
  });

  it('gives the trend over submitted audits; another organisation is 404, a respondent 403', async () => {
    const res = await meClient.get(`/organisations/${orgs.zeta}/trend`);
    expect(res.status).toBe(200);
    expect(res.body.points.map((p: { overall: number }) => p.overall)).toEqual([55, 81]);
    expect(res.body.direction).toBe('up');
    expect((await meClient.get(`/organisations/${orgs.gamma}/trend`)).status).toBe(404);
    expect((await meClient.get(`/organisations/${orgs.beta}/trend`)).status).toBe(403);
  });
});
