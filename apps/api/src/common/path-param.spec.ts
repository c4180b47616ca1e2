import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { Controller, Get } from '@nestjs/common';
import { randomSecret } from '../auth/secrets';
import { pathParamDoc, pathParamsOf, PathParam, RECORD_ID } from './path-param';
import { ProblemException } from './problem';
import { oneTimeToken, policyId } from './schema';
import { ParamPipe } from './validation';

const CLAUSE = policyId('clause');

@Controller('things')
class ThingsController {
  @Get(':thingId/clauses/:clauseId')
  get(@PathParam('thingId', RECORD_ID) thingId: string, @PathParam('clauseId', CLAUSE) clauseId: string) {
    return { thingId, clauseId };
  }
}

const handler = ThingsController.prototype.get;
/** Where @nestjs/swagger keeps a handler's @ApiParam()s (its DECORATORS.API_PARAMETERS, not exported). */
const API_PARAMETERS = 'swagger/apiParameters';

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
};

describe('PathParam', () => {
  it('records the schema of each parameter the handler reads', () => {
    expect(Object.keys(pathParamsOf(handler)).sort()).toEqual(['clauseId', 'thingId']);
    expect(pathParamsOf(handler).clauseId.schema).toBe(CLAUSE);
    expect(pathParamsOf(ThingsController.prototype.constructor)).toEqual({});
  });

  it('reads each parameter through a ParamPipe', () => {
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, ThingsController, 'get') as Record<
      string,
      { data: string; pipes: unknown[] }
    >;
    const byName = Object.fromEntries(Object.values(args).map((a) => [a.data, a.pipes]));
    expect(byName.thingId).toEqual([expect.any(ParamPipe)]);
    expect(byName.clauseId).toEqual([expect.any(ParamPipe)]);
    const [pipe] = byName.clauseId as ParamPipe<string>[];
    expect(pipe.transform('aup-scope', { type: 'param', data: 'clauseId' })).toBe('aup-scope');
    const problem = thrown(() =>
      pipe.transform('AUP', { type: 'param', data: 'clauseId' }),
    ) as ProblemException;
    expect([problem.getStatus(), problem.code]).toEqual([400, 'VALIDATION.FAILED']);
    expect(problem.extensions.errors).toEqual([
      { pointer: '/params/clauseId', message: expect.any(String) as unknown },
    ]);
  });

  it('documents each parameter in OpenAPI with its schema', () => {
    const docs = Reflect.getMetadata(API_PARAMETERS, handler) as { name: string }[];
    expect(docs).toEqual([
      expect.objectContaining({
        name: 'clauseId',
        in: 'path',
        required: true,
        schema: { type: 'string', maxLength: 64, pattern: '^[a-z][a-z0-9-]*$', example: 'aup-scope' },
      }),
      expect.objectContaining({
        name: 'thingId',
        in: 'path',
        schema: expect.objectContaining({ type: 'string', format: 'uuid' }) as unknown,
      }),
    ]);
  });

  it('publishes the OpenAPI schema a spec gives instead, and lifts the description to the parameter', () => {
    expect(
      pathParamDoc('n', {
        schema: CLAUSE,
        openApi: { type: 'integer', minimum: 1, description: 'A number' },
      }),
    ).toEqual({
      name: 'n',
      required: true,
      description: 'A number',
      schema: { type: 'integer', minimum: 1 },
    });
  });
});

describe('RECORD_ID', () => {
  it('reads a UUID in lower case and answers anything else 404, like an unknown id', () => {
    expect(RECORD_ID.schema.parse('0F8FAD5B-D9CB-469F-A165-70867728950E')).toBe(
      '0f8fad5b-d9cb-469f-a165-70867728950e',
    );
    expect(RECORD_ID.schema.safeParse('not-a-uuid').success).toBe(false);
    const refused = RECORD_ID.refuse!() as ProblemException;
    expect([refused.getStatus(), refused.code]).toEqual([404, 'RESOURCE.NOT_FOUND']);
  });
});

describe('path parameter schemas', () => {
  it('takes a one-time token exactly as issued', () => {
    for (let i = 0; i < 20; i++) expect(oneTimeToken().safeParse(randomSecret()).success).toBe(true);
    for (const bad of ['', 'abc', 'A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}=`, `${'A'.repeat(42)}/`])
      expect(oneTimeToken().safeParse(bad).success).toBe(false);
  });

  it.each([
    ['framework', 'workplace-csam-readiness', ['Workplace', '../etc', 'a'.repeat(65)]],
    ['version', '1.10.0', ['latest', '1.0', '01.0.0', '1.0.0-rc.1']],
    ['section', 'it', ['IT', 'it-2', '']],
    ['clause', 'aup-scope', ['aup_scope', '-aup']],
    ['step', 'contain_1', ['Contain', 'contain.1']],
    ['obligation', 'GB-OFFENCES', ['gb-offences', '-GB']],
  ] as const)('takes %s ids with the syntax of policies/', (kind, good, bad) => {
    expect(policyId(kind).safeParse(good).success).toBe(true);
    for (const value of bad) expect(policyId(kind).safeParse(value).success).toBe(false);
  });
});
