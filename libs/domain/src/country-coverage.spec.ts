import { countryCoverage, type Catalogue } from '@aup/domain';
import { fixtureCatalogue } from '../../../test/fixtures/policies';

describe('country coverage: no country is silently dropped', () => {
  const catalogue = fixtureCatalogue();

  it("reads coverage from a jurisdiction's condition when the catalogue predates `covers`", () => {
    expect(catalogue.jurisdictions.every((j) => j.covers === undefined)).toBe(true);
    const coverage = countryCoverage(catalogue, { countries: ['US', 'GB', 'JP'] });
    expect(coverage.map((c) => [c.country, c.status])).toEqual([
      ['US', 'covered'],
      ['GB', 'covered'],
      ['JP', 'not_covered'],
    ]);
    expect(coverage[2].text).toMatch(/: not covered: confirm locally with counsel\.$/);
  });

  it('a supranational or regional file alone covers a country only in part', () => {
    const eu: Catalogue = {
      ...catalogue,
      jurisdictions: [
        {
          id: 'EU',
          name: 'European Union',
          appliesIf: { var: 'eu_presence' },
          lastReviewed: '2026-12-01',
          covers: ['FR', 'DE'],
          scope: 'supranational',
          obligations: [],
        },
      ],
    };
    const [fr] = countryCoverage(eu, { countries: ['FR'] });
    expect(fr).toMatchObject({ country: 'FR', status: 'partly_covered', jurisdictionIds: ['EU'] });
    expect(fr.text).toContain('national law is not covered: confirm locally with counsel');
  });

  it('lists nothing without countries', () => {
    expect(countryCoverage(catalogue, {})).toEqual([]);
  });
});
