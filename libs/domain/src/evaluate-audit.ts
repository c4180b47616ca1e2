import type { Answers } from './answers';
import type { Catalogue } from './catalogue';
import { benchmarkPosition, type BenchmarkPosition } from './benchmark-position';
import { applicableObligations, type ApplicableObligation } from './obligations';
import { prevalenceFromResult, type PrevalenceEstimate } from './prevalence';
import type { Profile } from './profile';
import { buildRemediationPlan, type RemediationPlan } from './remediation-plan';
import { scoreAudit, type ScoreResult } from './score-audit';

/** Everything the api stores at submit time: plain JSON, reproducible from (catalogue, profile, answers). */
export interface AuditResult extends ScoreResult {
  readonly obligations: readonly ApplicableObligation[];
  readonly prevalence: PrevalenceEstimate;
  readonly benchmarks: readonly BenchmarkPosition[];
  readonly remediation: RemediationPlan;
}

export function evaluateAudit(catalogue: Catalogue, profile: Profile, answers: Answers): AuditResult {
  const score = scoreAudit(catalogue, profile, answers);
  return {
    ...score,
    obligations: applicableObligations(catalogue, profile),
    prevalence: prevalenceFromResult(catalogue, profile, score),
    benchmarks: benchmarkPosition(score, catalogue.benchmarks, profile),
    remediation: buildRemediationPlan(score, catalogue),
  };
}
