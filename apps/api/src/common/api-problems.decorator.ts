import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';

/** The problem+json body every error has (RFC 9457), for the OpenAPI document. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:aup-audit:problem:auth.unauthenticated' }) type: string;
  @ApiProperty({ example: 'Authentication required' }) title: string;
  @ApiProperty({ example: 401 }) status: number;
  @ApiProperty({
    description: 'Stable machine-readable code; clients branch on it.',
    example: 'AUTH.UNAUTHENTICATED',
  })
  code: string;
  @ApiPropertyOptional() detail?: string;
  @ApiPropertyOptional({ example: '/api/v1/me' }) instance?: string;
  @ApiPropertyOptional({ example: '5f0c6c1e-0b7e-4a4e-9d0c-2b7f0e5c1a11' }) requestId?: string;
}

/** [status, code, when] */
export type ProblemSpec = readonly [status: number, code: string, when: string];

/**
 * Documents the problem codes a route can answer with, grouped by status, each as a named example. Later
 * features should document their codes the same way.
 */
export function ApiProblems(...specs: ProblemSpec[]) {
  const byStatus = new Map<number, ProblemSpec[]>();
  for (const spec of specs) byStatus.set(spec[0], [...(byStatus.get(spec[0]) ?? []), spec]);
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...[...byStatus].map(([status, list]) =>
      ApiResponse({
        status,
        description: list.map(([, code, when]) => `\`${code}\`: ${when}`).join('<br>'),
        content: {
          'application/problem+json': {
            schema: { $ref: getSchemaPath(ProblemDto) },
            examples: Object.fromEntries(
              list.map(([s, code, when]) => [
                code,
                {
                  summary: when,
                  value: {
                    type: `urn:aup-audit:problem:${code.toLowerCase()}`,
                    title: when,
                    status: s,
                    code,
                    requestId: 'req-1',
                  },
                },
              ]),
            ),
          },
        },
      }),
    ),
  );
}

/** Codes shared by many routes. */
export const P = {
  unauthenticated: [401, 'AUTH.UNAUTHENTICATED', 'No session cookie or API token was sent'] as ProblemSpec,
  sessionInvalid: [401, 'AUTH.SESSION_INVALID', 'The session is unknown, expired or ended'] as ProblemSpec,
  tokenInvalid: [
    401,
    'AUTH.TOKEN_INVALID',
    'The API token is malformed, unknown, expired or revoked',
  ] as ProblemSpec,
  csrf: [
    403,
    'AUTH.CSRF_FAILED',
    'A cookie-authenticated write came without the right X-CSRF-Token header',
  ] as ProblemSpec,
  forbidden: [403, 'AUTH.FORBIDDEN', 'Your role in the organisation does not allow this'] as ProblemSpec,
  notFound: [404, 'RESOURCE.NOT_FOUND', 'No such record in an organisation you belong to'] as ProblemSpec,
  validation: [
    400,
    'VALIDATION.FAILED',
    'The body, query or a path parameter is invalid (see `errors`)',
  ] as ProblemSpec,
  weakPassword: [
    422,
    'AUTH.WEAK_PASSWORD',
    'The password breaks the password rules (see `reason`)',
  ] as ProblemSpec,
};

/** The problems of any authenticated route. */
export const AUTHENTICATED = [P.unauthenticated, P.sessionInvalid, P.tokenInvalid, P.csrf] as const;
/** The problems of any organisation-scoped route. */
export const ORG_SCOPED = [...AUTHENTICATED, P.forbidden, P.notFound] as const;
