import { brotliCompress, constants, gzipSync } from 'node:zlib';

/** Results as sent: JSON text, its ETag, and the compressed forms made so far. */
export interface ResultsDocument {
  etag: string;
  json: string;
  gzip?: Buffer;
  /** Brotli at its best quality: about a fifth smaller than gzip, made in the background (see `encodeResults`). */
  br?: Buffer;
  /** How often the document was sent; a document read again is worth compressing harder. */
  reads: number;
  brotliPending?: boolean;
}

/** Reads after which a document gets its brotli form (a document read once, e.g. right after a save, never pays). */
const BROTLI_AFTER_READS = 2;

/**
 * The body and content encoding for one request. gzip is made on the first request that accepts it (a few
 * ms for the largest document). Brotli at quality 11 takes about 40 times as long, so it is made once per
 * document, off the event loop (the libuv thread pool), after the document has been read again; until it
 * is ready, gzip is sent.
 */
export function encodeResults(
  doc: ResultsDocument,
  acceptEncoding: string | undefined,
): { body: string | Buffer; encoding?: 'br' | 'gzip' } {
  doc.reads += 1;
  const accepts = acceptEncoding ?? '';
  const br = /\bbr\b/.test(accepts);
  if (br && doc.br) return { body: doc.br, encoding: 'br' };
  if (br && doc.reads >= BROTLI_AFTER_READS && !doc.brotliPending) {
    doc.brotliPending = true;
    const json = Buffer.from(doc.json);
    brotliCompress(
      json,
      {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: json.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      },
      (err, out) => {
        // On failure gzip stays in use; the document is not retried.
        if (!err) doc.br = out;
      },
    );
  }
  if (/\bgzip\b/.test(accepts)) return { body: (doc.gzip ??= gzipSync(doc.json)), encoding: 'gzip' };
  return { body: doc.json };
}
