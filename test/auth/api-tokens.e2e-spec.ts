import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app';
import { ApiClient, bearerFor, signUp } from '../support/auth';

describe('auth: personal API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ API_TOKEN_MAX_DAYS: '30' });
  });
  afterAll(() => t.close());

  it('shows the secret once, stores only its hash and lists tokens without it', async () => {
    const { client, userId } = await signUp(t);
    const created = await client.post('/me/tokens', { name: 'reporting script', expiresInDays: 7 });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^aup_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(created.body.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const list = await client.get('/me/tokens');
    expect(list.body).toMatchObject({
      total: 1,
      limit: 20,
      offset: 0,
      items: [{ id: created.body.id, name: 'reporting script', revokedAt: null }],
    });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const [row]: { token_hash: string }[] = await t.app
      .get(DataSource)
      .query(`SELECT token_hash FROM api_token WHERE user_id = $1`, [userId]);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.token_hash).not.toContain(created.body.token.slice(4));
  });

  it('authenticates as the user without CSRF and records when it was last used', async () => {
    const { client, email } = await signUp(t);
    const bearer = await bearerFor(t, client);
    const me = await bearer.get('/me');
    expect(me.body).toMatchObject({ user: { email }, authenticatedBy: 'token' });
    // A write without CSRF token gets past authentication; minting a token with a token is refused by rule.
    expect((await bearer.post('/me/tokens', { name: 'second' })).body.code).toBe('AUTH.SESSION_REQUIRED');
    const list = await client.get('/me/tokens');
    expect(list.body.items.find((i: { name: string }) => i.name === 'test').lastUsedAt).not.toBeNull();
  });

  it('answers 401 AUTH.TOKEN_INVALID for malformed, forged, expired and revoked tokens', async () => {
    const { client, userId } = await signUp(t);
    const expect401 = async (authorization: string) => {
      const res = await fetch(`${t.baseUrl}/api/v1/me`, { headers: { authorization } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe('AUTH.TOKEN_INVALID');
    };
    await expect401('Bearer not-our-format');
    await expect401('Basic dXNlcjpwYXNz');
    await expect401(`Bearer aup_${'A'.repeat(43)}`);

    const bearer = await bearerFor(t, client);
    await t.app
      .get(DataSource)
      .query(`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [userId]);
    await expect401(`Bearer ${bearer.bearer}`);

    const second = await client.post('/me/tokens', { name: 'to revoke' });
    expect((await client.delete(`/me/tokens/${second.body.id}`)).status).toBe(204);
    await expect401(`Bearer ${second.body.token}`);
    expect(
      (await client.get('/me/tokens')).body.items.find((i: { id: string }) => i.id === second.body.id)
        .revokedAt,
    ).not.toBeNull();
  });

  it("refuses a lifetime beyond API_TOKEN_MAX_DAYS and answers 404 for another user's token id", async () => {
    const { client } = await signUp(t);
    const tooLong = await client.post('/me/tokens', { name: 'x', expiresInDays: 31 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.code).toBe('VALIDATION.FAILED');
    const other = await signUp(t);
    const theirs = await other.client.post('/me/tokens', { name: 'theirs' });
    expect((await client.delete(`/me/tokens/${theirs.body.id}`)).status).toBe(404);
    expect((await client.delete('/me/tokens/not-a-uuid')).status).toBe(404);
    const stillWorks = new ApiClient(t.baseUrl);
    stillWorks.bearer = theirs.body.token;
    expect((await stillWorks.get('/me')).status).toBe(200);
  });
});
