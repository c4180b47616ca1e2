import { Controller, HttpStatus, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { SuggestionsView } from '@aup/contracts';
import { ApiProblems, ORG_SCOPED } from '../common/api-problems.decorator';
import { pathParamDoc, PathParam, RECORD_ID } from '../common/path-param';
import { CurrentMembership } from '../common/auth.decorators';
import type { CurrentMembershipInfo } from '../common/principal';
import { SuggestionsViewDto } from './dto/policy-model-response.dto';
import { PolicyModelService } from './policy-model.service';

@ApiTags('policy model')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiParam(pathParamDoc('orgId', RECORD_ID))
@ApiProblems(...ORG_SCOPED)
@Controller('organisations/:orgId/audits/:auditId/suggestions')
export class AuditSuggestionsController {
  constructor(private readonly model: PolicyModelService) {}

  @Get()
  @ApiOperation({
    summary:
      'Answers the policy model already gives for this audit, each with its basis ("clause 4 adopted on 2026-10-01"); never saved',
    description:
      'Respondents get the questions of their sections. A person confirms each suggestion by answering.',
  })
  @ZodResponse({ status: HttpStatus.OK, type: SuggestionsViewDto })
  suggestions(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('auditId', RECORD_ID) auditId: string,
  ): Promise<SuggestionsView> {
    return this.model.suggestions(caller, auditId);
  }
}
