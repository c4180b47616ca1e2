import { resolveCitations, upgradeAuditResult } from '@aup/domain';
import { normalisationProblems, toFormat1 } from '../fixtures/results';
import { evaluateFixture, shippedFramework } from './evaluate-fixture';

describe('content: the results document of the shipped framework', () => {
  it.each(['empty-employer-40.yaml', 'multinational-12000.yaml', 'prepared-95000.yaml'])(
    '%s: every cited source is in the map once, and nothing else repeats it',
    (name) => {
      const { result } = evaluateFixture(name);
      expect(normalisationProblems(result)).toEqual([]);
      // Reasons spell out each source as id, title and year once resolved; every source cited is known.
      for (const g of result.gaps)
        expect(resolveCitations(g.reason, result.sources)).not.toMatch(/\[[A-Za-z0-9][A-Za-z0-9._-]*\]/);
    },
  );

  it('upgrades the format 1 document of the same results back to them', () => {
    const { result } = evaluateFixture('multinational-12000.yaml');
    // Format 1 had no country coverage and no caveats; the upgrade does not invent them.
    const { coverage: _coverage, caveats: _caveats, ...format1Fields } = result;
    expect(
      upgradeAuditResult(JSON.parse(JSON.stringify(toFormat1(result))), shippedFramework().sources),
    ).toEqual(format1Fields);
  });
});
