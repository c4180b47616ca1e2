import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import {
  addMember,
  ApiClient,
  clearLoginThrottle,
  GOOD_PASSWORD,
  signUp,
  uniqueEmail,
} from '../support/auth';
import {
  createAudit,
  someAnswer,
  startAuditTestbed,
  type AuditTestbed,
} from '../audits/support/audit-fixtures';

/** A client address of its own per test, named through the trusted proxy (127.0.0.1 in these tests). */
const someAddress = () => `198.51.100.${randomInt(1, 254)}`;

/**
 * Findings "nothing is rate-limited" and "X-Forwarded-For trusted from anyone": per-address and
 * per-account limits with Retry-After, and client addresses taken from configured proxies only.
 */
describe('security: request rate limits and trusted proxies', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_SCALE: '0.25', TRUST_PROXY: '127.0.0.1' });
  });
  // Other files count their requests from 127.0.0.1 under a larger scale: each test starts from clean
  // counters, and the file leaves none behind.
  const clearRateLimits = () => t.app.get(DataSource).query(`DELETE FROM rate_limit`);
  beforeEach(clearRateLimits);
  afterAll(async () => {
    await clearRateLimits();
    await clearLoginThrottle(t);
    await t.close();
  });

  it('limits sign-ups per address (20 an hour x 0.25 = 5) with Retry-After', async () => {
    const address = someAddress();
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await new ApiClient(t.baseUrl).post(
        '/auth/signup',
        { email: uniqueEmail(), password: GOOD_PASSWORD, organisationName: 'Flood Ltd' },
        { headers: { 'x-forwarded-for': address } },
      );
      statuses.push(last.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    expect(last!.body.code).toBe('AUTH.RATE_LIMITED');
    const retryAfter = Number(last!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // Another address is not affected.
    const other = await new ApiClient(t.baseUrl).post(
      '/auth/signup',
      { email: uniqueEmail(), password: GOOD_PASSWORD, organisationName: 'Fine Ltd' },
      { headers: { 'x-forwarded-for': someAddress() } },
    );
    expect(other.status).toBe(201);
  });

  it('limits invitations per account (100 an hour x 0.25 = 25), whatever the address', async () => {
    const admin = await signUp(t);
    const statuses: number[] = [];
    for (let i = 0; i < 27; i++) {
      const res = await admin.client.post(
        `/organisations/${admin.orgId}/invitations`,
        { email: uniqueEmail('flood'), role: 'respondent' },
        { headers: { 'x-forwarded-for': someAddress() } },
      );
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(25);
    expect(statuses.slice(-2)).toEqual([429, 429]);
  });

  it('limits organisation creation per account (20 an hour x 0.25 = 5)', async () => {
    const admin = await signUp(t);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await admin.client.post('/organisations', { name: `Subsidiary ${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429]);
  });

  it('limits sign-in attempts per e-mail (100 an hour x 0.25 = 25) even when every one succeeds', async () => {
    const { email } = await signUp(t);
    let last;
    for (let i = 0; i < 26; i++)
      last = await new ApiClient(t.baseUrl).post(
        '/auth/login',
        { email, password: GOOD_PASSWORD },
        { headers: { 'x-forwarded-for': someAddress() } },
      );
    expect(last!.status).toBe(429);
  });
});

describe('security: X-Forwarded-For is ignored unless the peer is a configured proxy', () => {
  let t: TestApp;
  beforeAll(async () => {
    // No TRUST_PROXY: the default.
    t = await startTestApp({ LOGIN_IP_MAX_FAILURES: '3' });
    await clearLoginThrottle(t);
  });
  afterAll(async () => {
    await clearLoginThrottle(t);
    await t.close();
  });

  it('counts failed sign-ins against the socket address however the header varies', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await new ApiClient(t.baseUrl).post(
        '/auth/login',
        { email: uniqueEmail('spray'), password: 'wrong password entirely' },
        { headers: { 'x-forwarded-for': someAddress() } },
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('security: batch answer saves are rate-limited per account', () => {
  let bed: AuditTestbed;
  beforeAll(async () => {
    // 1000 batches an hour per account x 0.01 = 10 (3000 per address x 0.01 = 30).
    bed = await startAuditTestbed({ RATE_LIMIT_SCALE: '0.01' });
  });
  afterAll(() => bed?.close());

  it('answers the 11th batch within the hour 429 problem+json with Retry-After, and saves nothing of it', async () => {
    const { client, orgId, ds } = bed;
    const auditId = await createAudit(client, orgId);
    const audit = `/organisations/${orgId}/audits/${auditId}`;
    const [q1, q2] = (await client.get(`${audit}/sections/leadership`)).body.questions;
    const batch = (version: number | undefined, note: string) =>
      client.post(`${audit}/answers`, {
        answers: [
          { questionId: q1.id, ...someAnswer(q1), note, ...(version ? { version } : {}) },
          { questionId: q2.id, ...someAnswer(q2), note, ...(version ? { version } : {}) },
        ],
      });
    for (let i = 0; i < 10; i++) expect((await batch(i || undefined, `save ${i + 1}`)).status).toBe(200);

    const refused = await batch(10, 'over the limit');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'AUTH.RATE_LIMITED' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    expect(refused.body.retryAfterSeconds).toBe(retryAfter);

    // Nothing of the refused batch reached the answers or their history.
    const rows: { question_id: string; version: number; note: string }[] = await ds.query(
      `SELECT question_id, version, note FROM answer WHERE audit_id = $1 ORDER BY question_id`,
      [auditId],
    );
    expect(rows.map((r) => [r.question_id, r.version, r.note])).toEqual(
      [q1.id, q2.id].sort().map((id) => [id, 10, 'save 10']),
    );
    // An answer's history is its trail events (one per save): ten saves of two answers, none refused.
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_event e JOIN answer a ON e.entity = 'answer' AND e.entity_id = a.id::text
        WHERE a.audit_id = $1 AND e.action IN ('created', 'updated')`,
      [auditId],
    );
    expect(n).toBe(20);

    // Another person of the organisation has a count of their own.
    const officer = await addMember(bed.t, client, orgId, 'compliance_officer');
    const saved = await officer.client.post(`${audit}/answers`, {
      answers: [{ questionId: q1.id, ...someAnswer(q1), note: 'officer', version: 10 }],
    });
    expect(saved.status).toBe(200);
  });
});
