import { startAuditTestbed, type AuditTestbed, createAudit } from '../audits/support/audit-fixtures';
import { ApiClient, GOOD_PASSWORD, uniqueEmail } from '../support/auth';

/**
 * Fixed cases for inputs that once answered 500. Each came from the fuzz suite or a review; the fuzz suite
 * keeps looking for more of the same kinds.
 */
describe('api: text that is not well-formed Unicode, NUL and absurd nesting are refused at the door', () => {
  let bed: AuditTestbed;
  let anonymous: ApiClient;
  beforeAll(async () => {
    bed = await startAuditTestbed();
    anonymous = new ApiClient(bed.t.baseUrl);
  });
  afterAll(() => bed.close());

  const expectMalformed = (
    res: { status: number; headers: Headers; body: { code?: string; pointer?: string } },
    pointer: string,
  ) => {
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'REQUEST.MALFORMED_TEXT', pointer });
  };

  // Fuzz seed 1973089658: `encodeURIComponent` of a lone surrogate threw URIError in the login throttle.
  it('login with a lone surrogate as e-mail (fuzz seed 1973089658)', async () => {
    expectMalformed(
      await anonymous.post('/auth/login', { email: '\ud800', password: 'Kr+Oa!W' }),
      '/body/email',
    );
  });

  it('sign-up with a lone surrogate in the e-mail or the display name', async () => {
    expectMalformed(
      await anonymous.post('/auth/signup', {
        email: 'x\udc00@example.org',
        password: GOOD_PASSWORD,
        organisationName: 'Acme',
      }),
      '/body/email',
    );
    expectMalformed(
      await anonymous.post('/auth/signup', {
        email: uniqueEmail(),
        password: GOOD_PASSWORD,
        organisationName: 'Acme',
        displayName: 'Ann \ud83d',
      }),
      '/body/displayName',
    );
  });

  it('password reset, invitation and organisation names with NUL', async () => {
    expectMalformed(
      await anonymous.post('/auth/password-reset', { email: 'a\u0000@example.org' }),
      '/body/email',
    );
    expectMalformed(
      await bed.client.patch(`/organisations/${bed.orgId}`, { name: 'Acme\u0000Ltd' }),
      '/body/name',
    );
    expectMalformed(
      await bed.client.post(`/organisations/${bed.orgId}/invitations`, {
        email: 'b@example.org\u0000',
        role: 'auditor',
      }),
      '/body/email',
    );
  });

  it('an answer justification with a lone surrogate is refused and nothing is saved', async () => {
    const auditId = await createAudit(bed.client, bed.orgId);
    const section = await bed.client.get(`/organisations/${bed.orgId}/audits/${auditId}/sections/it`);
    const question = section.body.questions[0];
    const res = await bed.client.request(
      'PUT',
      `/organisations/${bed.orgId}/audits/${auditId}/answers/${question.id}`,
      { value: 'not_applicable', justification: 'We \udfff do not' },
    );
    expectMalformed(res, '/body/justification');
    const after = await bed.client.get(`/organisations/${bed.orgId}/audits/${auditId}/sections/it`);
    expect(after.body.questions[0].answer ?? null).toEqual(question.answer ?? null);
  });

  it('a malformed key and a query value are refused too', async () => {
    expectMalformed(
      await anonymous.post('/auth/login', { ['email\ud800']: 'a@example.org', password: 'x' }),
      '/body/email\ud800',
    );
    const res = await bed.client.get(
      `/organisations/${bed.orgId}/audits?status=${encodeURIComponent('a\u0000b')}`,
    );
    expectMalformed(res, '/query/status');
  });

  it('deeply nested JSON before login is 400, not a stack overflow', async () => {
    const body = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const res = await anonymous.post('/auth/login', body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.TOO_DEEP');
  });

  it('cookies with broken percent-encoding never reach a handler as a 500', async () => {
    for (const cookie of ['aup_session=%ED%A0%80', 'aup_session=%E0%A4%A; aup_csrf=%', 'aup_session=x%00y']) {
      const res = await anonymous.get('/me', { headers: { cookie } });
      expect(res.status).toBe(401);
    }
  });
});
