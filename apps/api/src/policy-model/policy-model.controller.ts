import { Body, Controller, Get, Headers, HttpStatus, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ZodResponse } from 'nestjs-zod';
import type { FastifyReply } from 'fastify';
import type {
  ActionPlanView,
  AuditEventView,
  ClausesView,
  ClauseView,
  ObligationLineView,
  ObligationsView,
  Page,
  PlanStepView,
  PolicyDocumentView,
} from '@aup/contracts';
import { ApiProblems, ORG_SCOPED, P, type ProblemSpec } from '../common/api-problems.decorator';
import { pathParamDoc, PathParam, RECORD_ID } from '../common/path-param';
import { policyId } from '../common/schema';
import { CurrentMembership, Roles } from '../common/auth.decorators';
import type { CurrentMembershipInfo } from '../common/principal';
import { parseIfMatch, withEtag } from '../common/etag';
import { AuditEventPageDto } from '../audits/dto/audit-response.dto';
import {
  ActionPlanViewDto,
  ClausesViewDto,
  ClauseViewDto,
  ObligationLineViewDto,
  ObligationsViewDto,
  PlanStepViewDto,
  PolicyDocumentViewDto,
} from './dto/policy-model-response.dto';
import {
  HistoryQueryDto,
  RequestPolicyDocumentDto,
  PatchActionPlanDto,
  PutClauseDto,
  PutObligationDto,
  PutPlanStepDto,
} from './dto/policy-model.dto';
import { PolicyModelService } from './policy-model.service';
import { namesStoredFile, sendStoredFile } from '../common/file-download';

export const POLICY_PROBLEMS = {
  ifMatch: [400, 'REQUEST.INVALID_IF_MATCH', 'If-Match is not a version ETag'] as ProblemSpec,
  preconditionRequired: [
    428,
    'REQUEST.PRECONDITION_REQUIRED',
    'The record exists and If-Match is missing',
  ] as ProblemSpec,
  versionConflict: [
    409,
    'POLICY.VERSION_CONFLICT',
    'If-Match names an older version of the record (current in `current`)',
  ] as ProblemSpec,
  content: [
    422,
    'CONTENT.NOT_ACCEPTED',
    'Free text holds a URL, e-mail address, hash or encoded data (see `reason`, `pointer`)',
  ] as ProblemSpec,
  notMember: [
    422,
    'POLICY.NOT_MEMBER',
    'An owner, deputy or reporter is not a member of the organisation',
  ] as ProblemSpec,
  route: [
    422,
    'POLICY.ROUTE_NOT_ACCEPTED',
    'A route is not an https reporting page or a telephone number',
  ] as ProblemSpec,
};

/** Problems of every write to one record. */
const ITEM_WRITE = [
  P.validation,
  POLICY_PROBLEMS.ifMatch,
  POLICY_PROBLEMS.preconditionRequired,
  POLICY_PROBLEMS.versionConflict,
  POLICY_PROBLEMS.content,
  POLICY_PROBLEMS.notMember,
] as const;

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The version you read, as its ETag (e.g. "3"); required once the record exists.',
};
const MANAGERS = ['admin', 'compliance_officer'] as const;
const READERS = ['admin', 'compliance_officer', 'auditor'] as const;
const CLAUSE_ID = policyId('clause');
const STEP_ID = policyId('step');
const OBLIGATION_ID = policyId('obligation');

@ApiTags('policy model')
@ApiCookieAuth('session')
@ApiBearerAuth('token')
@ApiParam(pathParamDoc('orgId', RECORD_ID))
@ApiProblems(...ORG_SCOPED)
@Controller('organisations/:orgId/policy-model')
export class PolicyModelController {
  constructor(private readonly model: PolicyModelService) {}

