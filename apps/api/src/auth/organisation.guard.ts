import { HttpStatus, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { MembershipRepository, type Role } from '@aup/db';
import { notFound, ProblemException } from '../common/problem';
import { ROLES } from '../common/auth.decorators';
import { RECORD_ID } from '../common/path-param';

/**
 * Global, after AuthGuard: on every route with an `:orgId` parameter, loads the caller's membership of
 * that organisation on each request (never cached, so a removed member loses access at once; AuthGuard
 * reads it in the same query as the credential). Not a
 * member, or no such organisation: 404, which does not confirm the organisation exists. A member without
 * one of the route's @Roles(): 403.
 */
@Injectable()
export class OrganisationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly memberships: MembershipRepository,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const params = (req.params ?? {}) as Record<string, string | undefined>;
    if (!('orgId' in params)) return true;
    const orgId = params.orgId ?? '';
    if (!req.principal || !RECORD_ID.schema.safeParse(orgId).success) throw notFound('The organisation');
    const membership = await this.membership(req, req.principal.userId, orgId);
    if (!membership) throw notFound('The organisation');
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (allowed && !allowed.includes(membership.role)) {
      throw new ProblemException(
        HttpStatus.FORBIDDEN,
        'AUTH.FORBIDDEN',
        'Not allowed for your role',
        `This action needs one of these roles in the organisation: ${allowed.join(', ')}.`,
        { requiredRoles: allowed },
      );
    }
    req.membership = {
      membershipId: membership.id,
      organisationId: orgId.toLowerCase(),
      userId: req.principal.userId,
      role: membership.role,
    };
    return true;
  }

  /** Normally read by AuthGuard in its credential query; queried here only when it was not. */
  private async membership(
    req: FastifyRequest,
    userId: string,
    orgId: string,
  ): Promise<{ id: string; role: Role } | null> {
    const preloaded = req.membershipLookup;
    if (preloaded && preloaded.organisationId === orgId.toLowerCase()) return preloaded.membership;
    return this.memberships.findOne(userId, orgId);
  }
}
