/** Path prefixes the api owns: an unknown path under them is an api 404 (problem+json), never the web app. */
const API_AND_OPS = ['/api', '/docs', '/docs-json', '/health', '/ready', '/metrics'];

/**
 * Whether a request that matched no route and no built file should get the web app's index.html, so the
 * client-side router can render the page: a navigation (GET or HEAD that accepts HTML) to a path the api
 * does not own. Scripts, images and fetches of missing files get a plain 404 instead of HTML.
 */
export function wantsSpaFallback(method: string, url: string, accept: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  const path = url.split('?')[0].toLowerCase();
  if (API_AND_OPS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  // A file name with an extension (assets, favicon, source maps) that was not found is a real 404.
  if (/\.[a-z0-9]+$/.test(path)) return false;
  return (accept ?? '').split(',').some((part) => part.trim().toLowerCase().startsWith('text/html'));
}
