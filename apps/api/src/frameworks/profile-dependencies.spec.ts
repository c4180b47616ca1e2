import { loadLatestFramework, resolvePoliciesDir } from '@aup/policies';
import { fieldsReadBy, profileDependencies } from './profile-dependencies';

describe('fieldsReadBy', () => {
  it('names the profile fields a condition reads, derived fields expanded', () => {
    expect(
      [...fieldsReadBy({ and: [{ var: 'monitoring_in_use' }, { in: ['US', { var: 'countries' }] }] })].sort(),
    ).toEqual(['countries', 'monitoring_in_use']);
    expect([...fieldsReadBy({ var: 'provider_any' })].sort()).toEqual([
      'provides_email',
      'provides_hosting',
      'provides_internet_access',
      'provides_messaging',
    ]);
    expect([...fieldsReadBy({ '>=': [{ var: ['headcount_band', '1-49'] }, 1] })]).toEqual(['headcount']);
    expect([...fieldsReadBy({ missing: ['guest_wifi', 'sector'] })].sort()).toEqual(['guest_wifi', 'sector']);
  });

  it('does not take the element variable of some/all/none for a profile field', () => {
    expect([
      ...fieldsReadBy({ some: [{ var: 'regions' }, { in: [{ var: '' }, ['US-CA', 'US-IL']] }] }),
    ]).toEqual(['regions']);
  });

  it('reads nothing from an absent or constant condition', () => {
    expect(fieldsReadBy(undefined).size).toBe(0);
    expect(fieldsReadBy(true).size).toBe(0);
  });
});

describe('profileDependencies of the shipped framework', () => {
  const deps = profileDependencies(loadLatestFramework(resolvePoliciesDir()));

  it('has an entry for every profile field and none for anything else', () => {
    const catalogue = loadLatestFramework(resolvePoliciesDir());
    expect([...deps.keys()].sort()).toEqual(catalogue.profile.map((f) => f.id).sort());
  });

  it('ties countries to legal obligations and sector to the one public-sector control (GOV-09, framework 1.1.0)', () => {
    expect(deps.get('countries')!.obligations).toBeGreaterThan(0);
    expect(deps.get('monitoring_in_use')!.questions).toBeGreaterThan(0);
    expect(deps.get('sector')).toEqual({ questions: 1, obligations: 0 });
  });
});
