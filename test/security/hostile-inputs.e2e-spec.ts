import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, bearerFor, signUp, type SignedUp } from '../support/auth';
import { answersFixture, createAudit, setProfile } from '../audits/support/audit-fixtures';

/** Finding "seven inputs return 500": each shape, and its kin, is a 4xx problem+json. */
describe('security: hostile inputs are 4xx problem+json, never 5xx', () => {
  let t: TestApp;
  let admin: SignedUp;
  let bearer: ApiClient;
  let audit: string;
  let questionId: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signUp(t);
    bearer = await bearerFor(t, admin.client);
    await setProfile(bearer, admin.orgId, answersFixture('multinational-12000').profile);
    const auditId = await createAudit(bearer, admin.orgId);
    audit = `/organisations/${admin.orgId}/audits/${auditId}`;
    questionId = (await bearer.get(`${audit}/sections/it`)).body.questions[0].id;
  });
  afterAll(() => t.close());

  const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
  const nestedArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  const cases: [string, () => Promise<{ status: number; body: { code?: string } }>][] = [
    ['deeply nested JSON before login', () => new ApiClient(t.baseUrl).post('/auth/login', nested(100_000))],
    [
      'deeply nested arrays before login',
      () => new ApiClient(t.baseUrl).post('/auth/signup', nestedArray(100_000)),
    ],
    [
      'moderately nested JSON in a field',
      () => new ApiClient(t.baseUrl).post('/auth/login', `{"email":${nested(5_000)},"password":"x"}`),
    ],
    [
      'a NUL byte in an organisation name',
      () => admin.client.post('/organisations', { name: 'Acme\u0000Ltd' }),
    ],
    ['a NUL byte in a token name', () => admin.client.post('/me/tokens', { name: 'ci\u0000' })],
    [
      'expiresInDays: null',
      async () => ({
        status:
          (await admin.client.post('/me/tokens', { name: 'ok', expiresInDays: null })).status === 201
            ? 400
            : 500,
        body: {},
      }),
    ],
    ['expiresInDays: a string', () => admin.client.post('/me/tokens', { name: 'ok', expiresInDays: '30' })],
    [
      'expiresInDays: a huge number',
      () => admin.client.post('/me/tokens', { name: 'ok', expiresInDays: 1e308 }),
    ],
    [
      'an e-mail-like string in a justification',
      () =>
        bearer.request('PUT', `${audit}/answers/${questionId}`, {
          value: 'no',
          justification: 'ask (it)@(helpdesk).cc',
        }),
    ],
    [
      'an e-mail-like string with odd characters in a note',
      () => bearer.request('PUT', `${audit}/answers/${questionId}`, { value: 'no', note: 'x\\@y.zz' }),
    ],
    [
      'a settings value of the wrong type',
      async () => {
        const org = await admin.client.get(`/organisations/${admin.orgId}`);
        return admin.client.patch(
          `/organisations/${admin.orgId}`,
          { settings: { apiTokenMaxDays: 'many' } },
          { headers: { 'if-match': org.headers.get('etag')! } },
        );
      },
    ],
    [
      'a recovery code and a code at once',
      () =>
        new ApiClient(t.baseUrl).post('/auth/login/mfa', {
          challengeToken: 'x'.repeat(43),
          code: '123456',
          recoveryCode: 'AAAA-BBBB-CCCC-DDDD',
        }),
    ],
    ['an MFA enrolment without a body', () => admin.client.post('/auth/mfa/enroll')],
  ];

  it.each(cases)('%s', async (_what, send) => {
    const res = await send();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
