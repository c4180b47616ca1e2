import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { postWebhook, WebhookAddressRefused } from './webhook-post';

describe('postWebhook: only to addresses the installation allows, checked when connecting', () => {
  let server: Server;
  let hits = 0;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    hits = 0;
  });

  const strict = { allowLoopback: false, allowPrivateNetworks: true };
  const dev = { allowLoopback: true, allowPrivateNetworks: false };

  it('delivers to loopback when allowed (development), with the body and headers', async () => {
    await expect(
      postWebhook(`http://127.0.0.1:${port}/hook`, { 'content-type': 'application/json' }, '{}', {
        timeoutMs: 5_000,
        policy: dev,
      }),
    ).resolves.toBe(204);
    expect(hits).toBe(1);
  });

  it('refuses an IP in the URL that the policy forbids, without connecting', async () => {
    await expect(
      postWebhook(`http://127.0.0.1:${port}/hook`, {}, '{}', { timeoutMs: 5_000, policy: strict }),
    ).rejects.toBeInstanceOf(WebhookAddressRefused);
    expect(hits).toBe(0);
  });

  it('refuses a host name whose address is forbidden, at connect time (a name saved as harmless cannot be re-pointed)', async () => {
    const sent = postWebhook(`http://localhost:${port}/hook`, {}, '{}', { timeoutMs: 5_000, policy: strict });
    await expect(sent).rejects.toBeInstanceOf(WebhookAddressRefused);
    await expect(sent).rejects.toThrow(/^localhost resolves to a loopback address/);
    expect(hits).toBe(0);
  });
});
