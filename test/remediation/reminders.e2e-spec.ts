import { createServer } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { addDays, utcDay } from '@aup/domain';
import {
  FAST_JOBS_ENV,
  freePort,
  startWorkerContext,
  ThrowawayRedis,
  uniquePrefix,
  waitFor,
} from '../jobs/jobs-harness';
import { eventually, SmtpCapture } from '../mail/smtp-capture';
import { setProfile, answersFixture } from '../audits/support/audit-fixtures';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, bearerFor, signUp, type SignedUp } from '../support/auth';
import { openTestDatabase, transaction, jobProducerOn } from '../support/database';
import { allItems, submitAudit } from './remediation-support';
import { WebhookListener } from './webhook-listener';

/**
 * Reminders in full mode with a controllable clock (the scan's `day`): a real SMTP server receives the
 * daily e-mails and a real HTTP listener checks each webhook's signature. A Redis outage during a scan
 * loses nothing and sends nothing twice.
 */
describe('remediation reminders: once per item and threshold, by e-mail and signed webhook', () => {
  const prefix = uniquePrefix();
  const smtp = new SmtpCapture();
  const hook = new WebhookListener();
  let redis: ThrowawayRedis;
  let env: Record<string, string>;
  let api: TestApp;
  let worker: INestApplicationContext | undefined;
  let ds: DataSource;
  let admin: SignedUp;
  let owner: SignedUp;
  let itemA: string;
  let itemB: string;

  const scan = (day: string) => transaction(ds, () => jobProducerOn(ds).enqueue('remediation.scan', { day }));
  /** Every job queued so far completed or failed for good. */
  const settled = () =>
    waitFor(
      'every queued job to finish',
      async () => {
        const [{ n }] = await ds.query(
          `SELECT count(*)::int AS n FROM outbox o WHERE o.status <> 'failed' AND NOT EXISTS (SELECT 1 FROM job_execution j WHERE j.key = o.id::text)`,
        );
        return n === 0;
      },
      30_000,
    );
  const reminders = async (
    itemId: string,
  ): Promise<{ threshold: string; subject_date: string; scan_date: string }[]> =>
    ds.query(
      `SELECT threshold, subject_date::text, scan_date::text FROM notification WHERE item_id = $1 ORDER BY created_at, threshold`,
      [itemId],
    );

  beforeAll(async () => {
    await smtp.start();
    await hook.start();
    redis = new ThrowawayRedis(await freePort());
    await redis.start();
    env = {
      ...FAST_JOBS_ENV,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      SMTP_URL: smtp.url,
      WEBHOOK_ALLOW_LOOPBACK_HTTP: 'true',
      REMINDER_DIGEST_DELAY_SECONDS: '0',
    };
    ds = await openTestDatabase();
    api = await startTestApp(env);
    admin = await signUp(api);
    admin.client = await bearerFor(api, admin.client);
    await setProfile(admin.client, admin.orgId, answersFixture('multinational-12000').profile);
    owner = await addMember(api, admin.client, admin.orgId, 'respondent');
    await submitAudit(admin.client, admin.orgId, () => false);

    // Two items for the owner, due 2030-01-15 and 2030-01-08; every other item far away.
    const items = await allItems(admin.client, admin.orgId);
    [itemA, itemB] = [items[0].id, items[1].id];
    for (const [id, due] of [
      [itemA, '2030-01-15'],
      [itemB, '2030-01-08'],
    ]) {
      const v = (await admin.client.get(`/organisations/${admin.orgId}/remediation-items/${id}`)).body
        .version;
      const res = await admin.client.patch(
        `/organisations/${admin.orgId}/remediation-items/${id}`,
        { ownerUserId: owner.userId, dueDate: due },
        { headers: { 'if-match': `"${v}"` } },
      );
      expect(res.status).toBe(200);
    }
    await ds.query(
      `UPDATE remediation_item SET due_date = '2099-01-01' WHERE organisation_id = $1 AND id NOT IN ($2, $3)`,
      [admin.orgId, itemA, itemB],
    );

    // The webhook: loopback HTTP is allowed here by WEBHOOK_ALLOW_LOOPBACK_HTTP; a plain http URL is not.
    expect(
      (
        await admin.client.request('PUT', `/organisations/${admin.orgId}/webhook`, {
          url: 'http://hooks.example.org/x',
        })
      ).body.code,
    ).toBe('WEBHOOK.URL_NOT_ACCEPTED');
    const put = await admin.client.request('PUT', `/organisations/${admin.orgId}/webhook`, { url: hook.url });
    expect(put.status).toBe(200);
    hook.secret = put.body.secret;
    expect((await admin.client.get(`/organisations/${admin.orgId}/webhook`)).body).toEqual({
      url: hook.url,
      enabled: true,
      version: 1,
    });
    worker = await startWorkerContext(env);
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await ds?.destroy();
    await redis?.stop();
    await smtp.stop();
    await hook.stop();
  }, 30_000);

  it('fires each threshold exactly once per item over a month of daily scans (one scan repeated), mailing one digest per day', async () => {
    hook.failNext = 1; // the first webhook delivery is refused once and retried
    for (let day = '2029-12-28'; day <= '2030-01-20'; day = addDays(day, 1)) {
      await scan(day);
      if (day === '2030-01-01') await scan(day);
      await settled();
    }
    expect((await reminders(itemB)).map((r) => [r.threshold, r.scan_date])).toEqual([
      ['due_14', '2029-12-28'],
      ['due_7', '2030-01-01'],
      ['due_1', '2030-01-07'],
      ['overdue', '2030-01-09'],
    ]);
    expect((await reminders(itemA)).map((r) => [r.threshold, r.scan_date])).toEqual([
      ['due_14', '2030-01-01'],
      ['due_7', '2030-01-08'],
      ['due_1', '2030-01-14'],
      ['overdue', '2030-01-16'],
    ]);

    // E-mail: one per day with reminders, naming items and dates only.
    const mails = await eventually(
      'seven digests',
      () => smtp.to(owner.email).length >= 7 && smtp.to(owner.email),
    );
    expect(mails.map((m) => m.subject)).toEqual(
      ['2029-12-28', '2030-01-01', '2030-01-07', '2030-01-08', '2030-01-09', '2030-01-14', '2030-01-16'].map(
        (d, i) => `Remediation reminders for ${d} (${i === 1 ? 2 : 1})`,
      ),
    );
    expect(mails[1].text).toContain('is due within 14 days, on 2030-01-15');
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(7);

    // Webhook: every reminder delivered once, signed; the refused first attempt is in the delivery log.
    const events = hook.events('reminder');
    expect(events).toHaveLength(8);
    expect(new Set(events.map((e) => e.body.id)).size).toBe(8);
    expect(hook.badSignatures).toBe(0);
    const log = (await admin.client.get(`/organisations/${admin.orgId}/webhook/deliveries`)).body as {
      ok: boolean;
      statusCode: number;
    }[];
    expect(log.filter((d) => !d.ok)).toEqual([expect.objectContaining({ statusCode: 500 })]);
    expect(log.filter((d) => d.ok)).toHaveLength(8);

    // In the app: the owner's bell.
    const ownerBearer = await bearerFor(api, owner.client);
    expect((await ownerBearer.get(`/organisations/${admin.orgId}/notifications/unread-count`)).body).toEqual({
      unread: 8,
    });
    const list = await ownerBearer.get(`/organisations/${admin.orgId}/notifications?limit=3`);
    expect(list.body).toMatchObject({ total: 8, unread: 8 });
    expect(
      (await ownerBearer.post(`/organisations/${admin.orgId}/notifications/${list.body.items[0].id}/read`))
        .status,
    ).toBe(200);
    expect((await ownerBearer.get(`/organisations/${admin.orgId}/notifications/unread-count`)).body).toEqual({
      unread: 7,
    });
    expect((await ownerBearer.post(`/organisations/${admin.orgId}/notifications/read-all`)).body).toEqual({
      marked: 8,
    });
    expect((await admin.client.get(`/organisations/${admin.orgId}/notifications`)).body.total).toBe(0);
  }, 120_000);

  it('loses nothing when Redis is down for the scan: every reminder created, mailed and posted once after it returns', async () => {
    const v = (await admin.client.get(`/organisations/${admin.orgId}/remediation-items/${itemA}`)).body
      .version;
    await admin.client.patch(
      `/organisations/${admin.orgId}/remediation-items/${itemA}`,
      { dueDate: '2030-03-10' },
      { headers: { 'if-match': `"${v}"` } },
    );
    const mailsBefore = smtp.to(owner.email).length;
    const hooksBefore = hook.events('reminder').length;
    await redis.stop();
    await scan('2030-03-01');
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      await ds.query(`SELECT 1 FROM notification WHERE item_id = $1 AND subject_date = '2030-03-10'`, [
        itemA,
      ]),
    ).toHaveLength(0);
    await redis.start();
    await settled();
    expect(
      (await reminders(itemA)).filter((r) => r.scan_date === '2030-03-01').map((r) => r.threshold),
    ).toEqual(['due_14']);
    await eventually('the digest', () => smtp.to(owner.email).length > mailsBefore);
    await eventually('the webhook', () => hook.events('reminder').length > hooksBefore);
    await settled();
    expect(smtp.to(owner.email).length).toBe(mailsBefore + 1);
    expect(hook.events('reminder').length).toBe(hooksBefore + 1);
  }, 90_000);

  it('sends a signed test event, and lists a delivery that failed for good as a dead letter an admin can retry', async () => {
    // The same Idempotency-Key: the same job, sent once.
    const testWith = (key: string) =>
      admin.client.request('POST', `/organisations/${admin.orgId}/webhook/test`, undefined, {
        headers: { 'idempotency-key': key },
      });
    const first = await testWith('test-event-1');
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await testWith('test-event-1');
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await testWith('two words')).body.code).toBe('REQUEST.INVALID_IDEMPOTENCY_KEY');
    await eventually('the test event', () => hook.events('test').length === 1);
    await settled();
    expect(hook.events('test')).toHaveLength(1);
    expect(
      await ds.query(
        `SELECT count(*)::int AS n FROM outbox WHERE name = 'notification.webhook' AND payload->>'test' = 'true'`,
      ),
    ).toEqual([{ n: 1 }]);

    // A receiver answering 410 Gone ends the job at once (retrying cannot help): a dead letter.
    const server410 = createServer((_req, res) => res.writeHead(410).end());
    await new Promise<void>((r) => server410.listen(0, '127.0.0.1', r));
    const port = (server410.address() as { port: number }).port;
    await ds.query(`UPDATE webhook_setting SET url = $2 WHERE organisation_id = $1`, [
      admin.orgId,
      `http://127.0.0.1:${port}/hook`,
    ]);
    const job = (await admin.client.post(`/organisations/${admin.orgId}/webhook/test`)).body.jobId as string;
    const dead = await eventually('the dead letter', async () => {
      const res = await admin.client.get(`/organisations/${admin.orgId}/failed-jobs`);
      return res.body.find((j: { id: string }) => j.id === job);
    });
    expect(dead).toMatchObject({ name: 'notification.webhook', lastError: expect.stringContaining('410') });
    expect((await ds.query(`SELECT status FROM outbox WHERE id = $1`, [job]))[0].status).toBe('failed');

    // Fixed receiver, then retry: a new job, delivered; the dead letter leaves the list.
    await ds.query(`UPDATE webhook_setting SET url = $2 WHERE organisation_id = $1`, [admin.orgId, hook.url]);
    const retryWith = (jobId: string, key: string) =>
      admin.client.request('POST', `/organisations/${admin.orgId}/failed-jobs/${jobId}/retry`, undefined, {
        headers: { 'idempotency-key': key },
      });
    const retried = await retryWith(job, 'retry-1');
    expect(retried.status).toBe(202);
    expect(retried.body.jobId).not.toBe(job);
    // Repeated with the key: the same new job, no second retry; the key cannot name another job.
    const repeated = await retryWith(job, 'retry-1');
    expect(repeated.status).toBe(202);
    expect(repeated.body).toEqual(retried.body);
    expect(repeated.headers.get('idempotent-replayed')).toBe('true');
    expect((await retryWith(admin.orgId, 'retry-1')).body.code).toBe('REQUEST.IDEMPOTENCY_KEY_REUSED');
    await eventually('the retried test event', () => hook.events('test').length === 2);
    await settled();
    expect(hook.events('test')).toHaveLength(2);
    expect(await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE retried_as IS NOT NULL`)).toEqual([
      { n: 1 },
    ]);
    expect(
      (await admin.client.get(`/organisations/${admin.orgId}/failed-jobs`)).body.find(
        (j: { id: string }) => j.id === job,
      ),
    ).toBeUndefined();
    expect((await admin.client.post(`/organisations/${admin.orgId}/failed-jobs/${job}/retry`)).status).toBe(
      404,
    );
    await new Promise<void>((r) => server410.close(() => r()));
  }, 60_000);

  it('fires blocked_14 and acceptance_30 once each, reopens an expired acceptance with its trail entry, and mails the deputy too', async () => {
    const deputy = await addMember(api, admin.client, admin.orgId, 'respondent');
    const url = (id: string) => `/organisations/${admin.orgId}/remediation-items/${id}`;
    const change = async (id: string, body: object, path = '') => {
      const v = (await admin.client.get(url(id))).body.version;
      const res = await admin.client.request(path ? 'POST' : 'PATCH', `${url(id)}${path}`, body, {
        headers: { 'if-match': `"${v}"` },
      });
      expect(res.status).toBe(200);
      return res.body;
    };
    // Two open items without a critical legal control (those cannot be accepted), due far away (2099).
    const [blocked, accepted] = (
      await Promise.all(
        (await allItems(admin.client, admin.orgId))
          .filter((i) => i.id !== itemA && i.id !== itemB)
          .map(async (i) => (await admin.client.get(url(i.id))).body),
      )
    ).filter(
      (d) => d.status === 'open' && d.controls.every((c: { criticalLegal: boolean }) => !c.criticalLegal),
    );
    for (const item of [blocked, accepted])
      await change(item.id, { ownerUserId: owner.userId, deputyUserId: deputy.userId });
    await change(
      blocked.id,
      { move: 'block', reason: 'Waiting for the board to approve the plan.' },
      '/transitions',
    );
    const [{ blocked_on: blockedOn }] = await ds.query(
      `SELECT blocked_on::text AS blocked_on FROM remediation_item WHERE id = $1`,
      [blocked.id],
    );
    const expiresOn = addDays(utcDay(new Date()), 60);
    await change(
      accepted.id,
      {
        move: 'accept_risk',
        justification: 'A compensating control is in place.',
        approverUserId: admin.userId,
        expiresOn,
      },
      '/transitions',
    );

    // The clock passes each threshold, the day before it, on it and after it.
    const days = [
      ...[13, 14, 15, 30].map((n) => addDays(blockedOn, n)),
      ...[-31, -30, -29, -1, 0, 1].map((n) => addDays(expiresOn, n)),
    ].sort();
    for (const day of days) {
      await scan(day);
      await settled();
    }
    expect((await reminders(blocked.id)).map((r) => [r.threshold, r.subject_date, r.scan_date])).toEqual([
      ['blocked_14', blockedOn, addDays(blockedOn, 14)],
    ]);
    expect((await reminders(accepted.id)).map((r) => [r.threshold, r.subject_date, r.scan_date])).toEqual([
      ['acceptance_30', expiresOn, addDays(expiresOn, -30)],
      ['acceptance_expired', expiresOn, expiresOn],
    ]);

    // The expired acceptance reopened the item, chained into the trail with no person as the actor.
    expect((await admin.client.get(url(accepted.id))).body.status).toBe('open');
    const trail = await admin.client.get(
      `/organisations/${admin.orgId}/audit-trail?entity=remediation_item&entityId=${accepted.id}`,
    );
    expect(trail.body.items.filter((e: { action: string }) => e.action === 'acceptance_expired')).toEqual([
      expect.objectContaining({
        actorUserId: null,
        before: { status: 'risk_accepted' },
        after: { status: 'open', expiredOn: expiresOn },
      }),
    ]);

    // Owner and deputy each receive one digest for each day with a reminder.
    const reminderDays = [addDays(blockedOn, 14), addDays(expiresOn, -30), expiresOn].sort();
    const digests = (email: string) =>
      smtp.to(email).filter((m) => reminderDays.some((d) => m.subject.includes(d)));
    await eventually('the deputy digests', () => digests(deputy.email).length >= reminderDays.length);
    await settled();
    for (const email of [deputy.email, owner.email])
      expect(digests(email).map((m) => m.subject)).toEqual(
        reminderDays.map((d) => `Remediation reminders for ${d} (1)`),
      );
    expect(digests(deputy.email).find((m) => m.subject.includes(expiresOn))?.text).toContain(
      `expired on ${expiresOn}; the item is open again`,
    );
  }, 120_000);
});
