import { BadRequestException, HttpStatus, NotFoundException } from '@nestjs/common';
import { errorCodes } from 'fastify';
import { ProblemException } from './problem';
import { toProblem } from './problem.filter';

describe('toProblem', () => {
  it.each([
    [new errorCodes.FST_ERR_CTP_INVALID_JSON_BODY(), 400, 'REQUEST.MALFORMED_JSON'],
    [new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), 400, 'REQUEST.MALFORMED_JSON'],
    [new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), 413, 'REQUEST.BODY_TOO_LARGE'],
    [new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('text/plain'), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    [new NotFoundException('Cannot GET /x'), 404, 'ROUTE.NOT_FOUND'],
    [new NotFoundException(), 404, 'RESOURCE.NOT_FOUND'],
    [new BadRequestException('nope'), 400, 'REQUEST.INVALID'],
    [
      new ProblemException(HttpStatus.CONFLICT, 'ANSWER.VERSION_CONFLICT', 'Conflict', 'stale', {
        current: 1,
      }),
      409,
      'ANSWER.VERSION_CONFLICT',
    ],
  ])('maps %s to %i %s', (err, status, code) => {
    expect(toProblem(err, { id: 'r1', url: '/a?b=c' })).toMatchObject({
      status,
      code,
      requestId: 'r1',
      instance: '/a',
    });
  });

  it('keeps extensions of a ProblemException', () => {
    const p = toProblem(
      new ProblemException(409, 'ANSWER.VERSION_CONFLICT', 'Conflict', undefined, { current: { v: 2 } }),
    );
    expect(p.current).toEqual({ v: 2 });
  });

  it('hides the details of an unexpected error behind a 500 INTERNAL', () => {
    const p = toProblem(new Error('password=hunter2 in SQL'));
    expect(p).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(p)).not.toContain('hunter2');
  });
});
