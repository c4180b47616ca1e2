import { JOBS } from './catalogue';
import { InlineQueue } from './inline-queue.adapter';
import { PermanentJobError } from './processor';
import { JobGaveUpError, type JobExecution } from './queue.port';

const job = { id: 'j1', queue: 'system' as const, name: 'ping', payload: {} };
const opts = { concurrency: 1, lockDurationMs: 1_000 };

describe('InlineQueue', () => {
  it('runs a delivered job before resolving, retrying with back-off until it succeeds', async () => {
    const queue = new InlineQueue(2);
    const attempts: JobExecution[] = [];
    await queue.consume(async (j) => {
      attempts.push(j);
      if (j.attempt < 3) throw new Error('not yet');
    }, opts);
    const started = Date.now();
    await queue.deliver(job);
    expect(attempts.map((a) => [a.key, a.attempt, a.maxAttempts])).toEqual([
      ['j1', 1, JOBS.ping.attempts],
      ['j1', 2, JOBS.ping.attempts],
      ['j1', 3, JOBS.ping.attempts],
    ]);
    // Back-off of 1x then 2x the catalogue's delay between the three attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(JOBS.ping.backoffMs * 3 - 20);
  });

  it('gives up after the last attempt, and at once on a permanent error', async () => {
    const queue = new InlineQueue(1);
    let runs = 0;
    await queue.consume(async () => {
      runs++;
      throw new Error('always');
    }, opts);
    await expect(queue.deliver(job)).rejects.toThrow(JobGaveUpError);
    expect(runs).toBe(JOBS.ping.attempts);

    await queue.consume(async () => {
      runs++;
      throw new PermanentJobError('bad payload');
    }, opts);
    runs = 0;
    await expect(queue.deliver(job)).rejects.toThrow(/bad payload/);
    expect(runs).toBe(1);
  });

  it('refuses work (so the outbox keeps it) when no worker consumes, and stops retrying on close', async () => {
    const queue = new InlineQueue(1);
    await expect(queue.deliver(job)).rejects.not.toThrow(JobGaveUpError);
    const consumer = await queue.consume(async () => {
      throw new Error('down');
    }, opts);
    const delivery = queue.deliver(job);
    await new Promise((r) => setTimeout(r, 20));
    await consumer.close(1_000);
    const err = await delivery.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(JobGaveUpError);
  });

  it('runs a schedule every interval with a distinct key per run', async () => {
    const queue = new InlineQueue(1);
    const keys: string[] = [];
    const consumer = await queue.consume(async (j) => {
      keys.push(j.key);
    }, opts);
    await queue.scheduleRepeating('ping', { everyMs: 50 }, {});
    // Wait for runs rather than a fixed time: on a loaded machine timers fire late, never early.
    const deadline = Date.now() + 10_000;
    while (keys.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await consumer.close(100);
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toMatch(/^schedule:ping:\d+$/);
    await expect(queue.scheduleRepeating('ping', { cron: 'not a cron' }, {})).rejects.toThrow();
  });
});
