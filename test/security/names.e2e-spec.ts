import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, GOOD_PASSWORD, signUp, uniqueEmail, type SignedUp } from '../support/auth';

/** Finding "unscreened fields": organisation name, display name and token name are names, nothing else. */
describe('security: name fields hold names only', () => {
  let t: TestApp;
  let admin: SignedUp;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await signUp(t);
  });
  afterAll(() => t.close());

  const BAD = [
    ['a link', 'Acme — claim your bonus at https://evil.example'],
    ['a bare domain', 'evil-example.com'],
    ['a defanged domain', 'evil[.]example[.]com'],
    ['an ANSI escape', 'Acme\u001b[31m Ltd'],
    ['a line break', 'Acme\nPay at the link below'],
    ['a bidi override', 'Acme \u202eLtd'],
    ['a NUL byte', 'Acme\u0000Ltd'],
    ['an e-mail address', 'pay@evil.example'],
    ['markup', 'Acme <b>Ltd</b>'],
  ] as const;

  /**
   * The refused field: validation names it in `errors`; text that is not storable at all (NUL) is refused at
   * the request boundary first, with a pointer into the body.
   */
  const fieldOf = (body: { code?: string; pointer?: string; errors?: { pointer: string }[] }) =>
    body.code === 'REQUEST.MALFORMED_TEXT'
      ? body.pointer?.replace(/^\/body/, '')
      : body.code === 'VALIDATION.FAILED'
        ? body.errors?.[0]?.pointer
        : body.code;

  it.each(BAD)(
    'refuses %s as an organisation name at sign-up, on create and on rename (400, never 500)',
    async (_what, name) => {
      const signup = await new ApiClient(t.baseUrl).post('/auth/signup', {
        email: uniqueEmail(),
        password: GOOD_PASSWORD,
        organisationName: name,
      });
      expect(signup.status).toBe(400);
      expect(fieldOf(signup.body)).toBe('/organisationName');
      const created = await admin.client.post('/organisations', { name });
      expect(created.status).toBe(400);
      const org = await admin.client.get(`/organisations/${admin.orgId}`);
      const renamed = await admin.client.patch(
        `/organisations/${admin.orgId}`,
        { name },
        { headers: { 'if-match': org.headers.get('etag')! } },
      );
      expect(renamed.status).toBe(400);
    },
  );

  it.each(BAD)('refuses %s as a display name and as a token name', async (_what, name) => {
    const signup = await new ApiClient(t.baseUrl).post('/auth/signup', {
      email: uniqueEmail(),
      password: GOOD_PASSWORD,
      organisationName: 'Fine Ltd',
      displayName: name,
    });
    expect(signup.status).toBe(400);
    expect(fieldOf(signup.body)).toBe('/displayName');
    const token = await admin.client.post('/me/tokens', { name });
    expect(token.status).toBe(400);
    expect(fieldOf(token.body)).toBe('/name');
  });

  it('accepts real names in any script', async () => {
    for (const name of [
      'Müller & Söhne GmbH',
      'O’Brien (Ireland) Ltd.',
      'Åkesson Bygg AB',
      'Société Générale S.A.',
      '株式会社サンプル',
    ]) {
      const created = await admin.client.post('/organisations', { name });
      expect(created.status).toBe(201);
    }
    expect((await admin.client.post('/me/tokens', { name: 'reporting script #2 (CI/CD)' })).status).toBe(201);
  });
});