  @Get('clauses')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "The acceptable-use clauses from the latest templates, each with the organisation's state, and the coverage",
  })
  @ZodResponse({ status: HttpStatus.OK, type: ClausesViewDto, description: 'ClausesView' })
  clauses(@CurrentMembership() caller: CurrentMembershipInfo): Promise<ClausesView> {
    return this.model.clauses(caller);
  }

  @Put('clauses/:clauseId')
  @Roles(...MANAGERS)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary:
      'Record a clause as adopted, adapted, missing or not applicable (with reason), with owner and review date',
  })
  @ZodResponse({ status: HttpStatus.OK, type: ClauseViewDto, description: 'ClauseView; ETag is its version' })
  @ApiProblems(...ITEM_WRITE, [
    422,
    'CLAUSE.REASON_REQUIRED',
    'not_applicable without a reason (also CLAUSE.WORDING_REQUIRED, CLAUSE.UNKNOWN_VARIANT)',
  ])
  async putClause(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('clauseId', CLAUSE_ID) clauseId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: PutClauseDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ClauseView> {
    return withEtag(reply, await this.model.putClause(caller, clauseId, parseIfMatch(ifMatch), dto));
  }

  @Get('action-plan')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      "The action plan's steps in the organisation's order, with owners, deputies, contacts and the completeness rules",
  })
  @ZodResponse({
    status: HttpStatus.OK,
    type: ActionPlanViewDto,
    description: 'ActionPlanView; ETag is the plan version',
  })
  async actionPlan(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ActionPlanView> {
    return withEtag(reply, await this.model.actionPlan(caller));
  }

  @Patch('action-plan')
  @Roles(...MANAGERS)
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Record when the plan as a whole was last reviewed' })
  @ZodResponse({ status: HttpStatus.OK, type: ActionPlanViewDto, description: 'ActionPlanView' })
  @ApiProblems(
    P.validation,
    POLICY_PROBLEMS.ifMatch,
    POLICY_PROBLEMS.preconditionRequired,
    POLICY_PROBLEMS.versionConflict,
  )
  async patchActionPlan(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: PatchActionPlanDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ActionPlanView> {
    return withEtag(reply, await this.model.patchActionPlan(caller, parseIfMatch(ifMatch), dto));
  }

  @Put('action-plan/steps/:stepId')
  @Roles(...MANAGERS)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary:
      'Set a step: order, owner and deputy (two different members), external contacts as roles and routes, last exercised',
  })
  @ZodResponse({
    status: HttpStatus.OK,
    type: PlanStepViewDto,
    description: 'PlanStepView; ETag is its version',
  })
  @ApiProblems(...ITEM_WRITE, POLICY_PROBLEMS.route, [
    422,
    'PLAN.OWNER_IS_DEPUTY',
    'The owner and the deputy are the same person',
  ])
  async putStep(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('stepId', STEP_ID) stepId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: PutPlanStepDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PlanStepView> {
    return withEtag(reply, await this.model.putStep(caller, stepId, parseIfMatch(ifMatch), dto));
  }

  @Get('obligations')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'The obligations register: the duties that bind the organisation, who reports, the route, and the countries not fully covered',
  })
  @ZodResponse({ status: HttpStatus.OK, type: ObligationsViewDto, description: 'ObligationsView' })
  obligations(@CurrentMembership() caller: CurrentMembershipInfo): Promise<ObligationsView> {
    return this.model.obligations(caller);
  }

  @Put('obligations/:obligationId')
  @Roles(...MANAGERS)
  @ApiHeader(IF_MATCH)
  @ApiOperation({
    summary: 'Record who reports an obligation, by which route, and when counsel last reviewed it',
  })
  @ZodResponse({
    status: HttpStatus.OK,
    type: ObligationLineViewDto,
    description: 'ObligationLineView; ETag is its version',
  })
  @ApiProblems(...ITEM_WRITE, POLICY_PROBLEMS.route)
  async putObligation(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('obligationId', OBLIGATION_ID) obligationId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: PutObligationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ObligationLineView> {
    return withEtag(reply, await this.model.putObligation(caller, obligationId, parseIfMatch(ifMatch), dto));
  }

  @Post('documents')
  @Roles(...READERS)
  @ApiOperation({
    summary:
      'Request the adopted policy section or the action plan as a DOCX or PDF the organisation can adopt',
    description:
      'The content is taken now (numbered clauses or steps, version and date, sources in an annex) and the worker renders it through the report queue. Answers 202 with the queued document; follow it with GET .../documents/{documentId}.',
  })
  @ZodResponse({
    status: HttpStatus.ACCEPTED,
    type: PolicyDocumentViewDto,
    description: 'Queued; Location names the document',
  })
  @ApiProblems(P.validation)
  async requestDocument(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Body() dto: RequestPolicyDocumentDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PolicyDocumentView> {
    const view = await this.model.requestDocument(caller, dto.document, dto.format);
    void reply
      .status(HttpStatus.ACCEPTED)
      .header('location', `/api/v1/organisations/${caller.organisationId}/policy-model/documents/${view.id}`);
    return view;
  }

  @Get('documents/:documentId')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'One requested document: status (queued, running, done, failed), size and SHA-256',
  })
  @ZodResponse({ status: HttpStatus.OK, type: PolicyDocumentViewDto })
  documentStatus(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('documentId', RECORD_ID) documentId: string,
  ): Promise<PolicyDocumentView> {
    return this.model.documentStatus(caller, documentId);
  }

  @Get('documents/:documentId/download')
  @Roles(...READERS)
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'The ETag of the copy you hold: 304 when it is this file.',
  })
  @ApiOperation({
    summary:
      'Download the rendered document, with Content-Disposition, ETag, Content-Length and Repr-Digest (sha-256)',
    description: 'Each download is in the audit trail.',
  })
  @ApiProduces('application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 304, description: 'Not modified: If-None-Match names this file' })
  @ApiProblems([409, 'REPORT.NOT_READY', 'The document is queued, running or failed'])
  async downloadDocument(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @PathParam('documentId', RECORD_ID) documentId: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { record, bytes } = await this.model.downloadDocument(caller, documentId, (sha) =>
      namesStoredFile(ifNoneMatch, sha),
    );
    sendStoredFile(reply, { ...record, sha256: record.sha256! }, bytes);
  }

  @Get('history')
  @Roles(...READERS)
  @ApiOperation({
    summary: 'The audit-trail events of one clause, step, obligation or of the plan, newest first',
  })
  @ZodResponse({ status: HttpStatus.OK, type: AuditEventPageDto, description: 'Page<AuditEventView>' })
  @ApiProblems(P.validation)
  history(
    @CurrentMembership() caller: CurrentMembershipInfo,
    @Query() query: HistoryQueryDto,
  ): Promise<Page<AuditEventView>> {
    return this.model.history(caller, query);
  }
}
