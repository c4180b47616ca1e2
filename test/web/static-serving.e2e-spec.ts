import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findWebDist } from '../../apps/api/src/web/web.module';
import { startTestApp, type TestApp } from '../support/app';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('web app served by the api', () => {
  let t: TestApp;
  let dist: string;
  beforeAll(async () => {
    const found = findWebDist();
    if (!found) throw new Error('Build the web app first: npm run build (the test command does)');
    dist = found;
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  const entryScript = () =>
    /src="(\/assets\/index-[^"]+\.js)"/.exec(readFileSync(join(dist, 'index.html'), 'utf8'))?.[1];

  it('serves index.html at / and for client-side routes a browser navigates to', async () => {
    for (const path of ['/', '/sign-in', '/organisations/00000000-0000-4000-8000-000000000000/audits?x=1']) {
      const res = await fetch(`${t.baseUrl}${path}`, { headers: { accept: HTML } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="root"></div>');
    }
  });

  it('keeps api and ops 404s as problem+json, even for a browser', async () => {
    for (const path of ['/api/v1/no-such-thing', '/api/nothing', '/metrics/nothing']) {
      const res = await fetch(`${t.baseUrl}${path}`, { headers: { accept: HTML } });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as { code: string }).code).toBe('ROUTE.NOT_FOUND');
    }
    const health = await fetch(`${t.baseUrl}/health`, { headers: { accept: HTML } });
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('answers a missing asset or a non-HTML request with a 404 problem, not the app', async () => {
    const asset = await fetch(`${t.baseUrl}/assets/missing-0000.js`, { headers: { accept: '*/*' } });
    expect(asset.status).toBe(404);
    expect(asset.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const json = await fetch(`${t.baseUrl}/sign-in`, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(404);
    const post = await fetch(`${t.baseUrl}/sign-in`, { method: 'POST', headers: { accept: HTML } });
    expect(post.status).toBe(404);
    expect(post.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('serves hashed assets cacheable for a year, compressed when the browser accepts it', async () => {
    const script = entryScript();
    expect(script).toBeDefined();
    const plain = await fetch(`${t.baseUrl}${script}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/javascript/);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const body = await plain.text();
    const br = await fetch(`${t.baseUrl}${script}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    // fetch decodes the body: the same script arrives either way.
    expect(await br.text()).toBe(body);
  });

  it('sends the strict content security policy with the page', async () => {
    const res = await fetch(`${t.baseUrl}/sign-in`, { headers: { accept: HTML } });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
