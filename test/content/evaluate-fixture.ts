import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { evaluateAudit, type Answers, type AuditResult, type Catalogue, type Profile } from '@aup/domain';
import { loadFramework, resolvePoliciesDir } from '@aup/policies';
import { answersFixture } from '../fixtures/policies';

/** The real framework as shipped in policies/, not a fixture. */
export function shippedFramework(): Catalogue {
  return loadFramework(resolvePoliciesDir(), 'workplace-csam-readiness', '1.0.0');
}

export interface EvaluatedFixture {
  readonly profile: Profile;
  readonly answers: Answers;
  readonly result: AuditResult;
}

/** Scores one of the reference organisations in test/fixtures/answers/ok, optionally with a changed profile. */
export function evaluateFixture(
  name: string,
  changeProfile: (profile: Profile) => Profile = (p) => p,
): EvaluatedFixture {
  const doc = parse(readFileSync(answersFixture('ok', name), 'utf8')) as {
    framework: string;
    profile: Profile;
    answers: Answers;
  };
  expect(doc.framework).toBe('workplace-csam-readiness@1.0.0');
  const profile = changeProfile(doc.profile);
  return { profile, answers: doc.answers, result: evaluateAudit(shippedFramework(), profile, doc.answers) };
}
