import { startTestApp, type TestApp } from '../support/app';
import { API_PREFIX, docPath, keyOf, readPermissions } from './permissions-table';

interface OpenApiOperation {
  summary?: string;
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses: Record<
    string,
    { content?: Record<string, { examples?: Record<string, { value?: { code?: string } }> }> }
  >;
}

/**
 * The OpenAPI document is what client authors code against: every api operation must say what it does,
 * what it answers on success, and which problem codes (with an example each) it can answer with.
 */
describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: {
    paths: Record<string, Record<string, OpenApiOperation>>;
    components: { schemas: Record<string, unknown> };
  };
  const publicKeys = new Set(readPermissions().publicRoutes.map(keyOf));

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await (await fetch(`${t.baseUrl}/docs-json`)).json()) as typeof doc;
  });
  afterAll(() => t.close());

  const apiOperations = () =>
    Object.entries(doc.paths)
      .filter(([path]) => path.startsWith(`${API_PREFIX}/`))
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({
          key: keyOf({ method: method.toUpperCase(), path: docPath(path) }),
          path,
          op,
        })),
      );

  it('documents a summary, a success answer and example problem codes for every api operation', () => {
    const gaps: string[] = [];
    for (const { key, path, op } of apiOperations()) {
      if (!op.summary) gaps.push(`${key}: no summary`);
      if (!Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))) gaps.push(`${key}: no 2xx response`);
      for (const [status, res] of Object.entries(op.responses).filter(([s]) => /^[45]\d\d$/.test(s))) {
        const examples = Object.values(res.content?.['application/problem+json']?.examples ?? {});
        if (!examples.length || examples.some((e) => !e.value?.code))
          gaps.push(`${key}: ${status} has no problem+json example with a code`);
      }
      const documented = (s: string) => Object.keys(op.responses).includes(s);
      if (!publicKeys.has(key) && !documented('401')) gaps.push(`${key}: 401 not documented`);
      if (path.includes('{orgId}') && !(documented('403') && documented('404')))
        gaps.push(`${key}: 403/404 not documented`);
      const body = op.requestBody?.content?.['application/json']?.schema?.$ref;
      if (body && !doc.components.schemas[body.split('/').pop()!])
        gaps.push(`${key}: request schema ${body} missing`);
    }
    expect(gaps).toEqual([]);
  });

  // 202 (password reset) and 204 answer without a body.
  it('gives every success answer with a body a schema, and never types a text field as object', () => {
    const gaps: string[] = [];
    for (const { key, op } of apiOperations()) {
      for (const [status, res] of Object.entries(op.responses).filter(
        ([s]) => /^2\d\d$/.test(s) && s !== '204' && s !== '202',
      )) {
        const content = (res as { content?: Record<string, { schema?: unknown }> }).content;
        const hasSchema = !!content && Object.values(content).some((c) => c.schema);
        if (!hasSchema) gaps.push(`${key}: ${status} has no schema`);
      }
    }
    // A property named like text (title, name, statement, ...) typed `object` is a schema generated from a
    // `string | null` the generator could not read; it must say `type: string, nullable: true`.
    const TEXT =
      /^(title|name|statement|role|reason|body|comment|email|displayName|description|justification|note|text|label|message)$/;
    for (const [name, schema] of Object.entries(doc.components.schemas) as [
      string,
      { properties?: Record<string, { type?: string }> },
    ][]) {
      for (const [prop, def] of Object.entries(schema.properties ?? {}))
        if (TEXT.test(prop) && def.type === 'object') gaps.push(`${name}.${prop} is typed object`);
    }
    expect(gaps).toEqual([]);
  });

  it('declares the cookie and bearer security schemes', () => {
    expect(
      (doc as unknown as { components: { securitySchemes: Record<string, unknown> } }).components
        .securitySchemes,
    ).toMatchObject({
      token: { type: 'http', scheme: 'bearer' },
      session: { type: 'apiKey', in: 'cookie', name: 'aup_session' },
    });
  });
});
