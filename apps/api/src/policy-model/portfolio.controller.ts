import { Controller, HttpStatus, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { Page, PortfolioRow, TrendView } from '@aup/contracts';
import { ApiProblems, AUTHENTICATED, ORG_SCOPED, P } from '../common/api-problems.decorator';
import { pathParamDoc, RECORD_ID } from '../common/path-param';
import { CurrentMembership, CurrentPrincipal, Roles } from '../common/auth.decorators';
import type { CurrentMembershipInfo, Principal } from '../common/principal';
import { PortfolioPageDto, TrendViewDto } from './dto/policy-model-response.dto';
import { PortfolioQueryDto } from './dto/portfolio.dto';
import { PortfolioService } from './portfolio.service';

@ApiTags('portfolio')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@Controller()
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get('portfolio')
  @ApiOperation({
    summary:
      'The organisations you may see, side by side: rating, trend, policy coverage, plan completeness, countries not covered',
    description:
      'Every membership except those where you are a respondent and the organisation does not show respondents scores. Open and overdue remediation items are null until remediation tracking exists.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: PortfolioPageDto })
  @ApiProblems(...AUTHENTICATED, P.validation)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PortfolioQueryDto,
  ): Promise<Page<PortfolioRow>> {
    return this.portfolio.portfolio(principal.userId, query);
  }

  @Get('organisations/:orgId/trend')
  @Roles('admin', 'compliance_officer', 'auditor')
  @ApiParam(pathParamDoc('orgId', RECORD_ID))
  @ApiOperation({
    summary:
      "The organisation's rating and overall score at each submitted audit, oldest first, and the direction",
  })
  @ZodResponse({ status: HttpStatus.OK, type: TrendViewDto })
  @ApiProblems(...ORG_SCOPED)
  trend(@CurrentMembership() caller: CurrentMembershipInfo): Promise<TrendView> {
    return this.portfolio.trend(caller.organisationId);
  }
}
