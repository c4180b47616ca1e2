import { startTestApp, type TestApp } from '../support/app';

describe('api: ops routes and error shape', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const problemOf = async (res: Response) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: res.status,
      type: expect.any(String),
      title: expect.any(String),
      code: expect.any(String),
    });
    return body;
  };

  it('serves liveness and readiness', async () => {
    const health = await fetch(`${t.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { database: { status: 'up' }, migrations: { status: 'up' } },
    });
  });

  it('serves the OpenAPI UI at /docs without a redirect and the document at /docs-json', async () => {
    const ui = await fetch(`${t.baseUrl}/docs`, { redirect: 'manual' });
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/text\/html/);
    const doc = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/ready']));
  });

  it('echoes a valid X-Request-Id and makes one up otherwise', async () => {
    const given = await fetch(`${t.baseUrl}/health`, { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const made = await fetch(`${t.baseUrl}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends security headers', async () => {
    const res = await fetch(`${t.baseUrl}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('answers an unknown route with problem+json ROUTE.NOT_FOUND', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/no-such-thing`);
    expect(res.status).toBe(404);
    const body = await problemOf(res);
    expect(body.code).toBe('ROUTE.NOT_FOUND');
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('answers malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/no-such-thing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(res.status).toBe(400);
    expect((await problemOf(res)).code).toBe('REQUEST.MALFORMED_JSON');
  });

  it('answers an oversize body with 413 REQUEST.BODY_TOO_LARGE', async () => {
    const body = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });
    const res = await fetch(`${t.baseUrl}/api/v1/no-such-thing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(413);
    expect((await problemOf(res)).code).toBe('REQUEST.BODY_TOO_LARGE');
  });

  describe('on a real route (errors raised before the handler keep their codes)', () => {
    const post = (body: string | undefined, type = 'application/json') =>
      fetch(`${t.baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': type }, body });

    it.each([
      ['malformed JSON', '{"email":', 400, 'REQUEST.MALFORMED_JSON'],
      ['an empty JSON body', undefined, 400, 'REQUEST.MALFORMED_JSON'],
      [
        'an oversize body',
        JSON.stringify({ email: 'a@example.org', password: 'x'.repeat(2 * 1024 * 1024) }),
        413,
        'REQUEST.BODY_TOO_LARGE',
      ],
    ])('%s', async (_name, body, status, code) => {
      const res = await post(body);
      expect(res.status).toBe(status);
      expect((await problemOf(res)).code).toBe(code);
    });

    it('an undecodable URL', async () => {
      const res = await fetch(`${t.baseUrl}/api/v1/organisations/%E0%A4%A`);
      expect(res.status).toBe(400);
      expect((await problemOf(res)).code).toBe('REQUEST.BAD_URL');
    });
  });
});
