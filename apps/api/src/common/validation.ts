import { HttpStatus, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { createZodValidationPipe } from 'nestjs-zod';
import { ZodError, type z } from 'zod';
import { ProblemException } from './problem';

export interface FieldError {
  /** JSON pointer to the offending field, e.g. `/answers/0/value`. */
  pointer: string;
  message: string;
}

const pointerOf = (path: readonly PropertyKey[]) =>
  path.map((key) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** One field error per bad field; an unknown field is named by its own pointer. */
export function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) => {
    const at = pointerOf(issue.path);
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({
        pointer: pointerOf([...issue.path, key]),
        message: `property ${key} should not exist`,
      }));
    return [{ pointer: at, message: issue.message }];
  });
}

/**
 * 400 VALIDATION.FAILED with `errors[]`, each a JSON Pointer and a message: into the body or the query, or
 * `/params/<name>` for a path parameter (`at` is where the validated value sits).
 */
export function validationProblem(error: unknown, at: readonly PropertyKey[] = []): ProblemException {
  const issues = error instanceof ZodError ? error.issues : [];
  const errors = fieldErrors(issues.map((issue) => ({ ...issue, path: [...at, ...issue.path] })));
  return new ProblemException(
    HttpStatus.BAD_REQUEST,
    'VALIDATION.FAILED',
    'The request is not valid',
    errors.map((f) => `${f.pointer || '/'}: ${f.message}`).join('; '),
    { errors },
  );
}

/**
 * The one global validation pipe: every body and query parameter typed with a nestjs-zod DTO is parsed by
 * its schema (strict objects: unknown fields are refused, never stripped silently).
 */
export const ValidationPipe = createZodValidationPipe({ createValidationException: validationProblem });

/**
 * A path parameter parsed by a zod schema (used through `@PathParam`). A value that fails it is 400
 * VALIDATION.FAILED at `/params/<name>`, the pointer REQUEST.MALFORMED_TEXT gives path text too, so it
 * never reads as a body field of the same name; or what `refuse` makes (an id that cannot be one names
 * no record: 404).
 */
export class ParamPipe<T> implements PipeTransform<unknown, T> {
  constructor(
    private readonly schema: z.ZodType<T>,
    private readonly refuse?: () => Error,
  ) {}

  transform(value: unknown, { data }: ArgumentMetadata): T {
    const parsed = this.schema.safeParse(value);
    if (parsed.success) return parsed.data;
    throw this.refuse?.() ?? validationProblem(parsed.error, data ? ['params', data] : ['params']);
  }
}
