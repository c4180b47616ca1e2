import { redactUrlSecrets, requestLogSerializer } from './request-log';

describe('request log redaction', () => {
  it('masks the invitation token of the older accept route', () => {
    expect(redactUrlSecrets('/api/v1/invitations/aW52aXRhdGlvbi10b2tlbi1leGFtcGxl/accept')).toBe('/api/v1/invitations/[redacted]/accept');
    expect(redactUrlSecrets('/api/v1/invitations/abc-_123/accept?x=1')).toBe('/api/v1/invitations/[redacted]/accept?x=1');
  });

  it('leaves every other URL as it is', () => {
    for (const url of ['/api/v1/invitations/accept', '/api/v1/organisations/6f1d3c7a/invitations/3c9b', '/api/v1/invitations/abc/accepted', '/health']) {
      expect(redactUrlSecrets(url)).toBe(url);
    }
  });

  it('rewrites the url of a serialized request and keeps the rest', () => {
    const req = { id: 'r1', method: 'POST', url: '/api/v1/invitations/secret-token-value/accept', headers: { host: 'x' } };
    expect(requestLogSerializer(req)).toEqual({ ...req, url: '/api/v1/invitations/[redacted]/accept' });
  });
});
