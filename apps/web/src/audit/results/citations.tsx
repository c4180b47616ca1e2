import { Fragment } from 'react';
import { citationParts, type SourceMap, type SourceRef } from '@aup/domain/citations';

function SourceTitle({ source }: { source: SourceRef }) {
  return source.url ? (
    <a href={source.url} rel="noreferrer noopener" target="_blank">
      {source.title}
    </a>
  ) : (
    <>{source.title}</>
  );
}

/** A text that cites sources as `[id]`: each citation reads "id title (year)", the title linked to the source. */
export function CitedText({ text, sources }: { text: string; sources: SourceMap }) {
  return (
    <>
      {citationParts(text, sources).map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <Fragment key={i}>
            {part.id} <SourceTitle source={part} />
            {part.year ? ` (${part.year})` : ''}
          </Fragment>
        ),
      )}
    </>
  );
}

/** "Sources: title; title", each title linked when the source has an address; nothing when none is known. */
export function SourceList({ ids, sources }: { ids: readonly string[]; sources: SourceMap }) {
  const known = ids.flatMap((id) => (Object.prototype.hasOwnProperty.call(sources, id) ? [sources[id]] : []));
  if (!known.length) return null;
  return (
    <p className="muted">
      Sources:{' '}
      {known.map((s, i) => (
        <Fragment key={s.id}>
          {i ? '; ' : ''}
          <SourceTitle source={s} />
        </Fragment>
      ))}
    </p>
  );
}
