import type { Benchmark } from './catalogue';
import type { Profile } from './profile';
import type { ScoreResult } from './score-audit';

export type BenchmarkStatus = 'has' | 'lacks' | 'incomplete' | 'not_applicable';
export type BenchmarkStanding = 'ahead' | 'in_line' | 'behind';

export interface BenchmarkPosition {
  readonly benchmarkId: string;
  readonly label: string;
  readonly share: number;
  readonly population: string;
  /** Keys of the results' `sources` map. */
  readonly sourceIds: readonly string[];
  readonly controls: readonly string[];
  readonly status: BenchmarkStatus;
  readonly standing: BenchmarkStanding | null;
  readonly text: string;
}

/**
 * Where the organisation stands against each survey baseline: it "has" a benchmarked practice when every
 * control the benchmark names passes. Ahead = has what fewer than half have; behind = lacks what at least
 * half have. A benchmark about a fact rather than a practice ("have found CSAM") is read from the profile.
 */
export function benchmarkPosition(
  result: Pick<ScoreResult, 'controls'>,
  benchmarks: readonly Benchmark[],
  profile: Profile = {},
): BenchmarkPosition[] {
  const byId = new Map(result.controls.map((c) => [c.controlId, c]));
  return benchmarks.map((b) => {
    const controls = b.controls.map((id) => byId.get(id));
    const share = `${Math.round(b.share * 100)}%`;
    const base = { benchmarkId: b.id, label: b.label, share: b.share, population: b.population, sourceIds: b.sources, controls: b.controls };
    if (b.profileMeasure) {
      const value = (profile as Record<string, unknown>)[b.profileMeasure.field];
      if (value === undefined || value === null) {
        return { ...base, status: 'incomplete', standing: null, text: `${b.label}: ${share} of ${b.population}. The organisation profile does not say yet.` };
      }
      return position(b, base, share, !b.profileMeasure.hasItUnless.includes(value as string | number | boolean));
    }
    if (controls.some((c) => !c || c.status === 'not_applicable' || c.status === 'not_shown' || c.status === 'all_na')) {
      return { ...base, status: 'not_applicable', standing: null, text: `${b.label}: ${share} of ${b.population}. Not applicable to this organisation.` };
    }
    if (controls.some((c) => !c!.complete)) {
      return { ...base, status: 'incomplete', standing: null, text: `${b.label}: ${share} of ${b.population}. Not all questions are answered yet.` };
    }
    return position(b, base, share, controls.every((c) => c!.passes));
  });
}

function position(
  b: Benchmark,
  base: Omit<BenchmarkPosition, 'status' | 'standing' | 'text'>,
  share: string,
  has: boolean,
): BenchmarkPosition {
  const standing: BenchmarkStanding = has ? (b.share < 0.5 ? 'ahead' : 'in_line') : b.share >= 0.5 ? 'behind' : 'in_line';
  const words = { ahead: 'ahead of most', in_line: 'in line with most', behind: 'behind most' }[standing];
  return { ...base, status: has ? 'has' : 'lacks', standing, text: `${b.label}: ${share} of ${b.population}. This organisation ${has ? 'does' : 'does not'}: ${words}.` };
}
