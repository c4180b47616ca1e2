import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  to: string[];
  subject: string;
  text: string;
  messageId: string | undefined;
}

/**
 * A real SMTP server on loopback that keeps every message it accepts, so tests see exactly what a mail
 * server would receive. `rejectNext(code)` answers the next messages with an SMTP error.
 */
export class SmtpCapture {
  readonly mails: CapturedMail[] = [];
  /** Messages answered with an error on purpose. */
  refused = 0;
  private server?: SMTPServer;
  private failures: number[] = [];

  get url(): string {
    const port = (this.server?.server.address() as AddressInfo | null)?.port;
    return `smtp://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const failure = this.failures.shift();
        simpleParser(stream).then(
          (mail) => {
            if (failure) {
              this.refused++;
              callback(
                Object.assign(new Error(`refused on purpose (${failure})`), { responseCode: failure }),
              );
              return;
            }
            const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) =>
              a.value.map((v) => v.address ?? ''),
            );
            this.mails.push({
              to,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              messageId: mail.messageId,
            });
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
    const server = this.server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  }

  /** The next `codes.length` messages are answered with these SMTP codes (4xx: try later, 5xx: refused). */
  rejectNext(...codes: number[]): void {
    this.failures.push(...codes);
  }

  to(address: string): CapturedMail[] {
    return this.mails.filter((m) => m.to.includes(address));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The token of the link to `path` (`/invitations/accept` or `/password-reset`) in a mail. */
export function linkToken(mail: CapturedMail, path: string): string | undefined {
  const escaped = path.replace(/[/.]/g, '\\$&');
  return new RegExp(`${escaped}#token=([A-Za-z0-9_-]+)`).exec(mail.text)?.[1];
}

/** Polls until `probe` returns something truthy. */
export async function eventually<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
