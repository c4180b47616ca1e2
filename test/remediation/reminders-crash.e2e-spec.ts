import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';
import { uniquePrefix, waitFor } from '../jobs/jobs-harness';
import { eventually, SmtpCapture } from '../mail/smtp-capture';
import { answersFixture, setProfile } from '../audits/support/audit-fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, bearerFor, signUp, type SignedUp } from '../support/auth';
import { openTestDatabase, transaction, jobProducerOn } from '../support/database';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from '../support/env';
import { allItems, submitAudit } from './remediation-support';
import { WebhookListener } from './webhook-listener';

const main = resolve(__dirname, '../../dist/apps/worker/src/main.js');

/**
 * A worker process killed with SIGKILL in the middle of an organisation's scan (its transaction open,
 * some items locked): the next worker reruns the scan, and every reminder exists once, with one e-mail
 * and one webhook delivery each. Needs the built worker (`npm run build`).
 */
describe('remediation reminders: a worker killed mid-scan', () => {
  const prefix = uniquePrefix();
  const smtp = new SmtpCapture();
  const hook = new WebhookListener();
  let env: Record<string, string>;
  let api: TestApp;
  let ds: DataSource;
  let admin: SignedUp;
  let owner: SignedUp;
  const items: string[] = [];
  const children: ChildProcess[] = [];

  async function startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    await new Promise<void>((res, rej) => {
      child.stdout!.on('data', (c: Buffer) => {
        output += c.toString();
        if (output.includes('aup-audit worker started')) res();
      });
      child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
      child.once('exit', () => rej(new Error(`worker exited during start: ${output}`)));
    });
    return child;
  }

  beforeAll(async () => {
    await smtp.start();
    await hook.start();
    env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      MIGRATIONS_RUN: 'false',
      OUTBOX_POLL_MS: '100',
      JOB_LOCK_DURATION_MS: '4000',
      WORKER_OPS_PORT: '0',
      SHUTDOWN_TIMEOUT_MS: '3000',
      SMTP_URL: smtp.url,
      WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
      REMINDER_DIGEST_DELAY_SECONDS: '0',
    };
    ds = await openTestDatabase();
    api = await startTestApp({
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
    });
    admin = await signUp(api);
    admin.client = await bearerFor(api, admin.client);
    await setProfile(admin.client, admin.orgId, answersFixture('multinational-12000').profile);
    owner = await addMember(api, admin.client, admin.orgId, 'respondent');
    await submitAudit(admin.client, admin.orgId, () => false);
    const all = await allItems(admin.client, admin.orgId);
    for (const [i, due] of ['2030-01-05', '2030-01-10', '2030-01-12'].entries()) {
      const id = all[i].id;
      items.push(id);
      const v = (await admin.client.get(`/organisations/${admin.orgId}/remediation-items/${id}`)).body
        .version;
      await admin.client.patch(
        `/organisations/${admin.orgId}/remediation-items/${id}`,
        { ownerUserId: owner.userId, dueDate: due },
        { headers: { 'if-match': `"${v}"` } },
      );
    }
    await ds.query(
      `UPDATE remediation_item SET due_date = '2099-01-01' WHERE organisation_id = $1 AND NOT (id = ANY($2::uuid[]))`,
      [admin.orgId, items],
    );
    hook.secret = (
      await admin.client.request('PUT', `/organisations/${admin.orgId}/webhook`, { url: hook.url })
    ).body.secret;
  }, 60_000);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await api?.close();
    await ds?.destroy();
    await smtp.stop();
    await hook.stop();
  }, 30_000);

  it('creates, mails and posts every reminder once after the rerun', async () => {
    // Hold one of the items so the scan stops half-way, inside its transaction.
    const holder: QueryRunner = ds.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    const held = [...items].sort()[1];
    await holder.query(`SELECT 1 FROM remediation_item WHERE id = $1 FOR UPDATE`, [held]);

    const first = await startWorker();
    await transaction(ds, () => jobProducerOn(ds).enqueue('remediation.scan', { day: '2030-01-01' }));
    await waitFor(
      'the scan to wait on the held item',
      async () =>
        (
          await ds.query(
            `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%FROM remediation_item i%FOR UPDATE OF i%'`,
          )
        ).length > 0,
      20_000,
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    await holder.rollbackTransaction();
    await holder.release();
    expect(
      await ds.query(`SELECT 1 FROM notification WHERE item_id = ANY($1::uuid[])`, [items]),
    ).toHaveLength(0);

    await startWorker();
    const rows = await waitFor(
      'the rerun to create the reminders',
      async () => {
        const r: { item_id: string; threshold: string }[] = await ds.query(
          `SELECT item_id, threshold FROM notification WHERE item_id = ANY($1::uuid[]) ORDER BY item_id`,
          [items],
        );
        return r.length === 3 && r;
      },
      30_000,
    );
    expect(rows.map((r) => r.threshold).sort()).toEqual(['due_14', 'due_14', 'due_7']);
    await eventually('the digest', () => smtp.to(owner.email).length > 0, 20_000);
    await eventually('three webhooks', () => hook.events('reminder').length === 3, 20_000);
    // Let any duplicate show up before counting.
    await new Promise((r) => setTimeout(r, 2000));
    expect(smtp.to(owner.email)).toHaveLength(1);
    expect(smtp.to(owner.email)[0].subject).toBe('Remediation reminders for 2030-01-01 (3)');
    expect(hook.events('reminder')).toHaveLength(3);
    expect(hook.acceptedRequests).toBe(3);
  }, 90_000);
});
