import type { Benchmark } from './catalogue';
import { evaluateCondition } from './conditions';
import { conditionData, type Profile } from './profile';
import type { ScoreResult } from './score-audit';

export type BenchmarkStatus = 'has' | 'lacks' | 'incomplete' | 'not_applicable' | 'no_comparable';
export type BenchmarkStanding = 'ahead' | 'in_line' | 'behind';

export interface BenchmarkPosition {
  readonly benchmarkId: string;
  readonly label: string;
  readonly share: number;
  readonly population: string;
  readonly survey?: string;
  readonly year?: number;
  readonly caution?: string;
  /** Keys of the results' `sources` map. */
  readonly sourceIds: readonly string[];
  readonly controls: readonly string[];
  readonly status: BenchmarkStatus;
  readonly standing: BenchmarkStanding | null;
  readonly text: string;
}

/** "100 US businesses with more than 5,000 employees (NetClean Report 2019, business survey)". */
function whereFrom(b: Benchmark): string {
  const survey = b.survey ?? '';
  const year = b.year !== undefined && !survey.includes(String(b.year)) ? String(b.year) : '';
  const from = [survey, year].filter(Boolean).join(', ');
  return from ? `${b.population} (${from})` : b.population;
}

/**
 * Where the organisation stands against each survey baseline, compared like with like: only an
 * organisation that matches the surveyed population (`comparableIf`) is compared; otherwise the position
 * says that no comparable figure exists and gives none. The organisation "has" a practice by the survey's
 * own test (`answerMeasure`, one answer) or, without one, when every control the benchmark names passes.
 * A benchmark about a fact ("have found CSAM") is read from the profile. Every text names the survey, its
 * year and its population, and carries the source's caution.
 */
export function benchmarkPosition(
  result: Pick<ScoreResult, 'controls'>,
  benchmarks: readonly Benchmark[],
  profile: Profile = {},
): BenchmarkPosition[] {
  const byId = new Map(result.controls.map((c) => [c.controlId, c]));
  const data = conditionData(profile);
  return benchmarks.map((b) => {
    const share = `${Math.round(b.share * 100)}%`;
    const base = {
      benchmarkId: b.id,
      label: b.label,
      share: b.share,
      population: b.population,
      ...(b.survey !== undefined ? { survey: b.survey } : {}),
      ...(b.year !== undefined ? { year: b.year } : {}),
      ...(b.caution !== undefined ? { caution: b.caution } : {}),
      sourceIds: b.sources,
      controls: b.controls,
    };
    const figure = `${b.label}: ${share} of ${whereFrom(b)}.${b.caution ? ` ${b.caution}` : ''}`;
    const out = (status: BenchmarkStatus, text: string): BenchmarkPosition => ({
      ...base,
      status,
      standing: null,
      text,
    });
    if (b.comparableIf !== undefined && !evaluateCondition(b.comparableIf, data)) {
      return out(
        'no_comparable',
        `${b.label}: no comparable survey figure for this organisation; the only survey${b.survey ? ` (${b.survey})` : ''} covered ${b.population}.`,
      );
    }
    if (b.profileMeasure) {
      const value = (profile as Record<string, unknown>)[b.profileMeasure.field];
      if (value === undefined || value === null)
        return out('incomplete', `${figure} The organisation profile does not say yet.`);
      return position(
        b,
        base,
        figure,
        !b.profileMeasure.hasItUnless.includes(value as string | number | boolean),
      );
    }
    const controls = b.controls.map((id) => byId.get(id));
    if (b.answerMeasure) {
      const { questionId, hasItIf } = b.answerMeasure;
      const control = byId.get(questionId.replace(/-Q\d+$/, ''));
      const q = control?.questions.find((x) => x.questionId === questionId);
      if (
        !control ||
        control.status === 'not_applicable' ||
        control.status === 'not_shown' ||
        !q ||
        q.status === 'na'
      )
        return out('not_applicable', `${figure} Not applicable to this organisation.`);
      if (q.status === 'unanswered' || q.status === 'unknown' || q.status === 'invalid')
        return out('incomplete', `${figure} The question this is read from is not answered yet.`);
      const values = Array.isArray(q.value) ? (q.value as readonly string[]) : [String(q.value)];
      return position(
        b,
        base,
        figure,
        values.some((v) => hasItIf.includes(v)),
      );
    }
    if (
      controls.some(
        (c) => !c || c.status === 'not_applicable' || c.status === 'not_shown' || c.status === 'all_na',
      )
    )
      return out('not_applicable', `${figure} Not applicable to this organisation.`);
    if (controls.some((c) => !c!.complete))
      return out('incomplete', `${figure} Not all questions are answered yet.`);
    return position(
      b,
      base,
      figure,
      controls.every((c) => c!.passes),
    );
  });
}

function position(
  b: Benchmark,
  base: Omit<BenchmarkPosition, 'status' | 'standing' | 'text'>,
  figure: string,
  has: boolean,
): BenchmarkPosition {
  const standing: BenchmarkStanding = has
    ? b.share < 0.5
      ? 'ahead'
      : 'in_line'
    : b.share >= 0.5
      ? 'behind'
      : 'in_line';
  const words = {
    ahead: 'ahead of most of them',
    in_line: 'in line with most of them',
    behind: 'behind most of them',
  }[standing];
  return {
    ...base,
    status: has ? 'has' : 'lacks',
    standing,
    text: `${figure} By the survey's own test this organisation ${has ? 'does' : 'does not'}: ${words}.`,
  };
}
