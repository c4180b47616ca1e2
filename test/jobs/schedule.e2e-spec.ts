import { Queue } from 'bullmq';
import { BullmqQueue } from '@aup/jobs';
import { TEST_REDIS_URL } from '../support/env';
import { clearPrefix, uniquePrefix, waitFor } from './jobs-harness';

describe('jobs: repeating schedules on BullMQ (job schedulers)', () => {
  const prefix = uniquePrefix();
  let port: BullmqQueue;
  let queue: Queue;

  beforeAll(() => {
    port = new BullmqQueue({ url: TEST_REDIS_URL, prefix });
    queue = new Queue('system', { connection: { url: TEST_REDIS_URL }, prefix });
  });
  afterAll(async () => {
    await port?.close();
    await queue?.close();
    await clearPrefix(prefix);
  });

  it('runs the job on every interval, each run with its own key, and replaces the schedule when set again', async () => {
    const keys: string[] = [];
    const consumer = await port.consume(
      async (job) => {
        expect(job.name).toBe('ping');
        expect(job.payload).toEqual({ delayMs: 0 });
        keys.push(job.key);
      },
      { concurrency: 1, lockDurationMs: 5_000 },
    );
    await port.scheduleRepeating('ping', { everyMs: 5_000 }, { delayMs: 0 });
    await port.scheduleRepeating('ping', { everyMs: 250 }, { delayMs: 0 });
    await waitFor('three scheduled runs', async () => keys.length >= 3, 10_000);
    await consumer.close(2_000);

    expect(new Set(keys).size).toBe(keys.length);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: 'ping', every: 250 });
  });

  it('accepts cron patterns', async () => {
    await port.scheduleRepeating('outbox.prune', { cron: '0 * * * *' }, {});
    expect(await queue.getJobScheduler('outbox.prune')).toMatchObject({ pattern: '0 * * * *' });
  });
});
