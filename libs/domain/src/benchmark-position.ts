import type { Benchmark } from './catalogue';
import type { ScoreResult } from './score-audit';

export type BenchmarkStatus = 'has' | 'lacks' | 'incomplete' | 'not_applicable';
export type BenchmarkStanding = 'ahead' | 'in_line' | 'behind';

export interface BenchmarkPosition {
  readonly benchmarkId: string;
  readonly label: string;
  readonly share: number;
  readonly population: string;
  readonly sources: readonly string[];
  readonly controls: readonly string[];
  readonly status: BenchmarkStatus;
  readonly standing: BenchmarkStanding | null;
  readonly text: string;
}

/**
 * Where the organisation stands against each survey baseline: it "has" a benchmarked practice when every
 * control the benchmark names passes. Ahead = has what fewer than half have; behind = lacks what at least
 * half have.
 */
export function benchmarkPosition(result: Pick<ScoreResult, 'controls'>, benchmarks: readonly Benchmark[]): BenchmarkPosition[] {
  const byId = new Map(result.controls.map((c) => [c.controlId, c]));
  return benchmarks.map((b) => {
    const controls = b.controls.map((id) => byId.get(id));
    const share = `${Math.round(b.share * 100)}%`;
    const base = { benchmarkId: b.id, label: b.label, share: b.share, population: b.population, sources: b.sources, controls: b.controls };
    if (controls.some((c) => !c || c.status === 'not_applicable' || c.status === 'not_shown' || c.status === 'all_na')) {
      return { ...base, status: 'not_applicable', standing: null, text: `${b.label}: ${share} of ${b.population}. Not applicable to this organisation.` };
    }
    if (controls.some((c) => !c!.complete)) {
      return { ...base, status: 'incomplete', standing: null, text: `${b.label}: ${share} of ${b.population}. Not all questions are answered yet.` };
    }
    const has = controls.every((c) => c!.passes);
    const standing: BenchmarkStanding = has ? (b.share < 0.5 ? 'ahead' : 'in_line') : b.share >= 0.5 ? 'behind' : 'in_line';
    const words = { ahead: 'ahead of most', in_line: 'in line with most', behind: 'behind most' }[standing];
    return { ...base, status: has ? 'has' : 'lacks', standing, text: `${b.label}: ${share} of ${b.population}. This organisation ${has ? 'does' : 'does not'}: ${words}.` };
  });
}
