import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPolicies, formatIssue } from '@aup/policies';
import { materialiseNotOk, notOkPolicyCases } from '../../../test/fixtures/policies';

describe('checkPolicies: the regions a jurisdiction covers', () => {
  // Any not-ok case gives a copy of ok/ to change; take one that breaks nothing in jurisdictions/GB.yaml.
  const base = notOkPolicyCases().find((c) => c === 'unknown-section')!;

  function withRegions(lines: string): string[] {
    const copy = materialiseNotOk(base);
    try {
      const file = join(copy.dir, 'jurisdictions', 'GB.yaml');
      const text = readFileSync(file, 'utf8').replace(/\nobligations:\n/, `\n${lines}\nobligations:\n`);
      writeFileSync(file, text);
      return checkPolicies(copy.dir).issues.map(formatIssue);
    } finally {
      copy.cleanup();
    }
  }

  it('accepts regions of a country the file covers', () => {
    expect(
      withRegions('covers: [GB]\ncovers_regions: [GB-ENG, GB-WLS]').filter((m) => m.includes('covers_regions')),
    ).toEqual([]);
  });

  it('rejects a region outside the countries the file covers, naming it', () => {
    const messages = withRegions('covers: [GB]\ncovers_regions: [GB-ENG, IE-D]');
    expect(
      messages.some((m) =>
        /jurisdictions\/GB\.yaml:\d+ \/covers_regions\/1 region 'IE-D' is not in a country the file covers \(covers: GB\)/.test(
          m,
        ),
      ),
    ).toBe(true);
  });
});
