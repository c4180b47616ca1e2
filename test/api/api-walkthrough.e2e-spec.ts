import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { startTestApp, type TestApp } from '../support/app';
import { clearLoginThrottle } from '../support/auth';
import { SmtpCapture } from '../mail/smtp-capture';

/**
 * The page's mail catcher: a real SMTP server receives the api's e-mails, and `GET /token?to=ADDRESS`
 * answers the token of the newest link mailed to ADDRESS (waiting up to 15 s for the mail to arrive).
 */
function mailCatcher(smtp: SmtpCapture): Server {
  return createServer((req, res) => {
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to')?.toLowerCase() ?? '';
    const deadline = Date.now() + 15_000;
    const look = () => {
      const mail = [...smtp.mails]
        .reverse()
        .find((m) => m.to.some((a) => a.toLowerCase() === to) && /#token=/.test(m.text));
      const token = mail?.text.match(/#token=([A-Za-z0-9_-]+)/)?.[1];
      if (token) return res.writeHead(200, { 'content-type': 'text/plain' }).end(token);
      if (Date.now() > deadline) return res.writeHead(404).end(`no mail with a link to ${to}`);
      setTimeout(look, 100);
    };
    look();
  });
}

const SCRIPT = resolve(__dirname, '../../scripts/api-walkthrough.sh');

/** Runs a command to its end; resolves with its exit code and output. */
function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/**
 * docs/API.md is a script: every `sh` block runs, in order, against a freshly started api, and every request
 * in it must succeed. A command that stops working as written fails this test with the line of the page.
 */
describe('docs/API.md walk-through', () => {
  let t: TestApp;
  const smtp = new SmtpCapture();
  let catcher: Server;
  beforeAll(async () => {
    await smtp.start();
    catcher = mailCatcher(smtp);
    await new Promise<void>((done) => catcher.listen(0, '127.0.0.1', done));
    t = await startTestApp({ SMTP_URL: smtp.url, OUTBOX_POLL_MS: '50' });
  });
  afterAll(async () => {
    await clearLoginThrottle(t);
    await t.close();
    await new Promise((done) => catcher.close(done));
    await smtp.stop();
  });

  it('runs every command of the page against a started server', async () => {
    const res = await run('bash', [SCRIPT], {
      API: `${t.baseUrl}/api/v1`,
      MAIL_CATCHER: `http://127.0.0.1:${(catcher.address() as AddressInfo).port}`,
    });
    if (res.code !== 0)
      throw new Error(
        `walk-through failed (exit ${res.code}):\n${res.stderr.split('\n').slice(-15).join('\n')}\n--- stdout (end)\n${res.stdout.slice(-2000)}`,
      );
    expect(res.stderr).toContain('every command of docs/API.md succeeded');
    // The page's results: an incomplete submission, two versions, a valid trail.
    expect(res.stdout).toMatch(/"incomplete":\s*{/);
    expect(res.stdout).toMatch(/"valid": true/);
  }, 180_000);
});
