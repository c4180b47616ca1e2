import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/app';
import { bearerFor, signUp } from '../support/auth';
import { answersFixture, createAudit, setProfile } from '../audits/support/audit-fixtures';

/**
 * Sends random and malformed bodies, path parameters, query strings and headers to every operation of the
 * OpenAPI document: the api must never answer 5xx, and every error must be problem+json with a code.
 * CI runs FUZZ_RUNS_PER_ROUTE (default 20) per operation from a fixed seed, so a run is reproducible;
 * `npm run test:fuzz` sends FUZZ_TOTAL (10,000+) requests from a new random seed each time. Either way the
 * seed is printed; `FUZZ_SEED=<seed>` replays a run, and a failure found that way becomes a fixed case in
 * test/api/malformed-input.e2e-spec.ts.
 */
const FIXED_SEED = 20261204;
const SEED = Number(
  process.env.FUZZ_SEED ??
    (Number(process.env.FUZZ_TOTAL ?? 0) > 0 ? Math.floor(Math.random() * 2 ** 31) : FIXED_SEED),
);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  method: (typeof METHODS)[number];
  path: string;
  params: { name: string; in: string }[];
  bodyKeys: string[];
}

interface Schema {
  $ref?: string;
  properties?: Record<string, Schema>;
  allOf?: Schema[];
}

