import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import helmet from 'helmet';
import { HELMET_OPTIONS, securityHeaders } from './security-headers';

describe('security headers computed once', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // Helmet's middleware on a real response, per request: what the computed set must equal.
    const perRequest = helmet({ ...HELMET_OPTIONS });
    server = createServer((req, res) => perRequest(req, res, () => res.end()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('equals what helmet sets on a real response', async () => {
    const res = await fetch(url);
    const fromHelmet: Record<string, string> = {};
    const transport = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
    res.headers.forEach((value, name) => {
      if (!transport.has(name)) fromHelmet[name] = value;
    });
    expect(securityHeaders()).toEqual(fromHelmet);
  });

  it('keeps the strict policy', () => {
    const headers = securityHeaders();
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  });

  it('refuses options helmet rejects instead of sending no headers', () => {
    expect(() =>
      securityHeaders({
        contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], scriptSrc: ['self'] } },
      }),
    ).toThrow();
  });
});
