import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import { AuditEventPageDto, AuditTrailVerificationDto } from '../audits/dto/audit-response.dto';
import type { AuditEventView, AuditTrailVerification, Page } from '@aup/contracts';
import { ApiProblems, ORG_SCOPED, P } from '../common/api-problems.decorator';
import { pathParamDoc, RECORD_ID } from '../common/path-param';
import { CurrentMembership, Roles } from '../common/auth.decorators';
import type { CurrentMembershipInfo } from '../common/principal';
import { ProblemException } from '../common/problem';
import { AuditTrailService } from './audit-trail.service';
import { AuditTrailQueryDto } from './dto/audit-trail-query.dto';

const toDate = (value: string | undefined, name: string): Date | undefined => {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new ProblemException(
      HttpStatus.BAD_REQUEST,
      'VALIDATION.FAILED',
      'The request is not valid',
      `${name} is not a valid timestamp`,
    );
  return date;
};

@ApiTags('audit trail')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiParam(pathParamDoc('orgId', RECORD_ID))
@ApiProblems(...ORG_SCOPED)
@Controller('organisations/:orgId/audit-trail')
export class AuditTrailController {
  constructor(private readonly trail: AuditTrailService) {}

  @Get()
  @Roles('admin', 'compliance_officer', 'auditor')
  @ApiOperation({
    summary: 'Every change in the organisation, newest first; filter by entity, action, actor and time',
    description:
      'Events hold ids only, never e-mail addresses or names. Each carries the hash of the event before it.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: AuditEventPageDto })
  @ApiProblems(P.validation)
  async list(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Query() q: AuditTrailQueryDto,
  ): Promise<Page<AuditEventView>> {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const { items, total } = await this.trail.list(
      caller.organisationId,
      {
        entity: q.entity,
        entityId: q.entityId,
        action: q.action,
        actorUserId: q.actorUserId?.toLowerCase(),
        from: toDate(q.from, 'from'),
        to: toDate(q.to, 'to'),
      },
      limit,
      offset,
    );
    return { items: items.map(({ organisationId: _org, ...e }) => e), total, limit, offset };
  }

  @Get('verify')
  @Roles('admin', 'compliance_officer', 'auditor')
  @ApiOperation({
    summary: "Recompute the organisation's hash chain and report the first broken link",
    description: '`valid: false` names the first event that was changed, removed or reordered.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: AuditTrailVerificationDto })
  verify(@CurrentMembership() caller: CurrentMembershipInfo): Promise<AuditTrailVerification> {
    return this.trail.verify(caller.organisationId);
  }
}
