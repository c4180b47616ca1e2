import { HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ProblemException } from './problem';

/** Versions as HTTP entity tags: every versioned record's ETag, and the If-Match a write must send. */

/**
 * Parses an If-Match header holding a version ETag (`"3"`, also `W/"3"` or a bare `3`). Undefined when
 * absent; `*` and lists are refused because a write must name the version it was based on.
 */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const raw = Array.isArray(header) ? header.join(',') : header;
  const match = /^\s*(?:W\/)?"?([1-9]\d{0,8})"?\s*$/.exec(raw);
  if (!match) {
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'REQUEST.INVALID_IF_MATCH',
      'Invalid If-Match',
      'Send If-Match with the version you read, as the ETag gave it (e.g. "3").',
    );
  }
  return Number(match[1]);
}

export const etag = (version: number) => `"${version}"`;

/** Sets the version's ETag on the reply (none for a record not stored yet, version 0) and returns the view. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, view: T): T {
  if (view.version > 0) void reply.header('etag', etag(view.version));
  return view;
}
