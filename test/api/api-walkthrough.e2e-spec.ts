import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { startTestApp, type TestApp } from '../support/app';
import { clearLoginThrottle } from '../support/auth';

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
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await clearLoginThrottle(t);
    await t.close();
  });

  it('runs every command of the page against a started server', async () => {
    const res = await run('bash', [SCRIPT], { API: `${t.baseUrl}/api/v1` });
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
