import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemType, type ProblemDocument } from './problem';

/** Codes for framework-level errors that do not come from a ProblemException. */
const STATUS_CODES: Record<number, [code: string, title: string]> = {
  400: ['REQUEST.INVALID', 'Bad request'],
  401: ['AUTH.UNAUTHENTICATED', 'Authentication required'],
  403: ['AUTH.FORBIDDEN', 'Forbidden'],
  404: ['RESOURCE.NOT_FOUND', 'Not found'],
  405: ['REQUEST.METHOD_NOT_ALLOWED', 'Method not allowed'],
  406: ['REQUEST.NOT_ACCEPTABLE', 'Not acceptable'],
  409: ['RESOURCE.CONFLICT', 'Conflict'],
  413: ['REQUEST.BODY_TOO_LARGE', 'Request body too large'],
  415: ['REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type'],
  422: ['VALIDATION.FAILED', 'Unprocessable content'],
  429: ['REQUEST.RATE_LIMITED', 'Too many requests'],
  503: ['SERVICE.UNAVAILABLE', 'Service unavailable'],
};

/** Fastify's own error codes (raised before a route handler runs) mapped to stable codes. */
const FASTIFY_CODES: Record<string, [status: number, code: string, title: string, detail: string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [
    400,
    'REQUEST.MALFORMED_JSON',
    'Malformed JSON',
    'The request body is not valid JSON.',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [
    400,
    'REQUEST.MALFORMED_JSON',
    'Malformed JSON',
    'The request body is empty but the content type is JSON.',
  ],
  FST_ERR_CTP_BODY_TOO_LARGE: [
    413,
    'REQUEST.BODY_TOO_LARGE',
    'Request body too large',
    'The request body exceeds the size limit.',
  ],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    'Unsupported media type',
    'Send application/json. This service accepts no files or uploads of any kind.',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    'REQUEST.INVALID_CONTENT_LENGTH',
    'Invalid Content-Length',
    'The Content-Length header does not match the body.',
  ],
  FST_ERR_CTP_INVALID_TYPE: [
    415,
    'REQUEST.UNSUPPORTED_MEDIA_TYPE',
    'Unsupported media type',
    'The Content-Type header is not valid.',
  ],
  FST_ERR_BAD_URL: [400, 'REQUEST.BAD_URL', 'Bad URL', 'The request URL could not be decoded.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'REQUEST.INVALID', 'Bad request', 'The request could not be routed.'],
};

/** Turns any error into a problem document; unknown errors become a 500 without leaking details. */
export function toProblem(err: unknown, req?: { id?: string; url?: string }): ProblemDocument {
  const base = { instance: req?.url?.split('?')[0], requestId: req?.id };
  if (err instanceof ProblemException) {
    return {
      type: problemType(err.code),
      title: err.title,
      status: err.getStatus(),
      code: err.code,
      ...(err.detail ? { detail: err.detail } : {}),
      ...err.extensions,
      ...base,
    };
  }
  const fastifyCode = (err as { code?: unknown })?.code;
  if (typeof fastifyCode === 'string' && FASTIFY_CODES[fastifyCode]) {
    const [status, code, title, detail] = FASTIFY_CODES[fastifyCode];
    return { type: problemType(code), title, status, code, detail, ...base };
  }
  if (err instanceof SyntaxError && (err as { statusCode?: number }).statusCode === 400) {
    const [status, code, title, detail] = FASTIFY_CODES.FST_ERR_CTP_INVALID_JSON_BODY;
    return { type: problemType(code), title, status, code, detail, ...base };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    const response = err.getResponse();
    const message =
      typeof response === 'object' && response && 'message' in response
        ? (response as { message: unknown }).message
        : err.message;
    // Nest's router answers an unmatched route with NotFoundException('Cannot GET /path').
    if (status === 404 && typeof message === 'string' && /^Cannot [A-Z]+ /.test(message)) {
      const code = 'ROUTE.NOT_FOUND';
      return { type: problemType(code), title: 'No such route', status, code, detail: message, ...base };
    }
    const [code, title] = STATUS_CODES[status] ?? [status >= 500 ? 'INTERNAL' : 'REQUEST.INVALID', 'Error'];
    const detail = status >= 500 ? undefined : Array.isArray(message) ? message.join('; ') : String(message);
    return { type: problemType(code), title, status, code, ...(detail ? { detail } : {}), ...base };
  }
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const [code, title] = STATUS_CODES[status] ?? ['REQUEST.INVALID', 'Bad request'];
    return {
      type: problemType(code),
      title,
      status,
      code,
      detail: 'The request could not be processed.',
      ...base,
    };
  }
  return {
    type: problemType('INTERNAL'),
    title: 'Internal error',
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'INTERNAL',
    detail:
      'Something went wrong on our side. Nothing you sent was lost; quote the request id when you report it.',
    ...base,
  };
}

export function sendProblem(reply: FastifyReply, problem: ProblemDocument): void {
  const headers: Record<string, string> = { 'content-type': PROBLEM_CONTENT_TYPE };
  if (typeof problem.retryAfterSeconds === 'number')
    headers['retry-after'] = String(problem.retryAfterSeconds);
  void reply.status(problem.status).headers(headers).send(JSON.stringify(problem));
}

/** The one exception filter: every error leaves the api as RFC 9457 problem+json with a stable code. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const reply = ctx.getResponse<FastifyReply>();
    const problem = toProblem(exception, req);
    if (problem.status >= 500) this.logger.error({ err: exception, requestId: req?.id }, 'unhandled error');
    sendProblem(reply, problem);
  }
}
