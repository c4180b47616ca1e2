import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPolicies, formatIssue } from '@aup/policies';
import { materialiseNotOk, notOkPolicyCases } from '../../../test/fixtures/policies';

describe('checkPolicies: dates', () => {
  // Any not-ok case gives a copy of ok/ to change; take one that breaks nothing in jurisdictions/GB.yaml.
  const base = notOkPolicyCases().find((c) => c === 'unknown-section')!;

  function withValidUntil(date: string): { dir: string; cleanup: () => void } {
    const copy = materialiseNotOk(base);
    const file = join(copy.dir, 'jurisdictions', 'GB.yaml');
    const text = readFileSync(file, 'utf8').replace(
      /(\n {4}legal_status: in_force\n)/,
      `$1    valid_until: "${date}"\n`,
    );
    writeFileSync(file, text);
    return copy;
  }

  it('fails on a date-bounded obligation whose date has passed, naming it', () => {
    const { dir, cleanup } = withValidUntil('2026-04-03');
    try {
      const messages = checkPolicies(dir, { today: '2026-12-04' }).issues.map(formatIssue);
      expect(
        messages.some((m) =>
          /jurisdictions\/GB\.yaml:\d+ \/obligations\/0\/valid_until obligation 'GB-FX-NO-COPY' was valid until 2026-04-03 and that date has passed/.test(
            m,
          ),
        ),
      ).toBe(true);
    } finally {
      cleanup();
    }
  });

  it('accepts it up to and including its last day', () => {
    const { dir, cleanup } = withValidUntil('2026-12-04');
    try {
      expect(
        checkPolicies(dir, { today: '2026-12-04' })
          .issues.map(formatIssue)
          .filter((m) => m.includes('valid_until')),
      ).toEqual([]);
    } finally {
      cleanup();
    }
  });

  it('rejects a review date in the future', () => {
    const { dir, cleanup } = withValidUntil('2030-01-01');
    try {
      const messages = checkPolicies(dir, { today: '2020-01-01' }).issues.map(formatIssue);
      expect(messages.some((m) => m.includes('last_reviewed') && m.includes('is in the future'))).toBe(true);
    } finally {
      cleanup();
    }
  });
});
