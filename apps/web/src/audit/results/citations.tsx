import { Fragment } from 'react';
import { citationParts, type SourceMap, type SourceRef } from '@aup/domain/citations';

const anchor = (id: string) => `source-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** A citation by id, linked to the source's one entry in the page's source list. */
function Cite({ source }: { source: SourceRef }) {
  return (
    <a href={`#${anchor(source.id)}`} className="cite" aria-label={`Source ${source.id}: ${source.title}`}>
      [{source.id}]
    </a>
  );
}

/** A text that cites sources as `[id]`: each citation links to the source in the list at the end of the page. */
export function CitedText({ text, sources }: { text: string; sources: SourceMap }) {
  return (
    <>
      {citationParts(text, sources).map((part, i) =>
        typeof part === 'string' ? part : <Cite key={i} source={part} />,
      )}
    </>
  );
}

/** "Sources: [id] [id]", each linked to the list; nothing when none is known. */
export function SourceIds({
  ids,
  sources,
  inline,
}: {
  ids: readonly string[];
  sources: SourceMap;
  inline?: boolean;
}) {
  const known = ids.flatMap((id) => (Object.prototype.hasOwnProperty.call(sources, id) ? [sources[id]] : []));
  if (!known.length) return null;
  const body = (
    <>
      Sources:{' '}
      {known.map((s, i) => (
        <Fragment key={s.id}>
          {i ? ' ' : ''}
          <Cite source={s} />
        </Fragment>
      ))}
    </>
  );
  return inline ? <span className="muted">{body}</span> : <p className="muted">{body}</p>;
}

/** Every source the results cite, once, by id: title, publisher, year, and a link when it has an address. */
export function SourcesSection({ sources }: { sources: SourceMap }) {
  const list = Object.values(sources);
  if (!list.length) return null;
  return (
    <section className="card" aria-labelledby="sources">
      <h2 id="sources">Sources</h2>
      <details className="disclosure">
        <summary>{list.length} sources cited on this page</summary>
        <ol className="sources">
          {list.map((s) => (
            <li key={s.id} id={anchor(s.id)}>
              <span className="source-id">[{s.id}]</span>{' '}
              {s.url ? (
                <a href={s.url} rel="noreferrer noopener" target="_blank">
                  {s.title}
                </a>
              ) : (
                s.title
              )}
              {s.publisher ? `, ${s.publisher}` : ''}
              {s.year ? ` (${s.year})` : ''}
              {s.status !== 'verified' ? (
                <span className="muted"> · {s.status.replace('_', ' ')}</span>
              ) : null}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
