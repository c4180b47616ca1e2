import { DataSource } from 'typeorm';
import type { Role } from '@aup/contracts';
import { startTestApp, type TestApp } from '../support/app';
import { addMember, ApiClient, bearerFor, signUp, type ApiResponse } from '../support/auth';
import { PARAM_RESOLVERS, SHARED_CONTENT_PARAMS, type Actor } from './fixtures';
import { API_PREFIX, docPath, keyOf, readPermissions, type Operation } from './permissions-table';

/**
 * The generated permission matrix. For every operation in the OpenAPI document it checks, against
 * docs/PERMISSIONS.md: anonymous -> 401 unless public; a member of another organisation -> 404 for this
 * organisation's records; each role -> allowed (not 401/403/404, never 5xx) or 403 exactly as the table
 * says. An operation missing from the table, or a row naming no operation, fails.
 */
const permissions = readPermissions();
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('permission matrix (docs/PERMISSIONS.md x OpenAPI)', () => {
  let t: TestApp;
  let ds: DataSource;
  let orgId: string;
  const actors = {} as Record<Role, Actor>;
  let outsider: Actor;
  /** "METHOD /path" (docs form) -> the OpenAPI path as served. */
  const served = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
    const admin = await signUp(t, { organisationName: 'Matrix Org' });
    orgId = admin.orgId;
    actors.admin = { userId: admin.userId, client: await bearerFor(t, admin.client), role: 'admin' };
    for (const role of ['compliance_officer', 'respondent', 'auditor'] as const) {
      const m = await addMember(t, admin.client, orgId, role);
      actors[role] = { userId: m.userId, client: await bearerFor(t, m.client), role };
    }
    const other = await signUp(t, { organisationName: 'Other Org' });
    outsider = { userId: other.userId, client: await bearerFor(t, other.client), role: 'admin' };

    const doc = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const m of Object.keys(ops).filter((x) => METHODS.includes(x)))
        served.set(keyOf({ method: m.toUpperCase(), path: docPath(path) }), path);
    }
  });
  afterAll(() => t.close());

  /** The served path with every `{param}` filled by a fresh fixture; an unknown parameter says what to add. */
  async function urlFor(op: Operation, owner: Actor): Promise<string> {
    let url = served.get(keyOf(op));
    if (!url) throw new Error(`${keyOf(op)} is in docs/PERMISSIONS.md but not in the OpenAPI document`);
    for (const [, name] of url.matchAll(/\{(\w+)\}/g)) {
      const resolver = PARAM_RESOLVERS[name];
      if (!resolver)
        throw new Error(
          `No fixture resolver for path parameter {${name}}: add one to test/permissions/fixtures.ts`,
        );
      url = url.replace(`{${name}}`, encodeURIComponent(await resolver({ ds, orgId, owner })));
    }
    return url;
  }

  async function call(client: ApiClient | undefined, op: Operation, url: string): Promise<ApiResponse> {
    if (!url.startsWith(`${API_PREFIX}/`)) {
      const res = await fetch(`${t.baseUrl}${url}`, { method: op.method });
      return { status: res.status, headers: res.headers, body: await res.text() };
    }
    // Writes get an empty JSON body: enough to pass the guards, never enough to change anything by accident.
    return (client ?? new ApiClient(t.baseUrl)).request(
      op.method,
      url.slice(API_PREFIX.length),
      op.method === 'GET' ? undefined : {},
    );
  }

  const describeOutcome = (op: Operation, who: string, res: ApiResponse) =>
    `${keyOf(op)} as ${who}: ${res.status} ${JSON.stringify(res.body)}`;

  it('lists every operation of the OpenAPI document exactly once, and nothing else', () => {
    const listed = [...permissions.rows, ...permissions.publicRoutes].map(keyOf);
    expect({ listedTwice: listed.filter((k, i) => listed.indexOf(k) !== i) }).toEqual({ listedTwice: [] });
    expect({ missingFromPermissionsMd: [...served.keys()].filter((k) => !listed.includes(k)) }).toEqual({
      missingFromPermissionsMd: [],
    });
    expect({ notInOpenApi: listed.filter((k) => !served.has(k)) }).toEqual({ notInOpenApi: [] });
    expect([...permissions.roles].sort()).toEqual(['admin', 'auditor', 'compliance_officer', 'respondent']);
  });

  describe.each(permissions.publicRoutes.map((op) => [keyOf(op), op] as const))('public %s', (_key, op) => {
    it('answers without credentials (no 401 or 403, no 5xx)', async () => {
      const res = await call(undefined, op, await urlFor(op, actors.admin));
      if ([401, 403].includes(res.status) || res.status >= 500)
        throw new Error(describeOutcome(op, 'anonymous', res));
    });
  });

  describe.each(permissions.rows.map((row) => [keyOf(row), row] as const))('%s', (_key, row) => {
    it('answers 401 AUTH.UNAUTHENTICATED without credentials', async () => {
      const res = await call(undefined, row, await urlFor(row, actors.admin));
      if (res.status !== 401 || res.body?.code !== 'AUTH.UNAUTHENTICATED')
        throw new Error(describeOutcome(row, 'anonymous', res));
    });

    if ([...row.path.matchAll(/\{(\w+)\}/g)].some(([, name]) => !SHARED_CONTENT_PARAMS.has(name))) {
      it("answers 404 to an admin of another organisation for this organisation's records", async () => {
        const res = await call(outsider.client, row, await urlFor(row, actors.admin));
        if (res.status !== 404) throw new Error(describeOutcome(row, 'outsider', res));
      });
    }

    it.each(permissions.roles)('as %s: exactly as the table says', async (role) => {
      const actor = actors[role as Role];
      const res = await call(actor.client, row, await urlFor(row, actor));
      const ok = row.access[role]
        ? ![401, 403, 404].includes(res.status) && res.status < 500
        : res.status === 403 && res.body?.code === 'AUTH.FORBIDDEN';
      if (!ok)
        throw new Error(
          `expected ${row.access[role] ? 'allow' : '403 deny'}: ${describeOutcome(row, role, res)}`,
        );
    });
  });
});
