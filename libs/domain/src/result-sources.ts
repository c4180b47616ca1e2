import type { Source } from './catalogue';
import type { CatalogueIndex } from './catalogue-index';

/** A source as the results document carries it: once, in the top-level `sources` map. */
export interface SourceRef {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly publisher?: string;
  readonly year?: number;
  readonly url?: string;
}

/** Every source the results cite, by id; everything else cites them by id (`sourceIds`, `[id]` in texts). */
export type SourceMap = Readonly<Record<string, SourceRef>>;

export function sourceRef(s: Source): SourceRef {
  const ref: { -readonly [K in keyof SourceRef]: SourceRef[K] } = {
    id: s.id,
    title: s.title,
    status: s.status,
  };
  if (s.publisher) ref.publisher = s.publisher;
  if (s.year) ref.year = s.year;
  if (s.url) ref.url = s.url;
  return ref;
}

/** The ids the catalogue knows, in the order given, without repeats. */
export function knownSourceIds(ids: readonly string[], index: Pick<CatalogueIndex, 'sources'>): string[] {
  return [...new Set(ids)].filter((id) => index.sources.has(id));
}

/** The map of the cited sources, in catalogue order (so equal citations give an equal document). */
export function sourceMap(cited: Iterable<string>, sources: readonly Source[]): SourceMap {
  const wanted = new Set(cited);
  const map: Record<string, SourceRef> = {};
  for (const s of sources) if (wanted.has(s.id)) map[s.id] = sourceRef(s);
  return map;
}

/** How a text cites a source: its id in square brackets, resolved for people by `resolveCitations`. */
export const cite = (id: string) => `[${id}]`;

/** The closing sentence of a gap's reason, citing its sources by id. */
export const sourcesSentence = (ids: readonly string[]) => `Sources: ${ids.map(cite).join('; ')}.`;

/** What a cited source reads as: "id title (year)", as the reasons read before sources moved to the map. */
export const citationText = (s: SourceRef) => `${s.id} ${s.title}${s.year ? ` (${s.year})` : ''}`;

const CITATION = /\[([A-Za-z0-9][A-Za-z0-9._-]*)\]/g;

/** A text split into plain parts and the sources it cites (only ids found in the map count as citations). */
export function citationParts(text: string, sources: SourceMap): (string | SourceRef)[] {
  const parts: (string | SourceRef)[] = [];
  let last = 0;
  for (const m of text.matchAll(CITATION)) {
    const source = Object.prototype.hasOwnProperty.call(sources, m[1]) ? sources[m[1]] : undefined;
    if (!source) continue;
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(source);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** A text with every `[id]` citation replaced by the source's id, title and year. */
export function resolveCitations(text: string, sources: SourceMap): string {
  return citationParts(text, sources)
    .map((p) => (typeof p === 'string' ? p : citationText(p)))
    .join('');
}
