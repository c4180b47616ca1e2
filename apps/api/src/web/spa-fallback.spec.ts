import { wantsSpaFallback } from './spa-fallback';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('wantsSpaFallback', () => {
  it.each(['/', '/sign-in', '/organisations/abc/audits/def', '/admin/members?tab=invites'])(
    'serves the app for a browser navigation to %s',
    (url) => {
      expect(wantsSpaFallback('GET', url, HTML)).toBe(true);
      expect(wantsSpaFallback('HEAD', url, HTML)).toBe(true);
    },
  );

  it.each([
    '/api',
    '/api/v1/nothing',
    '/API/v1/me',
    '/docs',
    '/docs/extra',
    '/docs-json',
    '/health',
    '/ready',
    '/metrics',
    '/metrics/x',
  ])('leaves api and ops path %s to the api 404', (url) =>
    expect(wantsSpaFallback('GET', url, HTML)).toBe(false),
  );

  it('never answers a fetch, a script or a missing file with HTML', () => {
    expect(wantsSpaFallback('GET', '/sign-in', 'application/json')).toBe(false);
    expect(wantsSpaFallback('GET', '/sign-in', '*/*')).toBe(false);
    expect(wantsSpaFallback('GET', '/sign-in', undefined)).toBe(false);
    expect(wantsSpaFallback('GET', '/assets/missing-abc123.js', HTML)).toBe(false);
    expect(wantsSpaFallback('GET', '/favicon.ico', HTML)).toBe(false);
  });

  it('only for reads', () => {
    expect(wantsSpaFallback('POST', '/sign-in', HTML)).toBe(false);
    expect(wantsSpaFallback('DELETE', '/', HTML)).toBe(false);
  });

  it('does not treat a path that merely starts like an api path as one', () => {
    expect(wantsSpaFallback('GET', '/apiary', HTML)).toBe(true);
    expect(wantsSpaFallback('GET', '/healthy-habits', HTML)).toBe(true);
  });
});
