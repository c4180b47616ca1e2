import type { Source } from './catalogue';
import type { RemediationItemPlan } from './remediation-plan';
import { citedSourceIds, RESULT_FORMAT, type AuditResult } from './evaluate-audit';
import {
  resolveCitations,
  sourceRef,
  sourcesSentence,
  type SourceMap,
  type SourceRef,
} from './result-sources';

/** Format 1 parts that format 2 replaced (see RESULT_FORMAT). */
interface Format1 {
  readonly resultFormat?: undefined;
  readonly gaps: readonly {
    readonly reason: string;
    readonly answers?: unknown;
    readonly sources: readonly SourceRef[];
  }[];
  readonly obligations: readonly { readonly sources: readonly SourceRef[] }[];
  readonly prevalence: { readonly sources: readonly string[] };
  readonly benchmarks: readonly { readonly sources: readonly string[] }[];
  readonly remediation: {
    readonly items: readonly (RemediationItemPlan & {
      readonly reasons?: unknown;
      readonly sources?: unknown;
    })[];
  };
}

export class UnknownResultFormatError extends Error {
  constructor(readonly format: unknown) {
    super(
      `results document format ${String(format)} is not known (this version reads up to ${RESULT_FORMAT})`,
    );
  }
}

/**
 * A stored results document in the current format. Pure: the stored document is not changed, and the same
 * document always upgrades to the same result. Format 1 embedded the source objects it cited; ids cited only
 * by benchmarks and the prevalence estimate (which had no titles then) are looked up in `catalogueSources`,
 * the sources of the catalogue the document was computed from, when given.
 */
export function upgradeAuditResult(stored: unknown, catalogueSources: readonly Source[] = []): AuditResult {
  const doc = stored as { resultFormat?: unknown };
  if (doc.resultFormat === RESULT_FORMAT) return stored as AuditResult;
  if (doc.resultFormat !== undefined) throw new UnknownResultFormatError(doc.resultFormat);
  const v1 = stored as Format1 & Omit<AuditResult, keyof Format1 | 'sources'>;
  const embedded = new Map<string, SourceRef>();
  for (const s of [...v1.gaps.flatMap((g) => g.sources), ...v1.obligations.flatMap((o) => o.sources)])
    if (!embedded.has(s.id)) embedded.set(s.id, s);
  const ids = (sources: readonly SourceRef[]) => sources.map((s) => s.id);

  const { gaps, obligations, prevalence, benchmarks, remediation, ...rest } = v1;
  const upgraded = {
    gaps: gaps.map(({ answers: _answers, sources, reason, ...gap }) => {
      // The reason closed with "Sources: <id> <title> (<year>); ...": cite by id as format 2 does.
      const old = ` ${resolveCitations(sourcesSentence(ids(sources)), Object.fromEntries(sources.map((s) => [s.id, s])))}`;
      const cited = reason.endsWith(old)
        ? `${reason.slice(0, -old.length)} ${sourcesSentence(ids(sources))}`
        : reason;
      return { ...gap, reason: cited, sourceIds: ids(sources) };
    }),
    obligations: obligations.map(({ sources, ...o }) => ({ ...o, sourceIds: ids(sources) })),
    prevalence: (({ sources, ...p }) => ({ ...p, sourceIds: sources }))(prevalence),
    benchmarks: benchmarks.map(({ sources, ...b }) => ({ ...b, sourceIds: sources })),
  } as unknown as Pick<AuditResult, 'gaps' | 'obligations' | 'prevalence' | 'benchmarks'>;

  const catalogue = new Map(catalogueSources.map((s) => [s.id, s]));
  const sources: Record<string, SourceRef> = {};
  for (const id of citedSourceIds(upgraded)) {
    const known = catalogue.get(id);
    const found = sources[id] ?? embedded.get(id) ?? (known && sourceRef(known));
    if (found) sources[id] = found;
  }
  return {
    resultFormat: RESULT_FORMAT,
    ...rest,
    ...upgraded,
    remediation: {
      ...remediation,
      items: remediation.items.map(({ reasons: _reasons, sources: _sources, ...item }) => item),
    },
    sources: sources as SourceMap,
  } as AuditResult;
}
