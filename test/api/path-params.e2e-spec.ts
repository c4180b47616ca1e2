import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod, type Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { pathParamsOf } from '../../apps/api/src/common/path-param';
import { addMember, ApiClient, bearerFor, signUp, type ApiResponse } from '../support/auth';
import { startTestApp, type TestApp } from '../support/app';
import { createAudit } from '../audits/support/audit-fixtures';

interface Route {
  /** e.g. `PUT /organisations/:orgId/policy-model/clauses/:clauseId` */
  key: string;
  method: string;
  path: string;
  params: string[];
  handler: object;
}

/** Every route the running api serves, from Nest's own controller metadata (the router's source). */
function routesOf(t: TestApp): Route[] {
  const routes: Route[] = [];
  const joined = (...parts: string[]) =>
    `/${parts
      .flatMap((p) => p.split('/'))
      .filter(Boolean)
      .join('/')}`;
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as Type | null;
      if (!type) continue;
      const bases = [Reflect.getMetadata(PATH_METADATA, type) as string | string[]].flat();
      const proto = type.prototype as Record<string, object>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const subs = [Reflect.getMetadata(PATH_METADATA, handler) as string | string[]].flat();
        for (const base of bases)
          for (const sub of subs) {
            const path = joined(base, sub);
            const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
            routes.push({ key: `${method} ${path}`, method, path, params, handler });
          }
      }
    }
  }
  return routes;
}

interface OpenApiParameter {
  name: string;
  in: string;
  schema?: {
    type?: string;
    pattern?: string;
    format?: string;
    enum?: unknown[];
    maxLength?: number;
    maximum?: number;
  };
}

