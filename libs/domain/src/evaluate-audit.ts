import type { Answers } from './answers';
import type { Catalogue } from './catalogue';
import { benchmarkPosition, type BenchmarkPosition } from './benchmark-position';
import { countryCoverage, coverageLabel, type CountryCoverage } from './country-coverage';
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
  /**
   * Every country of operation and how far the content covers it ("not covered: confirm locally with
   * counsel"). Absent in documents stored before it was added.
   */
  readonly coverage?: readonly CountryCoverage[];
  /** What the reader must keep in mind: not legal advice, counsel flags, source cautions, countries not covered. */
  readonly caveats?: readonly string[];
}

export const NOT_LEGAL_ADVICE =
  'Not legal advice. Statements about law are sourced and dated, and may have changed since they were last reviewed; have counsel confirm what applies to the organisation.';

/** The caveats that qualify a results document, in the order a reader needs them. */
export function resultCaveats(
  parts: Pick<AuditResult, 'obligations' | 'prevalence' | 'benchmarks'> & {
    coverage: readonly CountryCoverage[];
  },
): string[] {
  const out = [NOT_LEGAL_ADVICE];
  const counsel = parts.obligations.filter((o) => o.counselMustConfirm).map((o) => o.id);
  if (counsel.length)
    out.push(
      `Counsel must confirm ${counsel.length === 1 ? 'one obligation' : `${counsel.length} obligations`} before relying on ${counsel.length === 1 ? 'it' : 'them'}: ${counsel.join(', ')}.`,
    );
  const notYet = parts.obligations
    .filter((o) => o.legalStatus && o.legalStatus !== 'in_force' && o.legalStatus !== 'no_duty_found')
    .map((o) => `${o.id} (${o.legalStatus!.replace('_', ' ')})`);
  if (notYet.length) out.push(`Not law in force today: ${notYet.join(', ')}.`);
  const gaps = parts.coverage.filter((c) => c.status !== 'covered');
  if (gaps.length)
    out.push(
      `Countries whose law is not (fully) covered here, confirm locally with counsel: ${gaps.map(coverageLabel).join(', ')}.`,
    );
  // Only for figures the reader is shown: a benchmark without a comparable figure shows none.
  const shown = comparableBenchmarks(parts.benchmarks);
  const cautions = [parts.prevalence.caution, ...shown.map((b) => b.caution)].filter((c): c is string => !!c);
  for (const c of new Set(cautions)) out.push(c);
  return out;
}

/** The ids a results document cites, in document order. A benchmark without a comparable figure cites nothing. */
export function citedSourceIds(
  result: Pick<AuditResult, 'gaps' | 'obligations' | 'prevalence' | 'benchmarks'>,
): string[] {
  return [
    ...result.gaps.flatMap((g) => g.sourceIds),
    ...result.obligations.flatMap((o) => o.sourceIds),
    ...result.prevalence.sourceIds,
    ...comparableBenchmarks(result.benchmarks).flatMap((b) => b.sourceIds),
  ];
}

/** The benchmarks that give the organisation a figure: those whose surveyed population it belongs to. */
export function comparableBenchmarks<B extends { readonly status: string }>(benchmarks: readonly B[]): B[] {
  return benchmarks.filter((b) => b.status !== 'no_comparable');
}

export function evaluateAudit(catalogue: Catalogue, profile: Profile, answers: Answers): AuditResult {
  const score = scoreAudit(catalogue, profile, answers);
  const cited = {
    gaps: score.gaps,
    obligations: applicableObligations(catalogue, profile),
    prevalence: prevalenceFromResult(catalogue, profile, score),
    benchmarks: benchmarkPosition(score, catalogue.benchmarks, profile),
  };
  const coverage = countryCoverage(catalogue, profile);
  return {
    resultFormat: RESULT_FORMAT,
    ...score,
    ...cited,
    remediation: buildRemediationPlan(score, catalogue),
    sources: sourceMap(citedSourceIds(cited), catalogue.sources),
    coverage,
    caveats: resultCaveats({ ...cited, coverage }),
  };
}
