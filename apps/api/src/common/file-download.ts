import type { FastifyReply } from 'fastify';

/** A stored file as a download answers it: its SHA-256 (hex), name and media type. */
export interface StoredFile {
  sha256: string;
  fileName: string;
  contentType: string;
}

const etagOf = (sha256: string) => `"${sha256}"`;

/** Whether an If-None-Match header names the file with this SHA-256 (weak or strong, one of a list). */
export function namesStoredFile(ifNoneMatch: string | undefined, sha256: string): boolean {
  return Boolean(ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etagOf(sha256)));
}

/**
 * Answers a download of a stored file (a report, a policy document): its ETag always; with no bytes (the
 * caller's copy is this file) 304; otherwise the file with Content-Disposition (an ASCII fallback name and
 * the UTF-8 one), Content-Length and Repr-Digest (RFC 9530, sha-256 in base64).
 */
export function sendStoredFile(reply: FastifyReply, file: StoredFile, bytes: Buffer | undefined): void {
  void reply.header('etag', etagOf(file.sha256)).header('cache-control', 'private, no-cache');
  if (!bytes) {
    void reply.status(304).send();
    return;
  }
  void reply
    .status(200)
    .header('content-type', file.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .header('content-length', String(bytes.length))
    .header('repr-digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
    .header('x-content-type-options', 'nosniff')
    .send(bytes);
}
