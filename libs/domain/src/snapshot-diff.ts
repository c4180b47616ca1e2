import { canonicalJson } from './canonical-json';
import type { Answers } from './answers';

/** What a diff reads of a stored snapshot: its scores and the answers it was computed from. */
export interface DiffableSnapshot {
  readonly result: {
    readonly overall: number | null;
    readonly rating: string;
    readonly answeredPct: number;
    readonly domains: readonly {
      readonly domainId: string;
      readonly title: string;
      readonly score: number | null;
    }[];
    readonly gaps: readonly {
      readonly controlId: string;
      readonly title: string;
      readonly priority: string;
    }[];
  };
  readonly answers: Answers;
}

export interface Change<T> {
  readonly from: T;
  readonly to: T;
}

export interface SnapshotDiff {
  readonly overall: Change<number | null>;
  readonly rating: Change<string>;
  readonly answeredPct: Change<number>;
  /** Domains whose score changed. */
  readonly domains: readonly (Change<number | null> & {
    readonly domainId: string;
    readonly title: string;
  })[];
  /** Gaps present in `to` only, and in `from` only. */
  readonly gapsOpened: readonly {
    readonly controlId: string;
    readonly title: string;
    readonly priority: string;
  }[];
  readonly gapsClosed: readonly {
    readonly controlId: string;
    readonly title: string;
    readonly priority: string;
  }[];
  /** Answers that differ (value or justification), in question-id order; null: no answer. */
  readonly answers: readonly (Change<Answers[string] | null> & { readonly questionId: string })[];
}

/** The differences between two submissions of one audit, scores first, then answers. */
export function diffSnapshots(from: DiffableSnapshot, to: DiffableSnapshot): SnapshotDiff {
  const fromDomains = new Map(from.result.domains.map((d) => [d.domainId, d]));
  const domains = to.result.domains.flatMap((d) => {
    const before = fromDomains.get(d.domainId)?.score ?? null;
    return before === d.score ? [] : [{ domainId: d.domainId, title: d.title, from: before, to: d.score }];
  });
  const gapIds = (s: DiffableSnapshot) => new Set(s.result.gaps.map((g) => g.controlId));
  const [fromGaps, toGaps] = [gapIds(from), gapIds(to)];
  const ids = [...new Set([...Object.keys(from.answers), ...Object.keys(to.answers)])].sort();
  const answers = ids.flatMap((questionId) => {
    const [a, b] = [from.answers[questionId] ?? null, to.answers[questionId] ?? null];
    return canonicalJson(a) === canonicalJson(b) ? [] : [{ questionId, from: a, to: b }];
  });
  const pick = (g: { controlId: string; title: string; priority: string }) => ({
    controlId: g.controlId,
    title: g.title,
    priority: g.priority,
  });
  return {
    overall: { from: from.result.overall, to: to.result.overall },
    rating: { from: from.result.rating, to: to.result.rating },
    answeredPct: { from: from.result.answeredPct, to: to.result.answeredPct },
    domains,
    gapsOpened: to.result.gaps.filter((g) => !fromGaps.has(g.controlId)).map(pick),
    gapsClosed: from.result.gaps.filter((g) => !toGaps.has(g.controlId)).map(pick),
    answers,
  };
}
