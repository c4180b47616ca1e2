import { HttpStatus } from '@nestjs/common';
import { registerDecorator, type ValidationOptions } from 'class-validator';
import {
  isStorableText,
  nameProblem,
  screenFields,
  type FieldScreeningFinding,
  type NameKind,
} from '@aup/domain';
import { ProblemException } from './problem';

/**
 * Refuses narrative text that holds URLs, e-mail addresses, hashes or encoded data: 422
 * CONTENT.NOT_ACCEPTED with the reason and the field pointer of every finding.
 */
export function assertContentFree(
  fields: readonly { pointer: string; value: string | null | undefined }[],
): void {
  const findings = screenFields(fields);
  if (findings.length) throw contentNotAccepted(findings);
}

export function contentNotAccepted(findings: readonly FieldScreeningFinding[]): ProblemException {
  const [first] = findings;
  return new ProblemException(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'CONTENT.NOT_ACCEPTED',
    'Content not accepted',
    first.message,
    {
      reason: first.reason,
      pointer: first.pointer,
      errors: findings.map((f) => ({ pointer: f.pointer, reason: f.reason, message: f.message })),
    },
  );
}

/** Strings PostgreSQL can store: no NUL or other control characters, no unpaired surrogates. */
export function IsStorableText(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isStorableText',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property contains control characters or invalid Unicode', ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || isStorableText(value) },
    });
}

/**
 * A name (organisation, display name, API token): one line of letters, digits, spaces and name
 * punctuation; no links, addresses, encoded data, control or invisible characters (400 VALIDATION.FAILED
 * with the reason). Names appear in e-mails and lists, so they are held to this wherever they are typed.
 */
export function IsPlainName(kind: NameKind, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isPlainName',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: (args) =>
          `${args.property} ${typeof args.value === 'string' ? (nameProblem(args.value, kind) ?? 'is not a name') : 'must be a string'}`,
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || nameProblem(value, kind) === undefined,
      },
    });
}
