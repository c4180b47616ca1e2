import { HttpException, HttpStatus } from '@nestjs/common';

/** RFC 9457 problem details as sent by the api (`application/problem+json`). */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  /** Stable, documented, machine-readable code, e.g. `VALIDATION.FAILED`. Clients branch on this. */
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Throw this for any expected failure: it becomes problem+json with the given status and code. */
export class ProblemException extends HttpException {
  constructor(
    status: HttpStatus | number,
    readonly code: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super({ code, title, detail, ...extensions }, status);
  }
}

/** 404 `RESOURCE.NOT_FOUND`: one answer whether the record does not exist or belongs to someone else. */
export const notFound = (what = 'The resource') =>
  new ProblemException(
    HttpStatus.NOT_FOUND,
    'RESOURCE.NOT_FOUND',
    'Not found',
    `${what} does not exist or you have no access to it.`,
  );

export const problemType = (code: string) => `urn:aup-audit:problem:${code.toLowerCase()}`;
