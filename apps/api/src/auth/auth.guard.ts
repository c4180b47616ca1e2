import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER } from '@aup/contracts';
import { ProblemException } from '../common/problem';
import { IS_PUBLIC } from '../common/auth.decorators';
import { AuthenticationService } from './authentication.service';
import { safeEqual } from './secrets';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global: every /api/v1 route needs a valid session cookie or API token unless marked @Public().
 * Cookie-authenticated writes must carry the CSRF token; bearer requests cannot be forged cross-site.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authn: AuthenticationService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    // Ops routes (health, readiness, metrics) live outside the api prefix and are public by design.
    if (!(req.routeOptions.url ?? '').startsWith('/api/')) return true;
    const isPublic =
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()]) ?? false;

    // On organisation routes the membership comes in the same query; OrganisationGuard judges it.
    const orgId = (req.params as Record<string, string | undefined> | undefined)?.orgId;
    const result = await this.authn.authenticate(req, orgId);
    if (result.kind === 'authenticated') {
      const csrfOk =
        result.principal.method === 'token' ||
        SAFE_METHODS.has(req.method) ||
        this.csrfMatches(req, result.csrfToken ?? '');
      if (csrfOk) {
        req.principal = result.principal;
        req.membershipLookup = result.membership;
        return true;
      }
      if (!isPublic) throw csrfFailed();
      // On public routes (login, accept an invitation) a stale browser session must not get in the way.
      req.csrfRejected = true;
      return true;
    }
    if (isPublic) return true;
    if (result.kind === 'rejected')
      throw new ProblemException(
        HttpStatus.UNAUTHORIZED,
        result.code,
        'Authentication failed',
        result.detail,
      );
    throw new ProblemException(
      HttpStatus.UNAUTHORIZED,
      'AUTH.UNAUTHENTICATED',
      'Authentication required',
      'Sign in (session cookie) or send a personal API token as `Authorization: Bearer aup_...`.',
    );
  }

  private csrfMatches(req: FastifyRequest, expected: string): boolean {
    const given = req.headers[CSRF_HEADER.toLowerCase()];
    return typeof given === 'string' && expected.length > 0 && safeEqual(given, expected);
  }
}

export const csrfFailed = () =>
  new ProblemException(
    HttpStatus.FORBIDDEN,
    'AUTH.CSRF_FAILED',
    'CSRF token missing or wrong',
    `Requests that change data and are authenticated by the session cookie must send the value of the aup_csrf cookie in the ${CSRF_HEADER} header.`,
  );
