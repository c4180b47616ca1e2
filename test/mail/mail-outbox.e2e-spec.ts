import type { INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, signUp, uniqueEmail, type SignedUp } from '../support/auth';
import { openTestDatabase, truncateAll, withFailingInsert } from '../support/database';
import { TEST_REDIS_URL } from '../support/env';
import { clearPrefix, FAST_JOBS_ENV, startWorkerContext, uniquePrefix } from '../jobs/jobs-harness';
import { eventually, linkToken, SmtpCapture } from './smtp-capture';

interface OutboxRow {
  id: string;
  status: string;
  payload: Record<string, unknown>;
}

/**
 * Full mode: the api writes the mail job to the outbox in the transaction that creates the token; a worker
 * process (here a worker context with its own connections) relays it through Redis and sends it over SMTP
 * to a real SMTP server on loopback.
 */
describe('mail: invitations and reset links through the outbox, BullMQ and a worker (full mode)', () => {
  const prefix = uniquePrefix();
  const smtp = new SmtpCapture();
  let env: Record<string, string>;
  let api: TestApp;
  let worker: INestApplicationContext | undefined;
  let ds: DataSource;
  let admin: SignedUp;
  let mailQueue: Queue;

  const outboxOf = async (field: 'invitationId' | 'resetId', id: string): Promise<OutboxRow | undefined> =>
    (
      await ds.query(
        `SELECT id, status, payload FROM outbox WHERE name = 'mail.send' AND payload->>$1 = $2`,
        [field, id],
      )
    )[0];
  const executions = async (key: string): Promise<number> =>
    (await ds.query(`SELECT count(*)::int AS n FROM job_execution WHERE key = $1`, [key]))[0].n;
  const startWorker = async () => (worker = await startWorkerContext(env));
  const stopWorker = async () => {
    await worker?.close();
    worker = undefined;
  };

  beforeAll(async () => {
    await smtp.start();
    env = {
      ...FAST_JOBS_ENV,
      REDIS_URL: TEST_REDIS_URL,
      QUEUE_PREFIX: prefix,
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://aup.example.com',
    };
    ds = await openTestDatabase();
    await truncateAll(ds);
    api = await startTestApp(env);
    admin = await signUp(api, { organisationName: 'Mail Ltd' });
    mailQueue = new Queue('mail', { connection: { url: TEST_REDIS_URL }, prefix });
  }, 30_000);
  afterEach(stopWorker, 30_000);
  afterAll(async () => {
    await mailQueue?.close();
    await api?.close();
    await ds?.destroy();
    await smtp.stop();
    await clearPrefix(prefix);
  }, 30_000);

  it('keeps the mail in the outbox while no worker runs, then sends it once, and a withdrawn link not at all', async () => {
    const invitee = uniqueEmail('invitee');
    const withdrawn = uniqueEmail('withdrawn');
    const created = await admin.client.post(`/organisations/${admin.orgId}/invitations`, {
      email: invitee,
      role: 'respondent',
    });
    expect(created.status).toBe(201);
    expect(created.body.emailed).toBe(true);
    const other = await admin.client.post(`/organisations/${admin.orgId}/invitations`, {
      email: withdrawn,
      role: 'auditor',
    });
    expect(
      (await admin.client.delete(`/organisations/${admin.orgId}/invitations/${other.body.id}`)).status,
    ).toBe(204);

    const row = (await outboxOf('invitationId', created.body.id))!;
    expect(row).toMatchObject({
      status: 'pending',
      payload: { template: 'invitation', invitationId: created.body.id, token: expect.any(String) },
    });
    // The inviter never sees the token: only the invited mailbox gets it.
    expect(created.body.token).toBeUndefined();
    // The outbox holds ids and the token, never the address.
    expect(JSON.stringify(row.payload)).not.toContain('@');

    await startWorker();
    const [mail] = await eventually(
      'the invitation e-mail',
      () => smtp.to(invitee).length > 0 && smtp.to(invitee),
    );
    expect(mail.subject).toBe('You are invited to Mail Ltd on aup-audit');
    expect(mail.text).toContain('as respondent');
    expect(linkToken(mail, 'https://aup.example.com/invitations/accept')).toBe(row.payload.token);
    expect(mail.messageId).toBe(`<${row.id}@aup-audit.mail>`);

    const withdrawnRow = (await outboxOf('invitationId', other.body.id))!;
    await eventually(
      'both jobs completed',
      async () => (await executions(row.id)) === 1 && (await executions(withdrawnRow.id)) === 1,
    );
    expect(smtp.to(withdrawn)).toHaveLength(0);
    // Once sent, the token is gone from the outbox row.
    expect((await outboxOf('invitationId', created.body.id))!.payload).toEqual({
      template: 'invitation',
      invitationId: created.body.id,
    });
    expect(smtp.to(invitee)).toHaveLength(1);

    // The link in the mail works (body form: the token never appears in a URL).
    const accepted = await new ApiClient(api.baseUrl).post('/invitations/accept', {
      token: linkToken(mail, '/invitations/accept'),
      password: 'quiet meadow copper 19 harbour',
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      organisationId: admin.orgId,
      role: 'respondent',
      accountCreated: true,
    });
  });

  it('retries a mail server that is unavailable for a while and sends the reset link once', async () => {
    await startWorker();
    smtp.rejectNext(451);
    expect(
      (await new ApiClient(api.baseUrl).post('/auth/password-reset', { email: admin.email })).status,
    ).toBe(202);
    const [reset]: { id: string }[] = await ds.query(
      `SELECT t.id FROM one_time_token t WHERE t.user_id = $1 AND t.purpose = 'password_reset'`,
      [admin.userId],
    );
    const row = (await outboxOf('resetId', reset.id))!;
    const [mail] = await eventually(
      'the reset e-mail after a retry',
      () => smtp.to(admin.email).length > 0 && smtp.to(admin.email),
      30_000,
    );
    expect(smtp.refused).toBe(1);
    expect(mail.text).toContain('https://aup.example.com/password-reset#token=');
    await eventually('completion recorded', async () => (await executions(row.id)) === 1);
    const [done]: { attempt: number }[] = await ds.query(`SELECT attempt FROM job_execution WHERE key = $1`, [
      row.id,
    ]);
    expect(done.attempt).toBe(2);
    expect(smtp.to(admin.email)).toHaveLength(1);
  }, 45_000);

  it('gives up at once when the mail server refuses the recipient for good', async () => {
    await startWorker();
    smtp.rejectNext(550);
    const refused = uniqueEmail('refused');
    const created = await admin.client.post(`/organisations/${admin.orgId}/invitations`, {
      email: refused,
      role: 'auditor',
    });
    const row = (await outboxOf('invitationId', created.body.id))!;
    // The job is read again once it is failed: a copy read while it was still active says 0 attempts.
    const job = await eventually('the job to fail', async () => {
      if ((await mailQueue.getJobState(row.id)) !== 'failed') return undefined;
      return mailQueue.getJob(row.id);
    });
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/refused the message/);
    expect(await executions(row.id)).toBe(0);
    expect(smtp.to(refused)).toHaveLength(0);
  });

  it('writes neither the invitation nor its mail when the transaction rolls back', async () => {
    await startWorker();
    // The trail append is the last step of the invitation's transaction: failing it rolls everything back.
    const lost = uniqueEmail('lost');
    const res = await withFailingInsert(ds, { table: 'audit_event', when: "NEW.entity = 'invitation'" }, () =>
      admin.client.post(`/organisations/${admin.orgId}/invitations`, { email: lost, role: 'respondent' }),
    );
    expect(res.status).toBe(500);
    expect(await ds.query(`SELECT 1 FROM invitation WHERE email = $1`, [lost])).toHaveLength(0);
    expect((await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`))[0].n).toBe(0);
    // A later invitation still goes out, so the worker was running all along.
    const later = uniqueEmail('later');
    await admin.client.post(`/organisations/${admin.orgId}/invitations`, {
      email: later,
      role: 'respondent',
    });
    await eventually('the later invitation', () => smtp.to(later).length === 1);
    expect(smtp.to(lost)).toHaveLength(0);
  });
});
