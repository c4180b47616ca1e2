import { Param } from '@nestjs/common';
import { ApiParam, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { notFound } from './problem';
import { uuid } from './schema';
import { ParamPipe } from './validation';

/** How one kind of path parameter is read. */
export interface PathParamSpec<T = unknown> {
  /** Parses the path text; its input side is the parameter's schema in OpenAPI. */
  readonly schema: z.ZodType<T>;
  /**
   * What a value the schema refuses answers instead of `400 VALIDATION.FAILED` at `/<name>`: record ids
   * answer 404, like an unknown id (a value that cannot be an id names no record).
   */
  readonly refuse?: () => Error;
  /** The OpenAPI schema instead, where the text stands for another type (a number). */
  readonly openApi?: SchemaObject;
}

const PATH_PARAMS = 'aup:path-params';

/**
 * A record's id (a UUID, read lower-case). A value that cannot be one names no record: 404
 * `RESOURCE.NOT_FOUND`, the answer for an unknown id and for another organisation's.
 */
export const RECORD_ID: PathParamSpec<string> = {
  schema: uuid().transform((id) => id.toLowerCase()),
  refuse: () => notFound(),
};

const specOf = <T>(param: PathParamSpec<T> | z.ZodType<T>): PathParamSpec<T> =>
  param instanceof z.ZodType ? { schema: param } : param;

/** The parameter as OpenAPI shows it: the schema's pattern, length, format or enum, and its description. */
export function pathParamDoc(name: string, param: PathParamSpec | z.ZodType) {
  const spec = specOf(param);
  const {
    $schema: _,
    description,
    ...schema
  } = (spec.openApi ??
    z.toJSONSchema(spec.schema, { target: 'openapi-3.0', io: 'input' })) as SchemaObject & {
    $schema?: string;
  };
  return { name, required: true, description, schema };
}

/**
 * The one way to read a path parameter: `@PathParam('clauseId', CLAUSE_ID)` parses it with the zod
 * schema (a value it refuses is `400 VALIDATION.FAILED` naming `/<name>`, or what `refuse` makes), shows
 * the schema in OpenAPI, and records it for the check that no route has a parameter without one.
 */
export function PathParam<T>(name: string, param: PathParamSpec<T> | z.ZodType<T>): ParameterDecorator {
  const spec = specOf(param);
  return (target, key, index) => {
    if (key === undefined) throw new Error(`@PathParam('${name}') is for route handler parameters`);
    Param(name, new ParamPipe(spec.schema, spec.refuse))(target, key, index);
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!;
    ApiParam(pathParamDoc(name, spec))(target, key, descriptor);
    const handler = descriptor.value as object;
    Reflect.defineMetadata(PATH_PARAMS, { ...pathParamsOf(handler), [name]: spec }, handler);
  };
}

/** The path parameters a handler reads with @PathParam, by name. */
export const pathParamsOf = (handler: object): Readonly<Record<string, PathParamSpec>> =>
  (Reflect.getMetadata(PATH_PARAMS, handler) as Record<string, PathParamSpec> | undefined) ?? {};
