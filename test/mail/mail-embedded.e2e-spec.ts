import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { loadConfig } from '@aup/config';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { ApiClient, signUp, uniqueEmail, type SignedUp } from '../support/auth';
import { withFailingInsert } from '../support/database';
import { eventually, linkToken, SmtpCapture } from './smtp-capture';

/** Embedded mode: PGlite, no Redis; the api relays its own outbox and sends the mail in-process. */
describe('mail: invitations and reset links in embedded mode (PGlite, jobs in the api)', () => {
  const smtp = new SmtpCapture();
  let app: NestFastifyApplication;
  let ds: DataSource;
  let admin: SignedUp;

  beforeAll(async () => {
    await smtp.start();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_IN_MEMORY: 'true',
      OUTBOX_POLL_MS: '50',
      SMTP_URL: smtp.url,
    });
    app = await createApiApp(config, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    ds = app.get(DataSource);
    admin = await signUp({ app, baseUrl, close: () => app.close() }, { organisationName: 'Embedded Ltd' });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await smtp.stop();
  }, 30_000);

  it('sends an invitation once and records its completion once', async () => {
    const invitee = uniqueEmail('invitee');
    const created = await admin.client.post(`/organisations/${admin.orgId}/invitations`, {
      email: invitee,
      role: 'compliance_officer',
    });
    expect(created.status).toBe(201);
    const [mail] = await eventually(
      'the invitation e-mail',
      () => smtp.to(invitee).length > 0 && smtp.to(invitee),
    );
    const [{ token_hash }]: { token_hash: string }[] = await ds.query(
      `SELECT token_hash FROM invitation WHERE id = $1`,
      [created.body.id],
    );
    expect(
      createHash('sha256')
        .update(linkToken(mail, '/invitations/accept') ?? '')
        .digest('hex'),
    ).toBe(token_hash);
    expect(mail.text).toContain('as compliance officer');
    // Without PUBLIC_URL the link uses the port the api really listens on.
    const port = (app.getHttpServer().address() as { port: number }).port;
    expect(mail.text).toContain(`http://localhost:${port}/invitations/accept#token=`);
    const [row]: { id: string }[] = await ds.query(
      `SELECT id FROM outbox WHERE payload->>'invitationId' = $1`,
      [created.body.id],
    );
    await eventually(
      'outbox row sent',
      async () => (await ds.query(`SELECT status FROM outbox WHERE id = $1`, [row.id]))[0].status === 'sent',
    );
    expect(await ds.query(`SELECT 1 FROM job_execution WHERE key = $1`, [row.id])).toHaveLength(1);
    expect(smtp.to(invitee)).toHaveLength(1);
  });

  it('sends nothing for an invitation whose transaction rolled back', async () => {
    const lost = uniqueEmail('lost');
    const res = await withFailingInsert(ds, { table: 'audit_event', when: "NEW.entity = 'invitation'" }, () =>
      admin.client.post(`/organisations/${admin.orgId}/invitations`, { email: lost, role: 'respondent' }),
    );
    expect(res.status).toBe(500);
    expect(await ds.query(`SELECT 1 FROM invitation WHERE email = $1`, [lost])).toHaveLength(0);
    expect((await ds.query(`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`))[0].n).toBe(0);
    const later = uniqueEmail('later');
    await admin.client.post(`/organisations/${admin.orgId}/invitations`, {
      email: later,
      role: 'respondent',
    });
    await eventually('the later invitation', () => smtp.to(later).length === 1);
    expect(smtp.to(lost)).toHaveLength(0);
  });

  // Last: setting the password ends the admin's session.
  it('sends a reset link that sets a new password', async () => {
    expect(
      (await new ApiClient(admin.client.baseUrl).post('/auth/password-reset', { email: admin.email })).status,
    ).toBe(202);
    const [mail] = await eventually(
      'the reset e-mail',
      () => smtp.to(admin.email).length > 0 && smtp.to(admin.email),
    );
    const confirm = await new ApiClient(admin.client.baseUrl).post('/auth/password-reset/confirm', {
      token: linkToken(mail, '/password-reset'),
      password: 'quartz harbour violin 88 maple',
    });
    expect(confirm.status).toBe(200);
  });
});
