import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@aup/domain';

export interface ReceivedEvent {
  deliveryId: string;
  body: Record<string, unknown>;
}

/**
 * A real HTTP receiver on loopback that checks each request's HMAC signature and timestamp, answers 500
 * to the next `failNext` requests, and keeps each delivery it accepted once (by X-AUP-Delivery).
 */
export class WebhookListener {
  secret = '';
  failNext = 0;
  readonly accepted = new Map<string, ReceivedEvent>();
  /** Accepted requests, repeats included. */
  acceptedRequests = 0;
  badSignatures = 0;
  requests = 0;
  private server?: Server;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hook`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests++;
        const body = Buffer.concat(chunks).toString('utf8');
        const ok = verifyWebhook(
          this.secret,
          Number(req.headers['x-aup-timestamp']),
          body,
          String(req.headers['x-aup-signature'] ?? ''),
          Math.floor(Date.now() / 1000),
        );
        if (!ok) {
          this.badSignatures++;
          res.writeHead(401).end();
          return;
        }
        if (this.failNext > 0) {
          this.failNext--;
          res.writeHead(500).end();
          return;
        }
        this.acceptedRequests++;
        const deliveryId = String(req.headers['x-aup-delivery']);
        this.accepted.set(deliveryId, { deliveryId, body: JSON.parse(body) as Record<string, unknown> });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  events(type: string): ReceivedEvent[] {
    return [...this.accepted.values()].filter((e) => e.body.type === type);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
