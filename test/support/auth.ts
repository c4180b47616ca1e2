/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field in the tests; a loose type keeps those checks readable. */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { DataSource } from 'typeorm';
import type { Role } from '@aup/contracts';
import type { TestApp } from './app';

/** A password that passes the policy; tests that are not about passwords use it. */
export const GOOD_PASSWORD = 'lantern orbit meadow 7 copper';

/** The authenticator app's code for `secret`, `offsetSteps` 30-second steps from now. */
export const totpCode = (secret: string, offsetSteps = 0): string =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });

export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.com`;

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * A minimal HTTP client that keeps cookies like a browser and sends the CSRF header on writes, or sends a
 * bearer token instead. `csrf: false` on a call leaves the header out (to test the CSRF check).
 */
export class ApiClient {
  readonly cookies = new Map<string, string>();
  bearer?: string;

  constructor(readonly baseUrl: string) {}

  get csrfToken(): string | undefined {
    return this.cookies.get('aup_csrf');
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: { headers?: Record<string, string>; csrf?: boolean; cookies?: boolean } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    if (this.bearer) headers.authorization ??= `Bearer ${this.bearer}`;
    if (this.cookies.size && opts.cookies !== false)
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (!['GET', 'HEAD'].includes(method) && opts.csrf !== false && this.csrfToken)
      headers['x-csrf-token'] ??= this.csrfToken;
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) =>
          /^\s*max-age=0\s*$/i.test(a) ||
          (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()),
      );
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get = <T = any>(path: string, opts?: Parameters<ApiClient['request']>[3]) =>
    this.request<T>('GET', path, undefined, opts);
  post = <T = any>(path: string, body?: unknown, opts?: Parameters<ApiClient['request']>[3]) =>
    this.request<T>('POST', path, body ?? {}, opts);
  patch = <T = any>(path: string, body?: unknown, opts?: Parameters<ApiClient['request']>[3]) =>
    this.request<T>('PATCH', path, body ?? {}, opts);
  delete = <T = any>(path: string, body?: unknown, opts?: Parameters<ApiClient['request']>[3]) =>
    this.request<T>('DELETE', path, body, opts);
}

export interface SignedUp {
  client: ApiClient;
  userId: string;
  email: string;
  password: string;
  orgId: string;
}

function expectStatus(res: ApiResponse, status: number, what: string): void {
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
}

// The apps the helpers have seen, by base URL: invite() reads the database of the app its client talks to.
const appsByUrl = new Map<string, TestApp>();
const remember = (t: TestApp) => appsByUrl.set(t.baseUrl, t);

/**
 * Stands in for opening the invitation e-mail: the api never hands the token to the inviter, so the test
 * gives the invitation a fresh token of its own (stored hashed, as the api stores it) and returns it.
 */
export async function invitationTokenFor(t: TestApp, invitationId: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const sha = createHash('sha256').update(token).digest('hex');
  await t.app
    .get(DataSource)
    .query(`UPDATE invitation SET token_hash = $2 WHERE id = $1`, [invitationId, sha]);
  return token;
}

/** Signs up a new account with its own organisation; the client holds the session. */
export async function signUp(
  t: TestApp,
  opts: { email?: string; password?: string; organisationName?: string; displayName?: string } = {},
): Promise<SignedUp> {
  remember(t);
  const client = new ApiClient(t.baseUrl);
  const email = opts.email ?? uniqueEmail('admin');
  const password = opts.password ?? GOOD_PASSWORD;
  const res = await client.post('/auth/signup', {
    email,
    password,
    organisationName: opts.organisationName ?? `Org ${randomUUID().slice(0, 6)}`,
    ...(opts.displayName ? { displayName: opts.displayName } : {}),
  });
  expectStatus(res, 201, 'sign-up');
  return { client, userId: res.body.user.id, email, password, orgId: res.body.organisation.id };
}

export async function logIn(t: TestApp, email: string, password = GOOD_PASSWORD): Promise<ApiClient> {
  const client = new ApiClient(t.baseUrl);
  const res = await client.post('/auth/login', { email, password });
  expectStatus(res, 200, 'login');
  return client;
}

/** Invites `email` into `orgId` with `role`; returns the one-time token as the invitee's e-mail would carry it. */
export async function invite(
  admin: ApiClient,
  orgId: string,
  email: string,
  role: Role,
): Promise<{ token: string; invitationId: string }> {
  const res = await admin.post(`/organisations/${orgId}/invitations`, { email, role });
  expectStatus(res, 201, 'invite');
  const t = appsByUrl.get(admin.baseUrl);
  if (!t)
    throw new Error(
      'invite: sign up through signUp(t) or pass the app to addMember first, so the helper knows the database',
    );
  return { token: await invitationTokenFor(t, res.body.id), invitationId: res.body.id };
}

/** Invites a new person with `role` and accepts as them; the returned client holds their session. */
export async function addMember(
  t: TestApp,
  admin: ApiClient,
  orgId: string,
  role: Role,
  email = uniqueEmail(role),
): Promise<SignedUp> {
  remember(t);
  const { token } = await invite(admin, orgId, email, role);
  let client = new ApiClient(t.baseUrl);
  let res = await client.post(`/invitations/${token}/accept`, { password: GOOD_PASSWORD });
  if (res.status === 401 && res.body.code === 'INVITATION.SIGN_IN_REQUIRED') {
    // The address has an account: sign in as it first, as the web app asks people to.
    client = await logIn(t, email);
    res = await client.post(`/invitations/${token}/accept`, {});
  }
  expectStatus(res, 201, 'accept invitation');
  return { client, userId: res.body.userId, email, password: GOOD_PASSWORD, orgId };
}

/** A client authenticated by a fresh personal API token of the given (session) client's user. */
export async function bearerFor(t: TestApp, client: ApiClient, name = 'test'): Promise<ApiClient> {
  const res = await client.post('/me/tokens', { name });
  expectStatus(res, 201, 'create token');
  const bearer = new ApiClient(t.baseUrl);
  bearer.bearer = res.body.token;
  return bearer;
}

/**
 * Forgets failed-login counters. Every e2e test signs in from 127.0.0.1, so a file that fails logins on
 * purpose clears them when it is done, and later files start below the per-address limit.
 */
export async function clearLoginThrottle(t: TestApp): Promise<void> {
  await t.app.get(DataSource).query(`DELETE FROM login_throttle`);
}