describe('fuzz: every route, random and malformed input', () => {
  let t: TestApp;
  let token: string;
  let operations: Operation[] = [];
  const real: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await signUp(t);
    const client = await bearerFor(t, admin.client);
    token = client.bearer!;
    await setProfile(client, admin.orgId, answersFixture('multinational-12000').profile);
    real.orgId = admin.orgId;
    real.auditId = await createAudit(client, admin.orgId);
    real.section = 'it';
    real.questionId = (
      await client.get(`/organisations/${admin.orgId}/audits/${real.auditId}/sections/it`)
    ).body.questions[0].id;
    real.userId = admin.userId;

    const doc = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; in: string }[];
            requestBody?: { content?: Record<string, { schema?: Schema }> };
          }
        >
      >;
      components?: { schemas?: Record<string, Schema> };
    };
    const resolve = (s: Schema | undefined): string[] => {
      if (!s) return [];
      if (s.$ref) return resolve(doc.components?.schemas?.[s.$ref.split('/').pop()!]);
      return [...Object.keys(s.properties ?? {}), ...(s.allOf ?? []).flatMap(resolve)];
    };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      METHODS.filter((m) => ops[m]).map((method) => ({
        method,
        path,
        params: ops[method].parameters ?? [],
        bodyKeys: resolve(ops[method].requestBody?.content?.['application/json']?.schema),
      })),
    );
  });
  afterAll(() => t.close());

  const perRoute = () => {
    const total = Number(process.env.FUZZ_TOTAL ?? 0);
    return total > 0
      ? Math.ceil(total / Math.max(operations.length, 1))
      : Number(process.env.FUZZ_RUNS_PER_ROUTE ?? 20);
  };

  const ascii = fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    maxLength: 40,
  });
  const nasty = fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    'a\udc00b',
    '\ude00\ud83d',
    'x\u0000@example.org',
    '%',
    '%00',
    '%E0%A4%A',
    '../../etc',
    '0',
    '-1',
    '1e309',
    'null',
    'true',
    '[]',
    '{}',
    '"',
    "'; DROP TABLE audit; --",
    'x'.repeat(5000),
    '😀',
    'https://example.org',
    'a@example.org',
    'd41d8cd98f00b204e9800998ecf8427e',
  );
  const textish = fc.oneof(fc.string({ maxLength: 60 }), nasty, ascii);
  const jsonish = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    textish,
    fc.integer(),
    fc.double(),
    fc.constant(null),
    fc.array(textish, { maxLength: 5 }),
  );
  const paramValue = (name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant(real[name] ?? 'x') },
      { weight: 1, arbitrary: fc.uuid().map(String) },
      { weight: 2, arbitrary: textish.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '?'))) },
      { weight: 1, arbitrary: nasty },
    );
  const body = (keys: string[]) =>
    fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .dictionary(fc.oneof(fc.constantFrom(...(keys.length ? keys : ['x'])), ascii), jsonish, {
            maxKeys: 6,
          })
          .map((o) => JSON.stringify(o)),
      },
      { weight: 1, arbitrary: jsonish.map((v) => JSON.stringify(v)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '{"a":',
          '[',
          '{"value": NaN}',
          '\u0000',
          '{"__proto__": {"x": 1}}',
          '{"constructor": {"prototype": {}}}',
          '',
        ),
      },
      // Shapes that once answered 500: deep nesting, NUL in names, null where a number is optional, an e-mail-like justification.
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '['.repeat(50_000) + ']'.repeat(50_000),
          `{"name":${'{"a":'.repeat(2_000)}1${'}'.repeat(2_000)}}`,
          JSON.stringify({
            name: 'Acme\u0000Ltd',
            organisationName: 'Acme\u0000Ltd',
            displayName: 'A\u0000',
          }),
          JSON.stringify({ name: 'ci', expiresInDays: null }),
          JSON.stringify({ value: 'no', justification: 'ask (it)@(helpdesk).cc', note: 'x\\@y.zz' }),
        ),
      },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
  const headers = fc.record(
    {
      'if-match': fc.oneof(fc.constantFrom('"1"', '*', 'W/"2"', '"0"', '"99999999999"', '1, 2', '""'), ascii),
      'content-type': fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'multipart/form-data; boundary=x',
        'image/png',
        'application/x-www-form-urlencoded',
        'application/octet-stream',
      ),
      'x-request-id': ascii,
      accept: fc.constantFrom('*/*', 'application/json', 'text/html', 'application/xml'),
      authorization: fc.constantFrom(`Bearer ${'aup_'}garbage`, 'Basic Zm9vOmJhcg==', 'Bearer'),
      // Cookies are decoded by the server: broken percent-encoding must not reach a handler as a 500.
      cookie: fc.constantFrom(
        'aup_session=%ED%A0%80',
        'aup_session=%E0%A4%A; aup_csrf=%',
        'aup_session=x%00y',
        '_csrf=%FF%FE',
      ),
    },
    { requiredKeys: [] },
  );

  it('never answers 5xx and always answers errors as problem+json', async () => {
    expect(operations.length).toBeGreaterThan(30);
    const runs = perRoute();
    process.stdout.write(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED})\n`);
    let requests = 0;
    for (const [index, op] of operations.entries()) {
      const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const input = fc.record({
        params: fc.tuple(...pathParams.map(paramValue)),
        query: fc.dictionary(
          fc.oneof(
            fc.constantFrom(
              ...op.params.filter((p) => p.in === 'query').map((p) => p.name),
              'limit',
              'offset',
            ),
            ascii,
          ),
          textish,
          { maxKeys: 4 },
        ),
        body: body(op.bodyKeys),
        headers,
        authenticated: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(input, async (i) => {
          let url = op.path;
          pathParams.forEach((name, k) => (url = url.replace(`{${name}}`, i.params[k] || 'x')));
          const qs = new URLSearchParams(
            Object.entries(i.query).map(([k, v]): [string, string] => [k, String(v)]),
          ).toString();
          const h: Record<string, string> = { ...i.headers };
          // The real token most of the time, so requests get past authentication and reach validation.
          if (i.authenticated) h.authorization = `Bearer ${token}`;
          const sent = i.body === '' ? undefined : i.body;
          const res = await fetch(`${t.baseUrl}${url}${qs ? `?${qs}` : ''}`, {
            method: op.method.toUpperCase(),
            headers: h,
            body: op.method === 'get' ? undefined : sent,
          });
          requests++;
          const text = await res.text();
          if (res.status >= 500)
            throw new Error(`${op.method.toUpperCase()} ${url}: ${res.status} ${text.slice(0, 500)}`);
          if (res.status >= 400) {
            if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? ''))
              throw new Error(
                `${op.method.toUpperCase()} ${url}: ${res.status} not problem+json: ${text.slice(0, 200)}`,
              );
            const problem = JSON.parse(text) as { code?: unknown; status?: unknown };
            if (typeof problem.code !== 'string' || problem.status !== res.status)
              throw new Error(`${op.method.toUpperCase()} ${url}: malformed problem ${text.slice(0, 200)}`);
          }
        }),
        { numRuns: runs, endOnFailure: true, seed: SEED + index },
      );
    }
    expect(requests).toBe(runs * operations.length);
    process.stdout.write(`fuzz: ${requests} requests over ${operations.length} operations\n`);
  }, 1_800_000);
});
