import type { Answers } from './answers';
import type { Catalogue } from './catalogue';
import { benchmarkPosition, type BenchmarkPosition } from './benchmark-position';
import { applicableObligations, type ApplicableObligation } from './obligations';
import { prevalenceFromResult, type PrevalenceEstimate } from './prevalence';
import type { Profile } from './profile';
import { buildRemediationPlan, type RemediationPlan } from './remediation-plan';
import { sourceMap, type SourceMap } from './result-sources';
import { scoreAudit, type ScoreResult } from './score-audit';

/**
 * The shape of the results document; bump when it changes and teach `upgradeAuditResult` the old shape,
 * because submitted audits keep their snapshot as it was stored.
 * 1 (no `resultFormat` field): every gap, remediation item and obligation carried full source objects,
 * gaps repeated their control's answers, remediation items their gaps' reasons.
 * 2: sources once in `sources`, cited by id; gaps and remediation items refer to controls and gaps.
 */
export const RESULT_FORMAT = 2;

/** Everything the api stores at submit time: plain JSON, reproducible from (catalogue, profile, answers). */
export interface AuditResult extends ScoreResult {
  readonly resultFormat: typeof RESULT_FORMAT;
  readonly obligations: readonly ApplicableObligation[];
  readonly prevalence: PrevalenceEstimate;
  readonly benchmarks: readonly BenchmarkPosition[];
  readonly remediation: RemediationPlan;
  /** Every source cited anywhere in the document (`sourceIds`, `[id]` in reasons), by id. */
  readonly sources: SourceMap;
}

/** The ids a results document cites, in document order. */
export function citedSourceIds(result: Pick<AuditResult, 'gaps' | 'obligations' | 'prevalence' | 'benchmarks'>): string[] {
  return [
    ...result.gaps.flatMap((g) => g.sourceIds),
    ...result.obligations.flatMap((o) => o.sourceIds),
    ...result.prevalence.sourceIds,
    ...result.benchmarks.flatMap((b) => b.sourceIds),
  ];
}

export function evaluateAudit(catalogue: Catalogue, profile: Profile, answers: Answers): AuditResult {
  const score = scoreAudit(catalogue, profile, answers);
  const cited = {
    gaps: score.gaps,
    obligations: applicableObligations(catalogue, profile),
    prevalence: prevalenceFromResult(catalogue, profile, score),
    benchmarks: benchmarkPosition(score, catalogue.benchmarks, profile),
  };
  return {
    resultFormat: RESULT_FORMAT,
    ...score,
    ...cited,
    remediation: buildRemediationPlan(score, catalogue),
    sources: sourceMap(citedSourceIds(cited), catalogue.sources),
  };
}
