import { z } from 'zod';
import { ProblemException } from './problem';
import { ParamPipe, ValidationPipe, validationProblem } from './validation';
import { PageQueryDto } from './page-query.dto';

const Body = z.strictObject({
  name: z.string().max(3),
  tags: z.array(z.string()).max(1),
  nested: z.strictObject({ 'a/b': z.number() }).optional(),
});

const problemOf = (fn: () => unknown): ProblemException => {
  try {
    fn();
  } catch (err) {
    return err as ProblemException;
  }
  throw new Error('did not throw');
};

describe('validationProblem', () => {
  it('answers 400 VALIDATION.FAILED with a JSON Pointer per bad field, unknown fields by their own', () => {
    const parsed = Body.safeParse({ name: 'long', tags: ['x', 'y'], isAdmin: true, nested: { 'a/b': 'x' } });
    const problem = validationProblem(parsed.error);
    expect(problem.getStatus()).toBe(400);
    expect(problem.code).toBe('VALIDATION.FAILED');
    expect((problem.extensions.errors as { pointer: string }[]).map((e) => e.pointer).sort()).toEqual([
      '/isAdmin',
      '/name',
      '/nested/a~1b',
      '/tags',
    ]);
  });

  it('puts a path parameter name in front of the pointer', () => {
    const parsed = z.number().safeParse('x');
    expect(validationProblem(parsed.error, ['submission']).extensions.errors).toEqual([
      { pointer: '/submission', message: expect.any(String) as unknown },
    ]);
  });
});

describe('ValidationPipe', () => {
  const pipe = new ValidationPipe();

  it('parses a query DTO, reading numbers from text', () => {
    expect(pipe.transform({ limit: '5' }, { type: 'query', metatype: PageQueryDto })).toEqual({
      limit: 5,
      offset: undefined,
    });
  });

  it('refuses a bad query with 400 VALIDATION.FAILED', () => {
    const problem = problemOf(() =>
      pipe.transform({ limit: '500', extra: '1' }, { type: 'query', metatype: PageQueryDto }),
    );
    expect(problem.code).toBe('VALIDATION.FAILED');
    expect((problem.extensions.errors as { pointer: string }[]).map((e) => e.pointer).sort()).toEqual([
      '/extra',
      '/limit',
    ]);
  });

  it('leaves values that are not typed with a zod DTO alone', () => {
    expect(pipe.transform('abc', { type: 'param', metatype: String, data: 'orgId' })).toBe('abc');
  });
});

describe('ParamPipe', () => {
  it('answers what refuse makes, or 400 at the parameter', () => {
    const notFound = new Error('404');
    expect(() => new ParamPipe(z.uuid(), () => notFound).transform('x', { type: 'param' })).toThrow(notFound);
    const problem = problemOf(() =>
      new ParamPipe(z.string().regex(/^\d+$/)).transform('x', { type: 'param', data: 'n' }),
    );
    expect(problem.extensions.errors).toEqual([
      { pointer: '/params/n', message: expect.any(String) as unknown },
    ]);
  });
});
