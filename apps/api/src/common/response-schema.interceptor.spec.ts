import { Reflector } from '@nestjs/core';
import { Logger, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { createZodDto, ZodSerializerDto } from 'nestjs-zod';
import { lastValueFrom, of } from 'rxjs';
import { z } from 'zod';
import { ResponseSchemaInterceptor } from './response-schema.interceptor';

class ViewDto extends createZodDto(z.object({ id: z.string(), count: z.number() })) {}

class Handlers {
  @ZodSerializerDto(ViewDto) one() {}
  @ZodSerializerDto([ViewDto]) many() {}
  plain() {}
}

const contextOf = (handler: keyof Handlers) =>
  ({
    getHandler: () => Handlers.prototype[handler],
    getClass: () => Handlers,
  }) as unknown as ExecutionContext;
const answer = (body: unknown): CallHandler => ({ handle: () => of(body) });

const run = (production: boolean, handler: keyof Handlers, body: unknown) =>
  lastValueFrom(
    new ResponseSchemaInterceptor(new Reflector(), production).intercept(contextOf(handler), answer(body)),
  );

describe('ResponseSchemaInterceptor', () => {
  // The broken answers below are logged on purpose.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterAll(() => {
    Logger.overrideLogger(true);
  });

  it('sends what the schema names and nothing else', async () => {
    await expect(run(false, 'one', { id: 'a', count: 1, secret: 'x' })).resolves.toEqual({
      id: 'a',
      count: 1,
    });
    await expect(run(false, 'many', [{ id: 'a', count: 1, secret: 'x' }])).resolves.toEqual([
      { id: 'a', count: 1 },
    ]);
  });

  it('leaves routes without a response schema alone', async () => {
    await expect(run(false, 'plain', { anything: true })).resolves.toEqual({ anything: true });
  });

  it('fails an answer that breaks its schema outside production', async () => {
    await expect(run(false, 'one', { id: 'a' })).rejects.toThrow(/breaks its schema.*\/count/);
  });

  it('sends it as it is in production', async () => {
    await expect(run(true, 'one', { id: 'a' })).resolves.toEqual({ id: 'a' });
  });
});
