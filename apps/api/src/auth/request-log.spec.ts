import { redactUrlSecrets, requestLogSerializer } from './request-log';

describe('request log redaction', () => {
  it('masks the invitation token of the older accept route', () => {
    expect(redactUrlSecrets('/api/v1/invitations/aW52aXRhdGlvbi10b2tlbi1leGFtcGxl/accept')).toBe(
      '/api/v1/invitations/[redacted]/accept',
    );
    expect(redactUrlSecrets('/api/v1/invitations/abc-_123/accept?x=1')).toBe(
      '/api/v1/invitations/[redacted]/accept?x=1',
    );
  });

  it('leaves every other URL as it is', () => {
    for (const url of [
      '/api/v1/invitations/accept',
      '/api/v1/organisations/6f1d3c7a/invitations/3c9b',
      '/api/v1/invitations/abc/accepted',
      '/health',
    ]) {
      expect(redactUrlSecrets(url)).toBe(url);
    }
  });

  it('keeps the id, method, masked url and client address, and no headers', () => {
    const req = {
      id: 'r1',
      method: 'POST',
      url: '/api/v1/invitations/secret-token-value/accept',
      remoteAddress: '127.0.0.1',
      headers: { host: 'x', authorization: 'Bearer secret', cookie: 'aup_session=secret' },
    };
    const logged = requestLogSerializer(req);
    expect(logged).toEqual({
      id: 'r1',
      method: 'POST',
      url: '/api/v1/invitations/[redacted]/accept',
      remoteAddress: '127.0.0.1',
    });
    expect(JSON.stringify(logged)).not.toContain('secret');
  });
});
