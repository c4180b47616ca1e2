/** A one-time invitation token in the older accept route's path: `/invitations/<token>/accept`. */
const INVITATION_TOKEN_IN_PATH = /(\/invitations\/)[^/?#]+(\/accept)(?=$|[?#])/;

/** Masks one-time secrets that can travel in a URL path, so request logs never hold a usable link. */
export const redactUrlSecrets = (url: string): string => url.replace(INVITATION_TOKEN_IN_PATH, '$1[redacted]$2');

/**
 * pino-http request serializer: the standard one, with the URL masked. pino-http hands custom serializers
 * the standard serialized request, so only its `url` needs replacing.
 */
export function requestLogSerializer<T extends { url?: string }>(req: T): T {
  if (typeof req.url === 'string') req.url = redactUrlSecrets(req.url);
  return req;
}
