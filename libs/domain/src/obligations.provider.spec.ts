import { applicableObligations, sourceMap } from '@aup/domain';
import { fixtureCatalogue } from '../../../test/fixtures/policies';

describe('obligations: provider and non-provider organisations', () => {
  const catalogue = fixtureCatalogue();
  const base = {
    headcount: 500,
    countries: ['US', 'GB'],
    provides_email: false,
    provides_hosting: false,
    monitoring_in_use: false,
    works_with_children: false,
  };
  const ids = (profile: Record<string, unknown>) =>
    applicableObligations(catalogue, profile as never).map((o) => o.id);

  it('an ordinary employer gets the employer and anyone duties, not the provider duty', () => {
    expect(ids(base)).toEqual(['US-FX-EMPLOYER-REPORT', 'GB-FX-NO-COPY']);
  });

  it('an e-mail or hosting provider also gets the provider duty', () => {
    expect(ids({ ...base, provides_email: true })).toEqual([
      'US-FX-PROVIDER-REPORT',
      'US-FX-EMPLOYER-REPORT',
      'GB-FX-NO-COPY',
    ]);
    expect(ids({ ...base, provides_hosting: true })).toContain('US-FX-PROVIDER-REPORT');
  });

  it('child-facing duties bind only organisations that work with children', () => {
    expect(ids({ ...base, works_with_children: true })).toContain('GB-FX-SAFEGUARDING');
  });

  it('binds by country: nothing from jurisdictions the organisation is not in', () => {
    expect(ids({ ...base, countries: ['SE'] })).toEqual([]);
    expect(ids({ ...base, countries: ['GB'], provides_email: true })).toEqual(['GB-FX-NO-COPY']);
  });

  it('says what to do, to whom, by when, what not to do, the citation and its verification status', () => {
    const [o] = applicableObligations(catalogue, { ...base, provides_email: true } as never);
    expect(o).toMatchObject({
      jurisdictionId: 'US',
      jurisdictionName: 'United States (fixture)',
      action: "Report to the national hotline and preserve the report's contents",
      recipient: 'National hotline',
      deadline: 'As soon as reasonably possible',
      prohibited: ['Do not forward the material', 'Do not open files to check'],
      citation: 'Fixture U.S.C. § 1',
      status: 'verified',
      counselMustConfirm: false,
      lastReviewed: '2026-10-01',
      sourceIds: ['FX-US-LAW'],
    });
    expect(sourceMap(o.sourceIds, catalogue.sources)).toEqual({
      'FX-US-LAW': { id: 'FX-US-LAW', title: 'Fixture federal reporting statute', status: 'verified' },
    });
    expect(o.bindsBecause).toMatch(/provides a service to the public/);
  });
});
