import { countryCoverage, coverageLabel, type Catalogue } from '@aup/domain';
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

  it('a country whose files cover only some of its regions is partly covered where staff work in another', () => {
    const nations: Catalogue = {
      ...catalogue,
      profile: [
        ...catalogue.profile,
        {
          id: 'regions',
          type: 'multi_choice',
          label: 'Regions',
          required: false,
          options: [
            { value: 'GB-ENG', label: 'England' },
            { value: 'GB-NIR', label: 'Northern Ireland' },
          ],
        },
      ] as Catalogue['profile'],
      jurisdictions: [
        {
          id: 'GB',
          name: 'United Kingdom',
          appliesIf: { in: ['GB', { var: 'countries' }] },
          lastReviewed: '2026-12-01',
          covers: ['GB'],
          coversRegions: ['GB-ENG', 'GB-WLS'],
          scope: 'national',
          obligations: [],
        },
      ],
    };
    const at = (regions?: string[]) => countryCoverage(nations, { countries: ['GB'], regions })[0];
    // No nation named: England and Wales is assumed, and covered.
    expect(at()).toMatchObject({ status: 'covered' });
    expect(at()).not.toHaveProperty('regionsNotCovered');
    expect(at(['GB-ENG'])).toMatchObject({ status: 'covered' });
    const ni = at(['GB-ENG', 'GB-NIR']);
    expect(ni).toMatchObject({
      status: 'partly_covered',
      regionsNotCovered: [{ region: 'GB-NIR', name: 'Northern Ireland' }],
    });
    expect(ni.text).toBe(
      'United Kingdom: partly covered (United Kingdom); the law specific to Northern Ireland is not covered: confirm locally with counsel.',
    );
    expect(coverageLabel(ni)).toBe('United Kingdom (Northern Ireland)');
    expect(coverageLabel(at())).toBe('United Kingdom');
  });

  it('lists nothing without countries', () => {
    expect(countryCoverage(catalogue, {})).toEqual([]);
  });
});
