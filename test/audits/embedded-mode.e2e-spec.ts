import { loadConfig } from '@aup/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/bootstrap';
import type { TestApp } from '../support/app';
import { bearerFor, signUp } from '../support/auth';
import { answersFixture, createAudit, setProfile, someAnswer, submitAudit } from './support/audit-fixtures';

/**
 * The same audit flow on embedded PostgreSQL (PGlite, one connection): concurrent answers, submit and
 * trail verification must neither deadlock nor lose a write when every transaction shares one session.
 */
describe('audit on embedded PostgreSQL (PGlite)', () => {
  let app: NestFastifyApplication;
  let t: TestApp;

  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_IN_MEMORY: 'true',
      MIGRATIONS_RUN: 'true',
    });
    app = await createApiApp(config, { logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    t = {
      app,
      baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
      close: () => app.close(),
    };
  }, 180_000);
  afterAll(() => app?.close());

  it('saves concurrent answers, refuses a stale write, submits and verifies the trail', async () => {
    const admin = await signUp(t);
    const client = await bearerFor(t, admin.client);
    await setProfile(client, admin.orgId, answersFixture('multinational-12000').profile);
    // Sign-up and the profile are on the organisation's chain too.
    const earlier: number = (await client.get(`/organisations/${admin.orgId}/audit-trail?limit=1`)).body
      .total;
    const audit = `/organisations/${admin.orgId}/audits/${await createAudit(client, admin.orgId)}`;
    const questions = (await client.get(`${audit}/sections/it`)).body.questions.slice(0, 10);
    expect(questions.length).toBeGreaterThanOrEqual(5);
    const saved = await Promise.all(
      questions.map((q: Parameters<typeof someAnswer>[0]) =>
        client.request('PUT', `${audit}/answers/${q.id}`, someAnswer(q)),
      ),
    );
    expect(saved.map((r) => r.status)).toEqual(questions.map(() => 200));
    const same = await Promise.all(
      Array.from({ length: 5 }, () =>
        client.request('PUT', `${audit}/answers/${questions[0].id}`, someAnswer(questions[0]), {
          headers: { 'if-match': '"1"' },
        }),
      ),
    );
    expect(same.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    const submitted = await submitAudit(client, audit);
    expect(submitted.body.status).toBe('submitted');
    expect((await client.get(`${audit}/results`)).body.kind).toBe('submitted');
    // created, started, one per answer, the winning rewrite, submitted, and one per remediation item the submit made
    const items: number = (await client.get(`/organisations/${admin.orgId}/remediation-items?limit=1`)).body
      .total;
    expect(items).toBeGreaterThan(0);
    expect((await client.get(`/organisations/${admin.orgId}/audit-trail/verify`)).body).toMatchObject({
      valid: true,
      checked: earlier + questions.length + 4 + items,
    });
  }, 120_000);

  it('runs 20 concurrent transactional requests of different kinds on its one session without deadlock', async () => {
    const admin = await signUp(t);
    const client = await bearerFor(t, admin.client);
    await setProfile(client, admin.orgId, answersFixture('multinational-12000').profile);
    const requests = [
      // sign-up: user, organisation, membership and trail events in one transaction each
      ...Array.from({ length: 6 }, () => signUp(t).then(() => 201)),
      // audit creation: audit, framework pin and trail
      ...Array.from({ length: 6 }, (_, i) =>
        createAudit(client, admin.orgId, { title: `Concurrent ${i}` }).then(() => 201),
      ),
      // invitations: invitation, outbox mail job and trail
      ...Array.from({ length: 4 }, (_, i) =>
        client
          .post(`/organisations/${admin.orgId}/invitations`, {
            email: `concurrent-${i}@example.org`,
            role: 'auditor',
          })
          .then((r) => r.status),
      ),
      // personal API tokens: token row and the account chain's event
      ...Array.from({ length: 4 }, (_, i) =>
        admin.client.post('/me/tokens', { name: `concurrent ${i}` }).then((r) => r.status),
      ),
    ];
    const statuses = await Promise.all(requests);
    expect(statuses).toHaveLength(20);
    expect(statuses.filter((s) => s !== 200 && s !== 201)).toEqual([]);
    expect((await client.get(`/organisations/${admin.orgId}/audit-trail/verify`)).body).toMatchObject({
      valid: true,
    });
  }, 120_000);
});