describe('path parameters: one zod schema each, malformed 400, unknown 404', () => {
  let t: TestApp;
  let routes: Route[];
  let admin: ApiClient;
  let respondent: ApiClient;
  let outsider: ApiClient;
  let orgId: string;
  let auditId: string;

  beforeAll(async () => {
    // The ops ping route only exists with JOBS_PING_ENABLED, and it has a path parameter too.
    t = await startTestApp({ JOBS_PING_ENABLED: 'true' });
    routes = routesOf(t);
    const owner = await signUp(t, { organisationName: 'Param Org' });
    orgId = owner.orgId;
    admin = await bearerFor(t, owner.client);
    respondent = await bearerFor(t, (await addMember(t, owner.client, orgId, 'respondent')).client);
    outsider = await bearerFor(t, (await signUp(t, { organisationName: 'Other Org' })).client);
    auditId = await createAudit(admin, orgId);
  });
  afterAll(() => t.close());

  it('finds the routes of every controller', () => {
    expect(routes.length).toBeGreaterThan(80);
    expect(routes.map((r) => r.key)).toEqual(
      expect.arrayContaining([
        'PUT /organisations/:orgId/policy-model/clauses/:clauseId',
        'GET /frameworks/:frameworkId/versions/:version',
        'POST /invitations/:token/accept',
        'GET /ops/jobs/ping/:id',
      ]),
    );
  });

  it('reads every path parameter of every route with @PathParam and a schema (orgId: OrganisationGuard)', () => {
    const unchecked = routes.flatMap((r) =>
      r.params
        // OrganisationGuard checks orgId on every route that has one, whether the handler reads it or not.
        .filter((name) => !(name in pathParamsOf(r.handler)) && name !== 'orgId')
        .map((name) => `${r.key}: :${name} has no schema`),
    );
    expect(unchecked).toEqual([]);
  });

  it('publishes each path parameter once, with a bounded pattern, format, enum or integer range', async () => {
    const doc = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>>;
    };
    const gaps: string[] = [];
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const declared = (op.parameters ?? []).filter((p) => p.in === 'path');
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const key = `${method.toUpperCase()} ${path}`;
        if (JSON.stringify(declared.map((p) => p.name).sort()) !== JSON.stringify([...inPath].sort()))
          gaps.push(`${key}: declares ${declared.map((p) => p.name).join(', ')} for ${inPath.join(', ')}`);
        for (const { name, schema = {} } of declared) {
          checked++;
          const unbounded = !schema.pattern || /[*+]|\{\d+,\}/.test(schema.pattern);
          const bounded =
            schema.enum !== undefined ||
            (schema.type === 'integer' && schema.maximum !== undefined) ||
            (schema.type === 'string' &&
              (schema.format === 'uuid' ||
                (schema.pattern !== undefined && (schema.maxLength !== undefined || !unbounded))));
          if (!bounded) gaps.push(`${key}: {${name}} has no bounded schema: ${JSON.stringify(schema)}`);
        }
      }
    expect(gaps).toEqual([]);
    expect(checked).toBeGreaterThan(80);
  });

  const expectInvalidParam = (res: ApiResponse, name: string) => {
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'VALIDATION.FAILED' });
    expect((res.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual([
      `/params/${name}`,
    ]);
  };
  const expectNotFound = (res: ApiResponse, code: string) => {
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code });
  };

  const policyModel = () => `/organisations/${orgId}/policy-model`;
  const audit = () => `/organisations/${orgId}/audits/${auditId}`;

  /** A request that carries `value` as the parameter, and nothing else the route could refuse. */
  const requestWith: Record<string, (client: ApiClient, value: string) => Promise<ApiResponse>> = {
    clauseId: (c, v) => c.request('PUT', `${policyModel()}/clauses/${v}`, { state: 'missing' }),
    stepId: (c, v) => c.request('PUT', `${policyModel()}/action-plan/steps/${v}`, {}),
    obligationId: (c, v) => c.request('PUT', `${policyModel()}/obligations/${v}`, {}),
    section: (c, v) => c.get(`${audit()}/sections/${v}`),
    submission: (c, v) => c.get(`${audit()}/versions/${v}`),
    frameworkId: (c, v) => c.get(`/frameworks/${v}/versions/1.0.0`),
    version: (c, v) => c.get(`/frameworks/workplace-csam-readiness/versions/${v}`),
    token: (_c, v) => new ApiClient(t.baseUrl).post(`/invitations/${v}/accept`, { password: 'x' }),
  };

  // [parameter, malformed values, a well-formed value that names nothing, its 404 code]
  const cases: [string, string[], string, string][] = [
    ['clauseId', ['AUP-SCOPE', 'aup_scope', '1-aup', 'a'.repeat(65)], 'no-such-clause', 'RESOURCE.NOT_FOUND'],
    ['stepId', ['Contain', '-contain', 'contain.1', 's'.repeat(65)], 'no-such-step', 'RESOURCE.NOT_FOUND'],
    [
      'obligationId',
      ['gb-offences', 'GB_OFFENCES', '-GB', 'G'.repeat(65)],
      'SE-NOT-HERE',
      'RESOURCE.NOT_FOUND',
    ],
    ['section', ['IT', 'it-2', '_it', 'i'.repeat(65)], 'finance', 'SECTION.NOT_FOUND'],
    ['submission', ['0', '-1', '1.5', 'x', '01', '1'.repeat(10)], '3', 'AUDIT.VERSION_NOT_FOUND'],
    [
      'frameworkId',
      ['Workplace', '..%2F..%2Fetc', '9-lives', 'f'.repeat(65)],
      'no-framework',
      'FRAMEWORK.NOT_FOUND',
    ],
    [
      'version',
      ['latest', '1.0', '01.0.0', '1.0.0-beta', `1.${'1'.repeat(40)}.0`],
      '99.0.0',
      'FRAMEWORK.NOT_FOUND',
    ],
    [
      'token',
      ['abc', 'A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}.`],
      'A'.repeat(43),
      'INVITATION.NOT_FOUND',
    ],
  ];

  describe.each(cases)(':%s', (name, malformed, unknown, code) => {
    it('answers a malformed value 400 VALIDATION.FAILED at /params/<name>', async () => {
      for (const value of malformed) expectInvalidParam(await requestWith[name](admin, value), name);
    });

    it('answers a well-formed unknown value 404 as before', async () => {
      expectNotFound(await requestWith[name](admin, unknown), code);
    });
  });

  it("checks the organisation and the role first: another organisation's member gets 404, a role without access 403", async () => {
    for (const path of ['clauses/AUP-SCOPE', 'action-plan/steps/Contain', 'obligations/gb-offences']) {
      expectNotFound(await outsider.request('PUT', `${policyModel()}/${path}`, {}), 'RESOURCE.NOT_FOUND');
      const res = await respondent.request('PUT', `${policyModel()}/${path}`, {});
      expect([res.status, res.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    }
    expectNotFound(await outsider.get(`${audit()}/sections/IT`), 'RESOURCE.NOT_FOUND');
    expectNotFound(await outsider.get(`${audit()}/versions/0`), 'RESOURCE.NOT_FOUND');
  });

  it('keeps record ids at 404 whether malformed or unknown, like an id of another organisation', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      expectNotFound(await admin.get(`/organisations/${orgId}/audits/${id}`), 'RESOURCE.NOT_FOUND');
      expectNotFound(await admin.get(`/organisations/${id}`), 'RESOURCE.NOT_FOUND');
    }
    expectNotFound(await admin.get(`${audit()}/answers/not%20a%20question/history`), 'QUESTION.NOT_FOUND');
    const ping = await fetch(`${t.baseUrl}/ops/jobs/ping/not-a-uuid`);
    expect([ping.status, ((await ping.json()) as { code: string }).code]).toEqual([404, 'JOB.NOT_FOUND']);
  });

  it('reads a record id in any case as the same record', async () => {
    const res = await admin.get(`/organisations/${orgId.toUpperCase()}/audits/${auditId.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(auditId);
  });

  it('answers a malformed orgId 404 on every organisation route, whether or not the handler reads it', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => x.params.includes('orgId'))) {
      let path = r.path;
      for (const name of r.params) path = path.replace(`:${name}`, name === 'orgId' ? 'not-a-uuid' : 'x');
      const res = await admin.request(r.method, path, r.method === 'GET' ? undefined : {});
      if (res.status !== 404 || res.body.code !== 'RESOURCE.NOT_FOUND')
        wrong.push(`${r.key}: ${res.status} ${res.body.code}`);
    }
    expect(wrong).toEqual([]);
  });
});
