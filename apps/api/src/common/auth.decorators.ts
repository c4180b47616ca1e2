import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@aup/db';
import type { CurrentMembershipInfo, Principal } from './principal';

export const IS_PUBLIC = 'aup:public';
export const ROLES = 'aup:roles';

/** Marks a route as reachable without signing in. Every other route requires a session or an API token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Roles of the caller's membership in `:orgId` that may use the route; the others get 403 AUTH.FORBIDDEN.
 * Without it every member may. A caller who is not a member gets 404 whatever the roles.
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** The authenticated caller (undefined only on a @Public() route called anonymously). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal | undefined => {
    return ctx.switchToHttp().getRequest<FastifyRequest>().principal;
  },
);

/** The caller's membership of the route's `:orgId` (set on every organisation-scoped route). */
export const CurrentMembership = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CurrentMembershipInfo | undefined => {
    return ctx.switchToHttp().getRequest<FastifyRequest>().membership;
  },
);
