import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ProblemException } from './problem';
import { sendProblem, toProblem } from './problem.filter';

/** No request body of this api nests deeper than this; deeper ones are refused before validation walks them. */
export const MAX_BODY_DEPTH = 32;

/** Depth of a parsed JSON value, walked with an explicit stack (no recursion), stopping once past `limit`. */
export function depthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Refuses bodies nested deeper than MAX_BODY_DEPTH with 400 VALIDATION.FAILED, before any validation or handler. */
export function refuseDeepBodies(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (req, reply, done) => {
    if (req.body === null || typeof req.body !== 'object' || !depthExceeds(req.body, MAX_BODY_DEPTH)) return done();
    const err = new ProblemException(HttpStatus.BAD_REQUEST, 'VALIDATION.FAILED', 'The request is not valid', `The body nests deeper than ${MAX_BODY_DEPTH} levels.`, {
      errors: [{ pointer: '', message: `must not nest deeper than ${MAX_BODY_DEPTH} levels` }],
    });
    sendProblem(reply, toProblem(err, req));
  });
}
