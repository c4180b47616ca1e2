import { checkPolicies, formatIssue } from '@aup/policies';
import { expectedMessages, materialiseNotOk, notOkPolicyCases } from '../../../test/fixtures/policies';

describe('checkPolicies on broken content (test/fixtures/policies/not-ok)', () => {
  it.each(notOkPolicyCases())('%s fails with the expected message', (name) => {
    const { dir, cleanup } = materialiseNotOk(name);
    try {
      const output = checkPolicies(dir).issues.map(formatIssue);
      expect(output.length).toBeGreaterThan(0);
      for (const expected of expectedMessages(name)) expect(output).toContainEqual(expected);
    } finally {
      cleanup();
    }
  });
});
