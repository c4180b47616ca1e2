import { checkPolicies, formatIssue, loadLatestFramework } from '@aup/policies';
import { OK_POLICIES } from '../../../test/fixtures/policies';

describe('checkPolicies on the fixture framework', () => {
  it('finds no problem in ok/', () => {
    const result = checkPolicies(OK_POLICIES);
    expect(result.issues.map(formatIssue)).toEqual([]);
    expect(result.frameworks.map(({ id, version }) => ({ id, version }))).toEqual([
      { id: 'fixture-readiness', version: '1.0.0' },
    ]);
    expect(result.frameworks[0].contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(loadLatestFramework(OK_POLICIES).domains.map((d) => d.id)).toEqual(['POL', 'IRP']);
  });
});
