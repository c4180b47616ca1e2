import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { openTestDatabase } from '../support/database';
import { TEST_DATABASE_URL } from '../support/env';

const SCRIPT = resolve(__dirname, '../../dist/scripts/jobs.js');
const run = promisify(execFile);

/**
 * `npm run jobs -- failed|retry`: dead letters that belong to no organisation (a person's daily reminder
 * digest, an e-mail) are visible and can be queued again by whoever runs the installation, as an
 * organisation's admin does for its own in the app.
 */
describe('operator script: every dead letter listed and queued again once', () => {
  let ds: DataSource;
  const jobs = (...args: string[]) =>
    run(process.execPath, [SCRIPT, ...args], {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: TEST_DATABASE_URL, MIGRATIONS_RUN: 'false' },
    });

  beforeAll(async () => {
    if (!existsSync(SCRIPT)) throw new Error('Build first: npm run build (the test command does)');
    ds = await openTestDatabase();
  });
  afterAll(() => ds?.destroy());

  it('lists a failed digest with its owner and reason, queues it again once, and then lists nothing', async () => {
    const userId = '7b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d';
    const [{ id }]: { id: string }[] = await ds.query(
      `INSERT INTO outbox (queue, name, payload, status, attempts, failed_at, last_error)
       VALUES ('mail', 'notification.digest', $1, 'failed', 8, now(), 'SMTP 451 try again later') RETURNING id`,
      [{ userId, day: '2030-01-07' }],
    );

    const listed = await jobs('failed');
    expect(listed.stdout).toMatch(
      new RegExp(
        `^${id}  \\S+  notification\\.digest  user ${userId} \\(2030-01-07\\)  SMTP 451 try again later$`,
        'm',
      ),
    );

    const retried = await jobs('retry', id);
    const newId = /^queued again as ([0-9a-f-]{36})$/m.exec(retried.stdout)?.[1];
    expect(newId).toBeDefined();
    const rows: { id: string; status: string; retried_as: string | null; payload: unknown }[] =
      await ds.query(
        `SELECT id, status, retried_as, payload FROM outbox WHERE id = ANY($1::uuid[]) ORDER BY created_at`,
        [[id, newId]],
      );
    expect(rows).toEqual([
      { id, status: 'failed', retried_as: newId, payload: { userId, day: '2030-01-07' } },
      { id: newId, status: 'pending', retried_as: null, payload: { userId, day: '2030-01-07' } },
    ]);
    expect((await jobs('failed')).stdout).not.toContain(id);

    // Once: the same dead letter cannot be queued twice.
    await expect(jobs('retry', id)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(`no failed job ${id} waiting to be retried`),
    });
    await expect(jobs('nonsense')).rejects.toMatchObject({ stderr: expect.stringContaining('usage:') });
  });
});
