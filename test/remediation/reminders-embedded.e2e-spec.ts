import type { DataSource } from 'typeorm';
import { addDays } from '@aup/domain';
import { waitFor } from '../jobs/jobs-harness';
import { answersFixture, setProfile } from '../audits/support/audit-fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, signUp, type SignedUp } from '../support/auth';
import { openTestDatabase } from '../support/database';
import { allItems, submitAudit } from './remediation-support';

/**
 * Embedded mode keeps the daily scan's timer in the process: a laptop install that is never running at
 * 05:00 must still get its reminders. Every start runs one scan (through the outbox), and reminders stay
 * unique however often it runs.
 */
describe('remediation reminders in embedded mode: a scan at every start catches up what a stopped process missed', () => {
  let ds: DataSource;
  let app: TestApp | undefined;
  let admin: SignedUp;
  let itemId: string;

  const reminders = async (): Promise<{ threshold: string }[]> =>
    ds.query(`SELECT threshold FROM notification WHERE item_id = $1 ORDER BY created_at`, [itemId]);
  const startScans = async (): Promise<number> => {
    const [{ n }]: { n: number }[] = await ds.query(
      `SELECT count(*)::int AS n FROM outbox WHERE name = 'remediation.scan' AND payload = '{}'::jsonb`,
    );
    return n;
  };

  beforeAll(async () => {
    ds = await openTestDatabase();
    app = await startTestApp();
    admin = await signUp(app);
    await setProfile(admin.client, admin.orgId, answersFixture('multinational-12000').profile);
    await submitAudit(admin.client, admin.orgId, () => false);
    const items = await allItems(admin.client, admin.orgId);
    itemId = items[0].id;
    // Due tomorrow (UTC) and owned by the admin; every other item far away.
    const tomorrow = addDays(new Date().toISOString().slice(0, 10), 1);
    const v = (await admin.client.get(`/organisations/${admin.orgId}/remediation-items/${itemId}`)).body
      .version;
    const res = await admin.client.patch(
      `/organisations/${admin.orgId}/remediation-items/${itemId}`,
      { ownerUserId: admin.userId, dueDate: tomorrow },
      { headers: { 'if-match': `"${v}"` } },
    );
    expect(res.status).toBe(200);
    await ds.query(
      `UPDATE remediation_item SET due_date = '2099-01-01' WHERE organisation_id = $1 AND id <> $2`,
      [admin.orgId, itemId],
    );
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await ds?.destroy();
  });

  it('the start after the item became due creates its reminder; later starts create nothing twice', async () => {
    // The process that was running while the item became due never reached 05:00: no reminder yet.
    expect(await reminders()).toEqual([]);
    const before = await startScans();
    await app!.close();
    app = undefined;

    app = await startTestApp();
    await waitFor(
      'the start-up scan to create the reminder',
      async () => (await reminders()).length > 0,
      30_000,
    );
    expect(await reminders()).toEqual([{ threshold: 'due_1' }]);
    expect(await startScans()).toBe(before + 1);

    await app.close();
    app = await startTestApp();
    await waitFor(
      'the second start-up scan to run',
      async () => {
        const [{ n }]: { n: number }[] = await ds.query(
          `SELECT count(*)::int AS n FROM outbox o JOIN job_execution j ON j.key = o.id::text WHERE o.name = 'remediation.scan'`,
        );
        return n >= before + 2;
      },
      30_000,
    );
    expect(await reminders()).toEqual([{ threshold: 'due_1' }]);
    // The owner sees it in the app (the session outlives the restarts; the client follows the new port).
    const client = new ApiClient(app.baseUrl);
    for (const [k, v] of admin.client.cookies) client.cookies.set(k, v);
    const unread = await client.get(`/organisations/${admin.orgId}/notifications/unread-count`);
    expect(unread.body).toEqual({ unread: 1 });
  }, 120_000);
});
