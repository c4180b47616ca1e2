/** A one-time invitation token in the older accept route's path: `/invitations/<token>/accept`. */
const INVITATION_TOKEN_IN_PATH = /(\/invitations\/)[^/?#]+(\/accept)(?=$|[?#])/;

/** Masks one-time secrets that can travel in a URL path, so request logs never hold a usable link. */
export const redactUrlSecrets = (url: string): string =>
  url.replace(INVITATION_TOKEN_IN_PATH, '$1[redacted]$2');

/** What a request log line says about the request. */
export interface RequestLogEntry {
  id?: unknown;
  method?: string;
  url?: string;
  remoteAddress?: string;
}

/**
 * pino-http request serializer: the request id, method, URL (masked) and client address, no headers.
 * pino-http serializes the request into every request's child logger, whether or not a line is written,
 * so copying, redacting and stringifying every header cost each request more than the rest of the
 * logging; headers carry credentials (cookies, bearer tokens) that would need redacting anyway.
 */
export function requestLogSerializer(req: RequestLogEntry): RequestLogEntry {
  return {
    id: req.id,
    method: req.method,
    url: typeof req.url === 'string' ? redactUrlSecrets(req.url) : req.url,
    remoteAddress: req.remoteAddress,
  };
}
