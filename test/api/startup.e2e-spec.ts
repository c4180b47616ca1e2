import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const main = resolve(__dirname, '../../dist/apps/api/src/main.js');

/** Runs the built api with exactly the given environment and returns its exit code and output. */
function run(env: Record<string, string>) {
  const res = spawnSync(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: res.status, stderr: res.stderr.trim() };
}

describe('api start-up with a bad environment', () => {
  beforeAll(() => {
    if (!existsSync(main)) throw new Error('Build first: npm run build (the test command does)');
  });

  it.each([
    [{ DATABASE_URL: 'mysql://nowhere/db' }, 'DATABASE_URL'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ NODE_ENV: 'production', REDIS_URL: 'redis://127.0.0.1:6379' }, 'DATABASE_URL'],
  ])('stops with one line naming the variable: %j', (env, variable) => {
    const { status, stderr } = run(env);
    expect(status).toBe(1);
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(new RegExp(`^aup-audit: Invalid configuration: .*${variable}`));
  });

  it('stops with one line when the database cannot be reached', () => {
    const { status, stderr } = run({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
      LOG_LEVEL: 'silent',
    });
    expect(status).toBe(1);
    expect(stderr.split('\n').filter((l) => l.startsWith('aup-audit:'))).toHaveLength(1);
    expect(stderr).toMatch(/aup-audit: failed to start: .*(ECONNREFUSED|connect)/);
  });
});
