import { HttpStatus } from '@nestjs/common';
import { type IdempotencyRepository, type IdempotencyScope } from '@aup/db';
import type { ProblemSpec } from './api-problems.decorator';
import { ProblemException } from './problem';

const KEY = /^[\x21-\x7e]{1,200}$/;

export const IDEMPOTENCY_PROBLEMS = {
  invalid: [
    400,
    'REQUEST.INVALID_IDEMPOTENCY_KEY',
    'Idempotency-Key is not 1-200 visible ASCII characters',
  ] as ProblemSpec,
  reused: [
    422,
    'REQUEST.IDEMPOTENCY_KEY_REUSED',
    'The key was used for another target of this operation',
  ] as ProblemSpec,
};

export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Any 1-200 visible ASCII characters (a UUID): a repeated request gives the first answer and does nothing again.',
};

/** The header as sent, or undefined; a problem (400) when it is not 1-200 visible ASCII characters. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!KEY.test(header))
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'REQUEST.INVALID_IDEMPOTENCY_KEY',
      'Invalid Idempotency-Key',
      'Send 1 to 200 visible ASCII characters, e.g. a UUID.',
    );
  return header;
}

export interface IdempotentResult<T> {
  answer: T;
  /** True when an earlier request with the key gave this answer (nothing was done again). */
  replayed: boolean;
}

/**
 * Runs `fn` once per key, inside the caller's transaction: the first request claims the key and stores its
 * answer with its work; a repeat (same key, same target) gets that answer and runs nothing. Without a key
 * `fn` simply runs.
 */
export async function runOnce<T>(
  idempotency: IdempotencyRepository,
  scope: Omit<IdempotencyScope, 'key'> & { key: string | undefined },
  fn: () => Promise<T>,
): Promise<IdempotentResult<T>> {
  if (scope.key === undefined) return { answer: await fn(), replayed: false };
  const s = { ...scope, key: scope.key };
  const claim = await idempotency.claim<T>(s);
  if (!claim.claimed) {
    if (claim.target !== (s.target ?? ''))
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'REQUEST.IDEMPOTENCY_KEY_REUSED',
        'Idempotency-Key already used',
        'This key was used for a different request; send a new key.',
      );
    return { answer: claim.answer, replayed: true };
  }
  const answer = await fn();
  await idempotency.complete(s, answer);
  return { answer, replayed: false };
}
