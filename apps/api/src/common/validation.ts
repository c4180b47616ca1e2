import { HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemException } from './problem';

export interface FieldError {
  /** JSON pointer to the offending field, e.g. `/answers/0/value`. */
  pointer: string;
  message: string;
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const pointer = `${prefix}/${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ pointer, message }));
    return [...own, ...flatten(e.children ?? [], pointer)];
  });
}

/** The one global validation pipe: strips nothing silently, rejects unknown fields, 400 VALIDATION.FAILED. */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => {
    const fieldErrors = flatten(errors);
    return new ProblemException(
      HttpStatus.BAD_REQUEST,
      'VALIDATION.FAILED',
      'The request is not valid',
      fieldErrors.map((f) => `${f.pointer}: ${f.message}`).join('; '),
      { errors: fieldErrors },
    );
  },
});
